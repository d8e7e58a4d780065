//! Searchable package metadata (license id, ticket, application version), taken from text
//! that has already been scrubbed, so a pattern can never lift a personal value into it.

use super::limits::{ConfigError, MetadataPatterns};
use regex::bytes::Regex;
use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
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
    let m = c.get(1).or_else(|| c.get(0))?;
    Some(String::from_utf8_lossy(m.as_bytes()).into_owned())
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
