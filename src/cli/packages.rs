//! `scrubline packages ingest`: sanitize the mail under the given paths (.eml, mbox, maildir)
//! and store the packages in ClickHouse; quarantined ones go to `package_quarantine` with
//! their reason and no content.

use super::setup::{self, EngineArgs};
use crate::engine::Scratch;
use crate::packages::{package_id, PackageSanitizer, QuarantineReason, Quarantined};
use crate::reading::safe_file_name;
use crate::sinks::clickhouse::packages::{PackageRow, QuarantineRow};
use crate::sinks::clickhouse::subjects::load_suppression;
use crate::sinks::clickhouse::ClickHouseArgs;
use crate::sinks::clickhouse::{insert, unix_now};
use crate::sources::mail::{for_each_message, MailItem};
use crate::subjects::suppression::{ring_for, Objected};
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub clickhouse: ClickHouseArgs,
    /// Rows per INSERT.
    #[arg(long, default_value_t = 200)]
    pub batch: usize,
    /// Files, mbox files and maildir folders to ingest.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

pub fn ingest(a: &IngestArgs) -> Result<ExitCode> {
    let scrubber = setup::scrubber(&a.engine)?;
    let intake = PackageSanitizer::new(&scrubber, setup::packages_config(&a.engine)?)?;
    let client = a.clickhouse.db_client();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let list = rt.block_on(load_suppression(&client)).context("loading the suppression list")?;
    let ring = ring_for(&list, setup::keyring(&a.engine)?).map_err(anyhow::Error::msg)?;
    let objected = Objected { list: &list, ring: ring.as_ref() };
    let mut suppressed = 0usize;
    let mut scratch = Scratch::default();
    let (mut stored, mut quarantined) = (0usize, 0usize);
    let mut with_license = 0usize;
    let mut packages: Vec<PackageRow> = Vec::new();
    let mut held: Vec<QuarantineRow> = Vec::new();
    let mut failure: Option<anyhow::Error> = None;
    let flush = |packages: &mut Vec<PackageRow>, held: &mut Vec<QuarantineRow>| -> Result<()> {
        rt.block_on(insert(&client, "diagnostic_packages", packages)).context("storing packages in ClickHouse")?;
        rt.block_on(insert(&client, "package_quarantine", held)).context("storing quarantine records in ClickHouse")?;
        packages.clear();
        held.clear();
        Ok(())
    };
    let walk = for_each_message(&a.paths, intake.limits().max_message_bytes, |walk, item| {
        if failure.is_some() {
            return;
        }
        let (input, index) = match &item {
            MailItem::Message { input, index, .. } | MailItem::TooLarge { input, index, .. } => (*input, *index),
        };
        let name = walk.inputs[input].relative.to_string_lossy().into_owned();
        let source = format!("file:{}#{index}", safe_file_name(&scrubber, &name, &mut scratch));
        let now = unix_now();
        match item {
            MailItem::Message { raw, .. } => match intake.sanitize(&raw) {
                Ok(p) if objected.package(&p, &raw) => {
                    crate::self_metrics::package_suppressed();
                    suppressed += 1;
                }
                Ok(p) => {
                    crate::self_metrics::package_stored(p.manifest.bytes_before, &p.manifest.findings);
                    with_license += usize::from(p.manifest.metadata.license_id.is_some());
                    packages.push(PackageRow::new(&p, &source, now));
                    stored += 1;
                }
                Err(q) => {
                    crate::self_metrics::package_quarantined(q.bytes, q.reason.label());
                    held.push(QuarantineRow::new(&q, &source, now));
                    quarantined += 1;
                }
            },
            MailItem::TooLarge { bytes, .. } => {
                let limit = intake.limits().max_message_bytes;
                let q = Quarantined {
                    package_id: package_id(source.as_bytes()),
                    bytes,
                    reason: QuarantineReason::TooLarge { bytes, limit },
                };
                held.push(QuarantineRow::new(&q, &source, now));
                quarantined += 1;
            }
        }
        if packages.len() + held.len() >= a.batch {
            if let Err(e) = flush(&mut packages, &mut held) {
                failure = Some(e);
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    flush(&mut packages, &mut held)?;
    eprintln!(
        "stored {stored} package(s), quarantined {quarantined}, dropped {suppressed} from people who objected; {} file(s) were not mail; {with_license} package(s) with a license id",
        walk.skipped
    );
    setup::note_missing_key(&scrubber, stored > 0);
    if stored > 0 && with_license == 0 {
        eprintln!(
            "warning: no package yielded a license id, so support cannot find these by license; set [metadata] license_id in packages.toml to your licenses' form (README: Diagnostic packages)"
        );
    }
    for e in &walk.errors {
        eprintln!("error: cannot read {e}");
    }
    Ok(if walk.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}
