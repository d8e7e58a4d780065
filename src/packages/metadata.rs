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

/// The metadata patterns, compiled on first use: `scrub` on plain text builds a package
/// sanitizer but never reads mail, and compiling these Unicode patterns was a tenth of its
/// start-up. They are checked (parsed) when the extractor is made, so a bad pattern is still
/// an error at start.
pub struct Extractor {
    patterns: [(&'static str, String); 3],
    compiled: std::sync::OnceLock<Option<[Regex; 3]>>,
}

fn check(name: &'static str, p: &str) -> Result<(), ConfigError> {
    regex_syntax::ast::parse::Parser::new()
        .parse(p)
        .map(|_| ())
        .map_err(|e| ConfigError::Pattern { name, message: e.to_string() })
}

/// How much of each text the metadata patterns search.
pub const SEARCHED: usize = 64 << 10;

/// The first [`SEARCHED`] bytes of `text`; when it is longer, cut after the last byte that
/// cannot be part of an identifier (an id or a number is never read cut short).
fn searched_part(text: &[u8]) -> &[u8] {
    if text.len() <= SEARCHED {
        return text;
    }
    let head = &text[..SEARCHED];
    let cut = head.iter().rposition(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/' | b'#')));
    cut.map_or(&head[..0], |p| &head[..=p])
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
        let patterns = [
            ("license_id", p.license_id.clone()),
            ("ticket", p.ticket.clone()),
            ("app_version", p.app_version.clone()),
        ];
        for (name, pattern) in &patterns {
            check(name, pattern)?;
        }
        Ok(Extractor { patterns, compiled: std::sync::OnceLock::new() })
    }

    /// Compile now: for `check-rules`-like commands, which must report every error at once.
    pub fn compile(&self) -> Result<(), ConfigError> {
        for (name, p) in &self.patterns {
            Regex::new(p).map_err(|e| ConfigError::Pattern { name, message: e.to_string() })?;
        }
        Ok(())
    }

    fn regexes(&self) -> Option<&[Regex; 3]> {
        self.compiled
            .get_or_init(|| {
                let [a, b, c] = &self.patterns;
                match (Regex::new(&a.1), Regex::new(&b.1), Regex::new(&c.1)) {
                    (Ok(a), Ok(b), Ok(c)) => Some([a, b, c]),
                    // Parsed at start but too large to compile: metadata is search help, not
                    // scrubbing; say so and go on without it.
                    (a, b, c) => {
                        let e = [a.err(), b.err(), c.err()].into_iter().flatten().next();
                        tracing::error!(error = ?e, "package metadata patterns do not compile; no metadata is extracted");
                        None
                    }
                }
            })
            .as_ref()
    }

    /// Fill what is still missing in `m` from `sanitized` text; earlier text wins. Only the
    /// text's first [`SEARCHED`] bytes are searched (cut where no identifier can continue, so
    /// no value is cut): licenses and tickets are named at the top of a message or a log, and a
    /// pattern the regex engine can only run slowly must not cost a second per megabyte of
    /// attachment.
    pub fn fill(&self, m: &mut PackageMetadata, sanitized: &[u8]) {
        let Some([license_id, ticket, app_version]) = self.regexes() else { return };
        let sanitized = searched_part(sanitized);
        if m.license_id.is_none() {
            m.license_id = first(license_id, sanitized);
        }
        if m.ticket.is_none() {
            m.ticket = first(ticket, sanitized);
        }
        if m.app_version.is_none() {
            m.app_version = first(app_version, sanitized);
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
        // A cue inside a longer word is none (`\\b` before it, written without Unicode `\\b`).
        assert_eq!(extract("subticket #123 opened").ticket, None);
        assert_eq!(extract("Потребителят пусна заявка № 7712 вчера").ticket.as_deref(), Some("7712"));
        assert_eq!(extract("ticket #4821ą").ticket.as_deref(), Some("4821"), "an ASCII boundary after the digits");
    }

    #[test]
    fn only_the_top_of_a_long_text_is_searched_and_no_value_is_cut() {
        let filler = "Потребител влезе в системата, модулът работи нормално.\n".repeat(2000);
        assert!(filler.len() > SEARCHED);
        let late = format!("{filler}ticket #4821\n");
        assert_eq!(extract(&late).ticket, None, "beyond the searched part");
        let early = format!("ticket #4821\n{filler}");
        assert_eq!(extract(&early).ticket.as_deref(), Some("4821"));
        // A value across the cut is not read cut short, with or without spaces around it.
        let pad = "x".repeat(SEARCHED - 12);
        let across = format!("{pad} ticket #48213\n");
        assert!(across.len() > SEARCHED);
        assert_eq!(extract(&across).ticket, None);
        let pad = "x".repeat(SEARCHED - 9);
        let glued = format!("{pad};LIC-2025-00100;rest");
        assert_eq!(extract(&glued).license_id, None);
        // A short line then one long line: the long line's top is still searched.
        let long = format!("Log:\nticket #4821 {}", "y ".repeat(SEARCHED));
        assert_eq!(extract(&long).ticket.as_deref(), Some("4821"));
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
