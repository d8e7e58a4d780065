//! The manifest that travels with a sanitized package: what each part was and what was done
//! with it. It holds counts, types, sizes and pseudonym tokens only; names of parts are
//! scrubbed like any other text.

use super::metadata::PackageMetadata;
use crate::engine::KindCounts;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartAction {
    Scrubbed,
    Removed,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartEntry {
    /// Where the part was: `body/text`, `attachment/app.log`, `attachment/logs.zip/a/b.csv`,
    /// `forwarded[1]/attachment/x.xml`. Scrubbed.
    pub path: String,
    pub content_type: String,
    pub bytes_before: u64,
    pub bytes_after: u64,
    pub findings: BTreeMap<String, u64>,
    pub action: PartAction,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Read back by the support page; fields added later default when reading older manifests.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Manifest {
    /// First 32 hex digits of SHA-256 over the raw message: stable, and says nothing of content.
    pub package_id: String,
    pub bytes_before: u64,
    pub bytes_after: u64,
    pub metadata: PackageMetadata,
    /// Pseudonym tokens of the data subjects found (only when a key is configured), so a
    /// data-protection request can find the package later.
    pub subjects: BTreeSet<String>,
    /// Headers dropped from the sanitized message, by name, with how many of each.
    pub dropped_headers: BTreeMap<String, u64>,
    pub parts: Vec<PartEntry>,
    pub findings: BTreeMap<String, u64>,
    /// The same findings per reason: `<kind>:<evidence>` for the built-in detectors
    /// (`pesel:checksum_or_parse`), `custom:<rule id>` for the pack's custom rules.
    pub findings_by_reason: BTreeMap<String, u64>,
}

pub fn counts_map(c: &KindCounts) -> BTreeMap<String, u64> {
    c.iter().map(|(k, n)| (k.id().to_string(), n)).collect()
}
