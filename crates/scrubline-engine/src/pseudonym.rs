//! Keyed pseudonyms. A pseudonym is HMAC-SHA256 over the kind and the *normalised* value, so
//! the same person gets the same token in every record and every run under the same key, and
//! the token names the key version so keys can rotate: new data uses the active key, lookups
//! (data-subject requests) try every key in the ring.

use super::kind::Kind;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::io::Write as _;

type HmacSha256 = Hmac<Sha256>;

/// Hex digits of the HMAC kept in a token: 64 bits, enough to make collisions between the
/// people of one vendor's customer base negligible, short enough to keep logs readable.
pub const TOKEN_HEX_LEN: usize = 16;
const MIN_KEY_BYTES: usize = 32;

/// A keyring text that cannot be used. Messages never quote a secret.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// A line that is not `<version> <hex secret of at least 32 bytes>`.
    #[error("key file {path} line {line}: {message}")]
    Bad {
        /// Where the text came from (for the message only).
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// No key at all.
    #[error("key file {path} holds no key")]
    Empty {
        /// Where the text came from (for the message only).
        path: String,
    },
}

#[derive(Clone)]
struct Key {
    version: u32,
    mac: HmacSha256,
}

/// Versioned HMAC keys. The highest version is the active one. Secrets never appear in
/// `Debug` output or errors.
#[derive(Clone)]
pub struct Keyring {
    keys: Vec<Key>,
    /// A key for this process only (`--ephemeral-key`): nothing stored can be matched with it.
    ephemeral: bool,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring").field("versions", &self.versions()).finish()
    }
}

impl Keyring {
    /// Parse a keyring: one key a line, `<version> <hex secret of at least 32 bytes>`;
    /// `#` starts a comment. `path` is only used in messages.
    ///
    /// ```
    /// use scrubline_engine::{Keyring, RulePack, Scrubber};
    /// let ring = Keyring::parse(&format!("1 {}\n", "ab".repeat(32)), "keys")?;
    /// let s = Scrubber::new(&RulePack::embedded_default(), Some(ring))?;
    /// let out = s.scrub(b"mail jan.kowalski@example.com");
    /// assert!(out.text.starts_with(b"mail [EMAIL:k1:"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(text: &str, path: &str) -> Result<Keyring, KeyError> {
        let mut keys = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let bad = |message: &str| KeyError::Bad { path: path.into(), line: i + 1, message: message.into() };
            let (v, secret) =
                line.split_once(char::is_whitespace).ok_or_else(|| bad("expected `<version> <hex secret>`"))?;
            let version: u32 = v.trim_start_matches('k').parse().map_err(|_| bad("version must be a number"))?;
            let bytes = hex::decode(secret.trim()).map_err(|_| bad("secret must be hex"))?;
            if bytes.len() < MIN_KEY_BYTES {
                return Err(bad("secret must be at least 32 bytes (64 hex digits)"));
            }
            if keys.iter().any(|k: &Key| k.version == version) {
                return Err(bad("duplicate version"));
            }
            keys.push(Key { version, mac: HmacSha256::new_from_slice(&bytes).expect("HMAC takes any key length") });
        }
        if keys.is_empty() {
            return Err(KeyError::Empty { path: path.into() });
        }
        keys.sort_by_key(|k| k.version);
        Ok(Keyring { keys, ephemeral: false })
    }

    /// A key that lives for this process only: tokens are consistent within the run and
    /// meaningless after it. The caller draws `secret` from the OS's random source (the engine
    /// does no I/O).
    pub fn ephemeral(secret: [u8; 32]) -> Keyring {
        Keyring {
            keys: vec![Key { version: 0, mac: HmacSha256::new_from_slice(&secret).expect("any length") }],
            ephemeral: true,
        }
    }

    /// Whether this ring is an [`ephemeral`](Keyring::ephemeral) one.
    pub fn is_ephemeral(&self) -> bool {
        self.ephemeral
    }

    /// The key versions in the ring, lowest first.
    pub fn versions(&self) -> Vec<u32> {
        self.keys.iter().map(|k| k.version).collect()
    }

    /// How many keys the ring holds (more than one after a rotation).
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// The version new tokens are made with (the highest).
    pub fn active_version(&self) -> u32 {
        self.keys.last().expect("a keyring is never empty").version
    }

    /// The token for a normalised value under the active key, appended to `out`.
    pub fn token_into(&self, kind: Kind, normalised: &[u8], out: &mut Vec<u8>) {
        let key = self.keys.last().expect("a keyring is never empty");
        write_token(key, kind, normalised, out);
    }

    /// Tokens for a normalised value under every key (for lookups by data subject).
    pub fn all_tokens(&self, kind: Kind, normalised: &[u8]) -> Vec<String> {
        self.keys
            .iter()
            .map(|k| {
                let mut v = Vec::new();
                write_token(k, kind, normalised, &mut v);
                String::from_utf8(v).expect("tokens are ASCII")
            })
            .collect()
    }
}

fn write_token(key: &Key, kind: Kind, normalised: &[u8], out: &mut Vec<u8>) {
    let mut mac = key.mac.clone();
    mac.update(kind.id().as_bytes());
    mac.update(&[0]);
    mac.update(normalised);
    let digest = mac.finalize().into_bytes();
    // Straight into the output: this runs once per pseudonymized value.
    let _ = write!(out, "[{}:k{}:", kind.label(), key.version);
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for b in &digest[..TOKEN_HEX_LEN / 2] {
        out.push(HEX[(b >> 4) as usize]);
        out.push(HEX[(b & 15) as usize]);
    }
    out.push(b']');
}

/// Normal form of a value before hashing, so that spellings of the same identifier get the
/// same pseudonym: e-mails lower-cased and URL-decoded, numeric ids digits only, phone
/// numbers in international form, names lower-cased with single spaces.
pub fn normalise(kind: Kind, value: &[u8], out: &mut Vec<u8>) {
    out.clear();
    match kind {
        Kind::Pesel | Kind::Egn | Kind::Nip | Kind::Regon | Kind::Card => {
            out.extend(value.iter().filter(|b| b.is_ascii_digit()));
        }
        Kind::Phone => {
            out.extend(value.iter().filter(|b| b.is_ascii_digit()));
            if out.starts_with(b"00") {
                out.drain(..2);
            } else if out.len() == 9 && !value.starts_with(b"+") && out[0] != b'0' {
                out.splice(0..0, *b"48");
            } else if (out.len() == 9 || out.len() == 10) && out[0] == b'0' {
                out.splice(0..1, *b"359");
            }
        }
        Kind::Iban | Kind::IdCard => {
            out.extend(value.iter().filter(|b| b.is_ascii_alphanumeric()).map(u8::to_ascii_uppercase));
        }
        Kind::Email => {
            let mut i = 0;
            while i < value.len() {
                if value[i..].starts_with(b"%40") {
                    out.push(b'@');
                    i += 3;
                } else {
                    out.push(value[i].to_ascii_lowercase());
                    i += 1;
                }
            }
            if out.starts_with(b"mailto:") {
                out.drain(..7);
            }
        }
        Kind::Name => {
            // "Kowalski, Jan" and "Jan Kowalski" are one person: words lower-cased, sorted.
            let s = String::from_utf8_lossy(value).to_lowercase();
            let mut words: Vec<&str> =
                s.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
            words.sort_unstable();
            out.extend_from_slice(words.join(" ").as_bytes());
        }
        _ => {
            let s = String::from_utf8_lossy(value);
            let mut first = true;
            for w in s.split_whitespace() {
                if !first {
                    out.push(b' ');
                }
                first = false;
                out.extend_from_slice(w.to_lowercase().as_bytes());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &str = "# test ring\n1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n2 1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100\n";

    #[test]
    fn active_key_is_highest_version_and_tokens_carry_it() {
        let ring = Keyring::parse(KEYS, "test").unwrap();
        assert_eq!(ring.active_version(), 2);
        let mut out = Vec::new();
        ring.token_into(Kind::Email, b"jan@example.com", &mut out);
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("[EMAIL:k2:"), "{s}");
        assert_eq!(s.len(), "[EMAIL:k2:]".len() + TOKEN_HEX_LEN);
        let all = ring.all_tokens(Kind::Email, b"jan@example.com");
        assert_eq!(all.len(), 2);
        assert_eq!(all[1], s);
        assert_ne!(all[0], all[1]);
    }

    #[test]
    fn tokens_depend_on_kind_and_value() {
        let ring = Keyring::parse(KEYS, "test").unwrap();
        let t = |k, v: &[u8]| ring.all_tokens(k, v).pop().unwrap();
        assert_ne!(t(Kind::Pesel, b"44051401359"), t(Kind::Nip, b"44051401359"));
        assert_ne!(t(Kind::Pesel, b"44051401359"), t(Kind::Pesel, b"02070803628"));
        assert_eq!(t(Kind::Pesel, b"44051401359"), t(Kind::Pesel, b"44051401359"));
    }

    #[test]
    fn short_or_malformed_keys_are_refused_without_echoing_them() {
        let e = Keyring::parse("1 abcd\n", "f").unwrap_err().to_string();
        assert!(e.contains("at least 32 bytes") && !e.contains("abcd"), "{e}");
        assert!(Keyring::parse("x zz\n", "f").is_err());
        assert!(matches!(Keyring::parse("# nothing\n", "f"), Err(KeyError::Empty { .. })));
        let debug = format!("{:?}", Keyring::parse(KEYS, "t").unwrap());
        assert!(!debug.contains("000102"), "{debug}");
    }

    #[test]
    fn normal_forms() {
        let n = |k, v: &[u8]| {
            let mut o = Vec::new();
            normalise(k, v, &mut o);
            String::from_utf8(o).unwrap()
        };
        assert_eq!(n(Kind::Email, b"Jan.Kowalski%40Example.COM"), "jan.kowalski@example.com");
        assert_eq!(n(Kind::Email, b"mailto:A@B.pl"), "a@b.pl");
        assert_eq!(n(Kind::Pesel, b"440514 01359"), "44051401359");
        assert_eq!(n(Kind::Phone, b"+48 600-123-456"), "48600123456");
        assert_eq!(n(Kind::Phone, b"0048600123456"), "48600123456");
        assert_eq!(n(Kind::Phone, b"600 123 456"), "48600123456");
        assert_eq!(n(Kind::Phone, b"0888 123 456"), "359888123456");
        assert_eq!(n(Kind::Name, "Jan  KOWALSKI".as_bytes()), "jan kowalski");
        assert_eq!(n(Kind::Name, "Kowalski, Jan".as_bytes()), "jan kowalski");
        assert_eq!(n(Kind::Iban, b"pl61 1090 1014"), "PL6110901014");
    }
}
