//! Bearer tokens and roles for the support service. The token file holds only SHA-256
//! hashes of tokens; a token is shown once, when `scrubline tokens new` makes it.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Support staff: find and download sanitized packages.
    Support,
    /// License administrators: seat usage; no packages.
    LicenseAdmin,
    /// The data-protection officer: packages, and (later) subject requests and the audit trail.
    Dpo,
}

impl Role {
    pub fn id(self) -> &'static str {
        match self {
            Role::Support => "support",
            Role::LicenseAdmin => "license_admin",
            Role::Dpo => "dpo",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TokenEntry {
    pub name: String,
    pub role: Role,
    pub sha256: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TokenFile {
    #[serde(default, rename = "token")]
    pub tokens: Vec<TokenEntry>,
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("cannot read token file {path}: {message}")]
    Read { path: String, message: String },
    #[error("token file {path}: {message}")]
    Parse { path: String, message: String },
}

pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[derive(Clone, Debug)]
pub struct Principal {
    pub name: String,
    pub role: Role,
}

impl TokenFile {
    pub fn load(path: &Path) -> Result<TokenFile, TokenError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| TokenError::Read { path: shown.clone(), message: e.to_string() })?;
        let f: TokenFile =
            toml::from_str(&text).map_err(|e| TokenError::Parse { path: shown.clone(), message: e.to_string() })?;
        for t in &f.tokens {
            if t.sha256.len() != 64 || !t.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(TokenError::Parse {
                    path: shown,
                    message: format!("token `{}`: sha256 must be 64 hex digits", t.name),
                });
            }
        }
        Ok(f)
    }

    /// The principal a presented token belongs to. Compares hashes, so the comparison time
    /// does not depend on how much of a secret matched.
    pub fn authenticate(&self, token: &str) -> Option<Principal> {
        let h = hash(token);
        self.tokens
            .iter()
            .find(|t| t.sha256.eq_ignore_ascii_case(&h))
            .map(|t| Principal { name: t.name.clone(), role: t.role })
    }

    /// A new random token for `name`; returns the token (to show once) and records its hash.
    pub fn issue(&mut self, name: &str, role: Role) -> String {
        use rand::RngCore;
        let mut bytes = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let token = format!("slt_{}", hex::encode(bytes));
        self.tokens.retain(|t| t.name != name);
        self.tokens.push(TokenEntry { name: name.into(), role, sha256: hash(&token) });
        token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_authenticate_and_are_stored_hashed() {
        let mut f = TokenFile::default();
        let t = f.issue("alice", Role::Support);
        let text = toml::to_string(&f).unwrap();
        assert!(!text.contains(&t), "the token itself is not stored");
        let back: TokenFile = toml::from_str(&text).unwrap();
        let p = back.authenticate(&t).unwrap();
        assert_eq!((p.name.as_str(), p.role), ("alice", Role::Support));
        assert!(back.authenticate("slt_wrong").is_none());
    }
}
