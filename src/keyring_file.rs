//! The keyring on disk and the per-process key: the file reading and the OS randomness the
//! engine leaves to its caller.

use crate::engine::{KeyError, Keyring};
use std::path::Path;

/// Why a key file could not be used. Messages never quote a secret.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("cannot read key file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("key file {path} is readable by other users (mode {mode:o}); run `chmod 600 {path}`")]
    WorldReadable { path: String, mode: u32 },
    #[error(transparent)]
    Bad(#[from] KeyError),
}

/// Read a key file (`<version> <hex secret>` per line), refusing one that other users can
/// read.
pub fn load(path: &Path) -> Result<Keyring, KeyFileError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|source| KeyFileError::Read { path: shown.clone(), source })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o004 != 0 {
            return Err(KeyFileError::WorldReadable { path: shown, mode });
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let text = std::fs::read_to_string(path).map_err(|source| KeyFileError::Read { path: shown.clone(), source })?;
    Ok(Keyring::parse(&text, &shown)?)
}

/// A key for this process only, drawn from the OS's random source.
pub fn ephemeral() -> Keyring {
    use rand::RngCore;
    let mut secret = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    Keyring::ephemeral(secret)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    const KEYS: &str = "1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n2 1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100\n";

    #[test]
    fn world_readable_key_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("keys");
        std::fs::write(&p, KEYS).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(load(&p), Err(KeyFileError::WorldReadable { .. })));
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(load(&p).unwrap().active_version(), 2);
    }

    #[test]
    fn two_ephemeral_keys_differ() {
        let (a, b) = (ephemeral(), ephemeral());
        let (mut ta, mut tb) = (Vec::new(), Vec::new());
        a.token_into(crate::engine::Kind::Email, b"x@example.com", &mut ta);
        b.token_into(crate::engine::Kind::Email, b"x@example.com", &mut tb);
        assert!(a.is_ephemeral());
        assert_ne!(ta, tb);
    }
}
