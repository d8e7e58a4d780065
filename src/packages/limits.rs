//! Package limits and metadata patterns, read from `rules/<pack>/packages.toml`.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub max_message_bytes: u64,
    pub max_parts: usize,
    pub max_depth: usize,
    pub max_archive_entries: usize,
    pub max_expanded_bytes: u64,
    pub max_compression_ratio: u64,
    pub keep_headers: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetadataPatterns {
    pub license_id: String,
    pub ticket: String,
    pub app_version: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackagesConfig {
    pub limits: Limits,
    pub metadata: MetadataPatterns,
}

const EMBEDDED: &str = include_str!("../../rules/default/packages.toml");

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("packages.toml: {0}")]
    Parse(String),
    #[error("packages.toml: metadata pattern `{name}`: {message}")]
    Pattern { name: &'static str, message: String },
}

impl PackagesConfig {
    pub fn embedded_default() -> PackagesConfig {
        Self::parse(EMBEDDED).expect("the embedded packages.toml is validated by the test suite")
    }

    pub fn parse(text: &str) -> Result<PackagesConfig, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse(e.to_string()))
    }

    /// Load `packages.toml` from a rule pack directory, or the embedded default if it has none.
    pub fn load(dir: &std::path::Path) -> Result<PackagesConfig, ConfigError> {
        match std::fs::read_to_string(dir.join("packages.toml")) {
            Ok(t) => Self::parse(&t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::embedded_default()),
            Err(e) => Err(ConfigError::Parse(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_bad_metadata_pattern_is_an_error_at_start() {
        let mut c = super::PackagesConfig::embedded_default();
        c.metadata.ticket = "(unclosed".into();
        let e = super::super::metadata::Extractor::new(&c.metadata).err().expect("refused");
        assert!(e.to_string().contains("`ticket`"), "{e}");
    }

    #[test]
    fn embedded_default_parses_and_its_patterns_compile() {
        let c = super::PackagesConfig::embedded_default();
        assert!(c.limits.max_depth >= 2);
        let x = super::super::metadata::Extractor::new(&c.metadata).unwrap();
        x.compile().unwrap();
    }
}
