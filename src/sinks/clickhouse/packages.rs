//! The `diagnostic_packages` and `package_quarantine` tables.

use super::unix_now;
use crate::packages::{PartAction, Quarantined, Sanitized};
use clickhouse::Row;
use serde::{Deserialize, Serialize};

/// One row of `diagnostic_packages`; fields in the order and types of the SQL file
/// (`received_date` is filled by its DEFAULT).
#[derive(Row, Serialize, Deserialize, Debug, Clone)]
pub struct PackageRow {
    pub package_id: String,
    pub received_at: u32,
    pub license_id: String,
    pub ticket: String,
    pub app_version: String,
    pub subjects: Vec<String>,
    pub findings_total: u32,
    pub parts_total: u16,
    pub parts_removed: u16,
    pub bytes_before: u64,
    pub bytes_after: u64,
    pub manifest: String,
    #[serde(with = "serde_bytes")]
    pub sanitized_eml: Vec<u8>,
    pub source: String,
    pub ingested_at: u32,
}

#[derive(Row, Serialize, Deserialize, Debug, Clone)]
pub struct QuarantineRow {
    pub package_id: String,
    pub received_at: u32,
    pub reason_label: String,
    pub reason: String,
    pub bytes: u64,
    pub source: String,
}

impl PackageRow {
    pub fn new(p: &Sanitized, source: &str, received_at: u32) -> PackageRow {
        let m = &p.manifest;
        PackageRow {
            package_id: m.package_id.clone(),
            received_at,
            license_id: m.metadata.license_id.clone().unwrap_or_default(),
            ticket: m.metadata.ticket.clone().unwrap_or_default(),
            app_version: m.metadata.app_version.clone().unwrap_or_default(),
            subjects: m.subjects.iter().cloned().collect(),
            findings_total: m.findings.values().sum::<u64>() as u32,
            parts_total: m.parts.len().min(u16::MAX as usize) as u16,
            parts_removed: m.parts.iter().filter(|p| p.action == PartAction::Removed).count().min(u16::MAX as usize)
                as u16,
            bytes_before: m.bytes_before,
            bytes_after: m.bytes_after,
            manifest: serde_json::to_string(m).expect("manifests serialise"),
            sanitized_eml: p.eml.clone(),
            source: source.to_string(),
            ingested_at: unix_now(),
        }
    }
}

impl QuarantineRow {
    pub fn new(q: &Quarantined, source: &str, received_at: u32) -> QuarantineRow {
        QuarantineRow {
            package_id: q.package_id.clone(),
            received_at,
            reason_label: q.reason.label().to_string(),
            reason: q.reason.to_string(),
            bytes: q.bytes,
            source: source.to_string(),
        }
    }
}

/// Sanitized packages and quarantine records into `diagnostic_packages` and
/// `package_quarantine`. A package stored twice (a batch re-delivered after a crash) has the
/// same `package_id` and collapses in the ReplacingMergeTree.
pub struct PackageSink {
    client: clickhouse::Client,
}

impl PackageSink {
    pub fn new(client: clickhouse::Client) -> PackageSink {
        PackageSink { client }
    }

    /// Store a batch, retrying until it is stored: nothing is committed before that, and no
    /// more is consumed meanwhile (backpressure).
    pub async fn store(&self, packages: &[PackageRow], quarantined: &[QuarantineRow]) {
        use crate::self_metrics as metrics;
        crate::retry::retry("storing a package batch", async || {
            let t = std::time::Instant::now();
            super::insert(&self.client, "diagnostic_packages", packages).await?;
            metrics::insert_done("diagnostic_packages", packages.len(), t.elapsed().as_secs_f64());
            let t = std::time::Instant::now();
            super::insert(&self.client, "package_quarantine", quarantined).await?;
            metrics::insert_done("package_quarantine", quarantined.len(), t.elapsed().as_secs_f64());
            anyhow::Ok(())
        })
        .await;
    }
}
