//! Searchable package metadata (license id, ticket, application version), taken from text
//! that has already been scrubbed, so a pattern can never lift a personal value into it.

use super::limits::{ConfigError, MetadataPatterns};
use regex::bytes::Regex;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageMetadata {
    pub license_id: Option<String>,
    pub ticket: Option<String>,
    pub app_version: Option<String>,
}

pub struct Extractor {
    license_id: Regex,
    ticket: Regex,
    app_version: Regex,
}

fn compile(name: &'static str, p: &str) -> Result<Regex, ConfigError> {
    Regex::new(p).map_err(|e| ConfigError::Pattern { name, message: e.to_string() })
}

fn first(re: &Regex, text: &[u8]) -> Option<String> {
    let c = re.captures(text)?;
    // The first group that took part (a pattern may offer alternatives), else the match.
    let m = (1..c.len()).find_map(|i| c.get(i)).or_else(|| c.get(0))?;
    Some(String::from_utf8_lossy(m.as_bytes()).into_owned())
}

/// A kept header whose name says what it holds (`X-AP-License`, `X-Ticket-Number`): its whole
/// sanitized value, when it reads as one identifier, is that field.
pub fn from_header(m: &mut PackageMetadata, name: &str, clean: &str) {
    let v = clean.trim();
    let id_like = (2..=64).contains(&v.len())
        && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./#".contains(&b))
        && !v.contains('[');
    if !id_like {
        return;
    }
    let lower = name.to_ascii_lowercase();
    if lower.contains("licen") && m.license_id.is_none() {
        m.license_id = Some(v.to_string());
    } else if lower.contains("ticket") && m.ticket.is_none() {
        m.ticket = Some(v.trim_start_matches('#').to_string());
    }
}

impl Extractor {
    pub fn new(p: &MetadataPatterns) -> Result<Extractor, ConfigError> {
        Ok(Extractor {
            license_id: compile("license_id", &p.license_id)?,
            ticket: compile("ticket", &p.ticket)?,
            app_version: compile("app_version", &p.app_version)?,
        })
    }

    /// Fill what is still missing in `m` from `sanitized` text; earlier text wins.
    pub fn fill(&self, m: &mut PackageMetadata, sanitized: &[u8]) {
        if m.license_id.is_none() {
            m.license_id = first(&self.license_id, sanitized);
        }
        if m.ticket.is_none() {
            m.ticket = first(&self.ticket, sanitized);
        }
        if m.app_version.is_none() {
            m.app_version = first(&self.app_version, sanitized);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packages::PackagesConfig;

    fn extract(text: &str) -> PackageMetadata {
        let x = Extractor::new(&PackagesConfig::embedded_default().metadata).unwrap();
        let mut m = PackageMetadata::default();
        x.fill(&mut m, text.as_bytes());
        m
    }

    #[test]
    fn license_ids_by_their_form_or_their_cue() {
        for (text, want) in [
            ("klient LIC-2025-00100 zgłasza", "LIC-2025-00100"),
            ("Dzień dobry, licencja AP-LIC-ZNS6-SKLX nie działa", "AP-LIC-ZNS6-SKLX"),
            ("Licencja nr: KX7-22P-9QW", "KX7-22P-9QW"),
            ("Лиценз № BG-4471-AC", "BG-4471-AC"),
            ("License key: 7H2K-QQ4M-PL01", "7H2K-QQ4M-PL01"),
        ] {
            assert_eq!(extract(text).license_id.as_deref(), Some(want), "{text}");
        }
        // A cue with no identifier after it finds nothing.
        assert_eq!(extract("licencja wygasła wczoraj").license_id, None);
    }

    #[test]
    fn tickets_by_their_cues_in_three_languages() {
        for (text, want) in [
            ("Re: ticket #123 again", "123"),
            ("Zgłoszenie nr 48213 – błąd wysyłki", "48213"),
            ("Sprawa: 4821", "4821"),
            ("Case #99120 updated", "99120"),
            ("Заявка № 5521", "5521"),
        ] {
            assert_eq!(extract(text).ticket.as_deref(), Some(want), "{text}");
        }
        assert_eq!(extract("in any case 2024 was a good year").ticket, None);
    }

    #[test]
    fn a_header_named_for_its_value_is_that_value() {
        let mut m = PackageMetadata::default();
        from_header(&mut m, "X-AP-License", " AP-LIC-ZNS6-SKLX ");
        from_header(&mut m, "X-Ticket-Number", "#4821");
        assert_eq!(m.license_id.as_deref(), Some("AP-LIC-ZNS6-SKLX"));
        assert_eq!(m.ticket.as_deref(), Some("4821"));
        let mut m = PackageMetadata::default();
        from_header(&mut m, "X-License-Owner", "[NAME]");
        assert_eq!(m.license_id, None);
    }
}
