//! Retention, enforced by scrubline rather than by ClickHouse TTL (which 18.16 and the
//! production servers do not share): expired monthly partitions are dropped whole, and in the
//! month that straddles the cut-off the older rows are deleted with a mutation.

pub mod policy;

pub use policy::{Keep, Policy, PolicyError, Step, TABLES};

use crate::calendar::format_date;
use crate::sinks::clickhouse::{valid_database_name, wait_for_mutations, MutationError};
use clickhouse::{Client, Row};
use serde::{Deserialize, Serialize};

/// What retention did (or, in a dry run, would do) to one table.
#[derive(Debug, Clone, Serialize)]
pub struct TableReport {
    pub table: &'static str,
    pub keep: String,
    /// First day kept (`YYYY-MM-DD`); none when the table is kept forever.
    pub cutoff: Option<String>,
    pub partitions_dropped: Vec<String>,
    pub rows_removed: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum RetentionError {
    #[error("database name `{0}` is not a plain identifier")]
    BadDatabase(String),
    #[error("table {table}: {message}")]
    Layout { table: &'static str, message: String },
    #[error("deleting expired rows: {0}")]
    Mutation(#[from] MutationError),
    #[error("ClickHouse: {0}")]
    Client(#[from] clickhouse::error::Error),
    #[error(
        "retention is not applied on a cluster (`{0}`) yet: expired partitions would have to be dropped from every \
         shard's local tables ON CLUSTER; run `scrubline retention apply --dry-run` against one server per shard to see \
         what is due"
    )]
    Cluster(String),
}

#[derive(Row, Deserialize)]
struct PartitionRows {
    partition_id: String,
    rows: u64,
}

/// Apply `policy` as of `today` (days since 1970); with `dry_run` only count.
pub async fn enforce(
    client: &Client,
    db: &str,
    cluster: Option<&str>,
    policy: &Policy,
    today: i64,
    dry_run: bool,
) -> Result<Vec<TableReport>, RetentionError> {
    if let Some(c) = cluster {
        return Err(RetentionError::Cluster(c.to_string()));
    }
    if !valid_database_name(db) {
        return Err(RetentionError::BadDatabase(db.into()));
    }
    let mut reports = Vec::new();
    for t in TABLES {
        let keep = policy.keep(t.name);
        let mut report = TableReport {
            table: t.name,
            keep: keep.to_string(),
            cutoff: None,
            partitions_dropped: vec![],
            rows_removed: 0,
        };
        let Some(cutoff) = keep.cutoff(today) else {
            reports.push(report);
            continue;
        };
        report.cutoff = Some(format_date(cutoff));
        let parts: Vec<PartitionRows> = client
            .query(
                "SELECT partition_id, sum(rows) AS rows FROM system.parts \
                 WHERE database = ? AND table = ? AND active GROUP BY partition_id ORDER BY partition_id",
            )
            .bind(db)
            .bind(t.name)
            .fetch_all()
            .await?;
        let ids: Vec<String> = parts.iter().map(|p| p.partition_id.clone()).collect();
        let steps = policy::plan(&ids, cutoff).map_err(|message| RetentionError::Layout { table: t.name, message })?;
        for step in steps {
            match step {
                Step::DropPartition { partition_id } => {
                    let rows = parts.iter().find(|p| p.partition_id == partition_id).map_or(0, |p| p.rows);
                    if !dry_run {
                        // The id comes from system.parts and was checked to be six digits.
                        client
                            .query(&format!("ALTER TABLE {db}.{} DROP PARTITION ID '{partition_id}'", t.name))
                            .execute()
                            .await?;
                    }
                    report.rows_removed += rows;
                    report.partitions_dropped.push(partition_id);
                }
                Step::DeleteBefore { partition_id, cutoff } => {
                    let cond =
                        format!("toYYYYMM({col}) = {partition_id} AND {col} < toDate('{cutoff}')", col = t.date_column);
                    let rows: u64 =
                        client.query(&format!("SELECT count() FROM {db}.{} WHERE {cond}", t.name)).fetch_one().await?;
                    if rows > 0 && !dry_run {
                        client.query(&format!("ALTER TABLE {db}.{} DELETE WHERE {cond}", t.name)).execute().await?;
                        wait_for_mutations(client, db, t.name).await?;
                    }
                    report.rows_removed += rows;
                }
            }
        }
        if !dry_run {
            crate::self_metrics::retention_removed(t.name, report.rows_removed);
        }
        reports.push(report);
    }
    Ok(reports)
}
