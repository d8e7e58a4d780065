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

/// The keyring alone, for commands that only recognise pseudonyms (`subject …`): no rules,
/// and no run-only key, which could recognise nothing stored.
#[derive(clap::Args, Debug)]
pub struct KeyArgs {
    /// Keyring for pseudonyms: lines of `<version> <hex secret, 32+ bytes>`, mode 600.
    /// Also read from the SCRUBLINE_KEY_FILE environment variable, or SCRUBLINE_KEY.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
}

pub fn stored_keyring(args: &KeyArgs) -> Result<Option<Keyring>> {
    keyring_from(args.key_file.clone(), false)
}

pub fn keyring(args: &EngineArgs) -> Result<Option<Keyring>> {
    keyring_from(args.key_file.clone(), args.ephemeral_key)
}

fn keyring_from(key_file: Option<PathBuf>, ephemeral: bool) -> Result<Option<Keyring>> {
    let file = key_file.or_else(|| std::env::var_os("SCRUBLINE_KEY_FILE").map(PathBuf::from));
    if let Some(f) = file {
        return Ok(Some(crate::keyring_file::load(&f)?));
    }
    if let Ok(text) = std::env::var("SCRUBLINE_KEY") {
        let text = if text.trim().contains(char::is_whitespace) { text } else { format!("1 {}", text.trim()) };
        return Ok(Some(Keyring::parse(&text, "SCRUBLINE_KEY")?));
    }
    Ok(ephemeral.then(crate::keyring_file::ephemeral))
}

/// Say once per process, and only after a run that replaced something, that kinds meant to be
/// pseudonymized were redacted for want of a key.
pub fn note_missing_key(s: &Scrubber, replaced_anything: bool) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    if replaced_anything && s.redacts_for_lack_of_key() {
        ONCE.call_once(|| {
            eprintln!("note: no pseudonym key configured; kinds set to `pseudonymize` were redacted instead (give --key-file, SCRUBLINE_KEY or --ephemeral-key)");
        });
    }
}

/// Threads or workers as asked, else one per core (at least one).
pub fn threads_or_cores(asked: Option<usize>) -> usize {
    asked.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1)
}

pub fn scrubber(args: &EngineArgs) -> Result<Scrubber> {
    let pack = match &args.rules {
        Some(dir) => crate::rule_pack_dir::load(dir).with_context(|| format!("loading rule pack {}", dir.display()))?,
        None => RulePack::embedded_default(),
    };
    #[allow(unused_mut)]
    let mut s = Scrubber::new(&pack, keyring(args)?)?;
    #[cfg(feature = "test-hooks")]
    if let Some(kind) =
        std::env::var("SCRUBLINE_TEST_SKIP_DETECTOR").ok().and_then(|k| crate::engine::Kind::from_id(&k))
    {
        eprintln!("warning: test hook: the {} detectors are skipped (SCRUBLINE_TEST_SKIP_DETECTOR)", kind.id());
        s.skip_detector_for_tests(kind);
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
