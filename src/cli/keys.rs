//! `scrubline keys rotate|list`: the keyring file. Rotation appends a key with the next
//! version; that key becomes the active one for new data, and the older keys stay so that
//! data-subject lookups still find tokens made under them. Secrets are never printed.

use crate::engine::Keyring;
use anyhow::{bail, Context, Result};
use std::io::Write as _;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct KeysArgs {
    /// Keyring file (`<version> <hex secret>` per line, mode 600). `rotate` creates it with
    /// version 1 if it does not exist.
    #[arg(long, env = "SCRUBLINE_KEY_FILE", value_name = "FILE")]
    pub key_file: PathBuf,
}

/// Add a new active key; returns its version.
pub fn rotate(a: &KeysArgs) -> Result<u32> {
    let (text, next) = if a.key_file.exists() {
        // Load (not just read) so a world-readable or malformed ring is refused, not extended.
        let ring = crate::keyring_file::load(&a.key_file)?;
        let text = std::fs::read_to_string(&a.key_file)?;
        (text, ring.active_version() + 1)
    } else {
        (String::from("# scrubline keyring: `<version> <hex secret>`; the highest version is active.\n"), 1)
    };
    let mut secret = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut secret);
    let mut text = text;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!("{next} {}\n", hex::encode(secret)));
    // The new ring must parse before it replaces the old one.
    let ring = Keyring::parse(&text, &a.key_file.display().to_string())?;
    if ring.active_version() != next {
        bail!("internal error: rotated ring's active version is {}, expected {next}", ring.active_version());
    }
    write_private(&a.key_file, text.as_bytes())?;
    eprintln!(
        "added key version {next} to {}; it is now the active key (versions {:?})",
        a.key_file.display(),
        ring.versions()
    );
    Ok(next)
}

pub fn list(a: &KeysArgs) -> Result<()> {
    let ring = crate::keyring_file::load(&a.key_file)?;
    println!("versions {:?}, active {}", ring.versions(), ring.active_version());
    Ok(())
}

/// Write a file readable by its owner only, replacing the old one atomically (a crash leaves
/// the old ring or the new one, never half of one).
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{}.tmp", path.file_name().and_then(|n| n.to_str()).unwrap_or("keys")));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(&tmp).with_context(|| format!("writing {}", tmp.display()))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))?;
    Ok(())
}
