//! `scrubline retention apply [--dry-run]`, and the policy options `serve` shares.

use crate::calendar::{parse_date, today};
use crate::retention::{enforce, Policy, TableReport};
use crate::sinks::clickhouse::ClickHouseArgs;
use anyhow::{Context, Result};
use std::path::PathBuf;

#[derive(clap::Args, Debug, Clone)]
pub struct PolicyArgs {
    /// Retention policy (TOML, `[keep] table = "3y"`). Default: config/retention.toml as
    /// built into the binary.
    #[arg(long = "retention-policy", env = "SCRUBLINE_RETENTION_POLICY", value_name = "FILE")]
    pub policy: Option<PathBuf>,
}

impl PolicyArgs {
    pub fn load(&self) -> Result<Policy> {
        match &self.policy {
            Some(p) => {
                let text = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
                Policy::parse(&text).with_context(|| format!("in {}", p.display()))
            }
            None => Ok(Policy::embedded_default()),
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub policy: PolicyArgs,
    #[command(flatten)]
    pub clickhouse: ClickHouseArgs,
    /// Count what would be removed; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Judge expiry as of this day (`YYYY-MM-DD`, UTC) instead of today.
    #[arg(long, value_name = "DATE", value_parser = |s: &str| parse_date(s).ok_or("expected YYYY-MM-DD"))]
    pub as_of: Option<i64>,
}

pub fn apply(a: &ApplyArgs) -> Result<()> {
    let policy = a.policy.load()?;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let reports = rt
        .block_on(enforce(
            &a.clickhouse.db_client(),
            &a.clickhouse.database,
            a.clickhouse.cluster.as_deref(),
            &policy,
            a.as_of.unwrap_or_else(today),
            a.dry_run,
        ))
        .with_context(|| format!("applying retention in ClickHouse at {}", a.clickhouse.url))?;
    print_reports(&reports, a.dry_run);
    Ok(())
}

pub fn print_reports(reports: &[TableReport], dry_run: bool) {
    let verb = if dry_run { "would remove" } else { "removed" };
    for r in reports {
        match &r.cutoff {
            None => println!("{:<22} keep {:<8} nothing expires", r.table, r.keep),
            Some(c) => println!(
                "{:<22} keep {:<8} before {c}: {verb} {} row(s){}",
                r.table,
                r.keep,
                r.rows_removed,
                if r.partitions_dropped.is_empty() {
                    String::new()
                } else {
                    format!(", dropping partition(s) {}", r.partitions_dropped.join(", "))
                }
            ),
        }
    }
}
