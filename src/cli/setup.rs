//! Building a scrubber from command-line options: which rule pack, which keys.

use crate::engine::{Keyring, RulePack, Scrubber};
use crate::packages::PackagesConfig;
use anyhow::{Context, Result};
use std::path::PathBuf;

#[derive(clap::Args, Debug, Clone, Default)]
pub struct EngineArgs {
    /// Rule pack directory (pack.toml, fields.toml, context.toml, dictionaries/). Default: the
    /// pack built into the binary (rules/default).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Keyring for pseudonyms: lines of `<version> <hex secret, 32+ bytes>`, mode 600.
    /// Also read from the SCRUBLINE_KEY_FILE environment variable, or SCRUBLINE_KEY (the
    /// keyring text itself, or a bare hex secret taken as version 1).
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// Pseudonymize with a random key that lives for this run only.
    #[arg(long)]
    pub ephemeral_key: bool,
}

pub fn keyring(args: &EngineArgs) -> Result<Option<Keyring>> {
    let file = args.key_file.clone().or_else(|| std::env::var_os("SCRUBLINE_KEY_FILE").map(PathBuf::from));
    if let Some(f) = file {
        return Ok(Some(Keyring::load(&f)?));
    }
    if let Ok(text) = std::env::var("SCRUBLINE_KEY") {
        let text = if text.trim().contains(char::is_whitespace) { text } else { format!("1 {}", text.trim()) };
        return Ok(Some(Keyring::parse(&text, "SCRUBLINE_KEY")?));
    }
    Ok(args.ephemeral_key.then(Keyring::ephemeral))
}

pub fn scrubber(args: &EngineArgs) -> Result<Scrubber> {
    let pack = match &args.rules {
        Some(dir) => RulePack::load(dir).with_context(|| format!("loading rule pack {}", dir.display()))?,
        None => RulePack::embedded_default(),
    };
    let s = Scrubber::new(&pack, keyring(args)?)?;
    if s.redacts_for_lack_of_key() {
        eprintln!("note: no pseudonym key configured; kinds set to `pseudonymize` are redacted instead (give --key-file, SCRUBLINE_KEY or --ephemeral-key)");
    }
    Ok(s)
}

/// Limits and metadata patterns for diagnostic packages: `packages.toml` of the rule pack.
pub fn packages_config(args: &EngineArgs) -> Result<PackagesConfig> {
    Ok(match &args.rules {
        Some(dir) => PackagesConfig::load(dir)?,
        None => PackagesConfig::embedded_default(),
    })
}
