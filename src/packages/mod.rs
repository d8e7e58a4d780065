//! Diagnostic packages: RFC 5322 messages users send to support. A package is parsed with
//! mail-parser, every header, body and attachment is scrubbed (or removed when it cannot be),
//! and a new, valid MIME message is assembled with a manifest of what was done.
//!
//! Fail closed: a message over a limit (size, parts, nesting, archive expansion) is
//! quarantined whole with a reason; a part that cannot be scrubbed is removed and listed.

pub mod archive;
pub mod limits;
pub mod manifest;
pub mod mbox;
pub mod metadata;
pub mod mime_out;
mod walk;

pub use limits::{Limits, PackagesConfig};
pub use manifest::{Manifest, PartAction, PartEntry};
pub use metadata::PackageMetadata;

use crate::engine::Scrubber;
use crate::verify::{Verifier, VerifyFailure};
use sha2::{Digest, Sha256};

/// Why a package was quarantined. Messages name limits and parser complaints, never content.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QuarantineReason {
    #[error("message of {bytes} bytes exceeds the limit of {limit}")]
    TooLarge { bytes: u64, limit: u64 },
    #[error("not an RFC 5322 message (no header block)")]
    NotAMessage,
    #[error("{parts} MIME parts exceed the limit of {limit}")]
    TooManyParts { parts: usize, limit: usize },
    #[error("nesting deeper than {limit} (forwarded messages and archives)")]
    TooDeep { limit: usize },
    #[error("archive with {entries} entries exceeds the limit of {limit}")]
    TooManyEntries { entries: usize, limit: usize },
    #[error("archives expand beyond {limit} bytes")]
    ExpandsTooMuch { limit: u64 },
    #[error("archive entry compressed {ratio}:1, above the limit of {limit}:1 (zip bomb)")]
    CompressionRatio { ratio: u64, limit: u64 },
    #[error("the sanitized message could not be assembled: {0}")]
    Assemble(String),
    /// An archive given on its own that cannot be opened.
    #[error("{0}")]
    Unreadable(String),
    /// The output verifier read the sanitized message back and refused it.
    #[error("output verification failed: {0}")]
    VerifyFailed(VerifyFailure),
}

impl QuarantineReason {
    /// A short stable label for metrics and the quarantine table.
    pub fn label(&self) -> &'static str {
        match self {
            QuarantineReason::TooLarge { .. } => "too_large",
            QuarantineReason::NotAMessage => "not_a_message",
            QuarantineReason::TooManyParts { .. } => "too_many_parts",
            QuarantineReason::TooDeep { .. } => "too_deep",
            QuarantineReason::TooManyEntries { .. } => "too_many_entries",
            QuarantineReason::ExpandsTooMuch { .. } => "expands_too_much",
            QuarantineReason::CompressionRatio { .. } => "compression_ratio",
            QuarantineReason::Assemble(_) => "assemble",
            QuarantineReason::Unreadable(_) => "unreadable",
            QuarantineReason::VerifyFailed(_) => "verify_failed",
        }
    }
}

#[derive(Debug)]
pub struct Sanitized {
    pub eml: Vec<u8>,
    pub manifest: Manifest,
}

#[derive(Debug)]
pub struct Quarantined {
    pub package_id: String,
    pub bytes: u64,
    pub reason: QuarantineReason,
}

/// Turns raw messages into sanitized packages. Built once, shared across threads.
pub struct PackageSanitizer<'s> {
    scrubber: &'s Scrubber,
    config: PackagesConfig,
    extractor: metadata::Extractor,
    verifier: Verifier,
}

pub fn package_id(raw: &[u8]) -> String {
    let d = Sha256::digest(raw);
    hex::encode(&d[..16])
}

impl<'s> PackageSanitizer<'s> {
    pub fn new(scrubber: &'s Scrubber, config: PackagesConfig) -> Result<Self, limits::ConfigError> {
        let extractor = metadata::Extractor::new(&config.metadata)?;
        Ok(PackageSanitizer { scrubber, config, extractor, verifier: Verifier::new(scrubber) })
    }

    /// Compile the metadata patterns now (they are otherwise compiled with the first mail).
    pub fn compile_patterns(&self) -> Result<(), limits::ConfigError> {
        self.extractor.compile()
    }

    pub fn limits(&self) -> &Limits {
        &self.config.limits
    }

    /// Sanitize one raw message.
    pub fn sanitize(&self, raw: &[u8]) -> Result<Sanitized, Quarantined> {
        let id = package_id(raw);
        let quarantine = |reason| Quarantined { package_id: id.clone(), bytes: raw.len() as u64, reason };
        let limits = &self.config.limits;
        if raw.len() as u64 > limits.max_message_bytes {
            return Err(quarantine(QuarantineReason::TooLarge {
                bytes: raw.len() as u64,
                limit: limits.max_message_bytes,
            }));
        }
        let mut walk = walk::Walk::new(self.scrubber, limits, &self.extractor);
        let entity = walk.raw_message(raw, 0, "").map_err(quarantine)?;
        let eml = mime_out::Writer::new(mime_out::line_ending(raw), &id).message(&entity);
        // The last gate: the output is read back on its own terms before anything leaves.
        if let Err(failure) = self.verifier.message(&eml) {
            crate::self_metrics::verify_failed(failure.label());
            return Err(quarantine(QuarantineReason::VerifyFailed(failure)));
        }
        let mut manifest = walk.finish();
        manifest.package_id = id;
        manifest.bytes_before = raw.len() as u64;
        manifest.bytes_after = eml.len() as u64;
        Ok(Sanitized { eml, manifest })
    }

    /// The sanitized message without the last gate: for investigating what the verifier
    /// refused (test builds only; never a way to let output through).
    #[cfg(feature = "test-hooks")]
    pub fn sanitize_unverified_for_tests(&self, raw: &[u8]) -> Result<Vec<u8>, Quarantined> {
        let id = package_id(raw);
        let mut walk = walk::Walk::new(self.scrubber, &self.config.limits, &self.extractor);
        let entity = walk.raw_message(raw, 0, "").map_err(|reason| Quarantined {
            package_id: id.clone(),
            bytes: raw.len() as u64,
            reason,
        })?;
        Ok(mime_out::Writer::new(mime_out::line_ending(raw), &id).message(&entity))
    }

    /// Sanitize a zip archive given on its own (`scrubline scrub logs.zip`): every member read
    /// and scrubbed as in a package, a new archive written, verified, with its manifest.
    pub fn sanitize_archive(&self, bytes: &[u8]) -> Result<(Vec<u8>, Manifest), Quarantined> {
        let id = package_id(bytes);
        let quarantine = |reason| Quarantined { package_id: id.clone(), bytes: bytes.len() as u64, reason };
        let mut walk = walk::Walk::new(self.scrubber, &self.config.limits, &self.extractor);
        let out = match archive::sanitize_zip(&mut walk, bytes, 1, "archive").map_err(quarantine)? {
            walk::Outcome::Keep { bytes, .. } => bytes,
            walk::Outcome::Remove(why) => return Err(quarantine(QuarantineReason::Unreadable(why))),
        };
        if let Err(failure) = self.verifier.archive(&out, "archive") {
            crate::self_metrics::verify_failed(failure.label());
            return Err(quarantine(QuarantineReason::VerifyFailed(failure)));
        }
        let mut manifest = walk.finish();
        manifest.package_id = id;
        manifest.bytes_before = bytes.len() as u64;
        manifest.bytes_after = out.len() as u64;
        Ok((out, manifest))
    }
}
