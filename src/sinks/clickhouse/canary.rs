//! The `canary_results` table, and the canary's search of every table scrubline writes.

use super::unix_now;
use clickhouse::{Client, Row};
use serde::{Deserialize, Serialize};

/// One row of `canary_results` (`received_date` is filled by its DEFAULT).
#[derive(Row, Serialize, Deserialize, Debug, Clone)]
pub struct CanaryRow {
    pub run_id: String,
    /// `packages` or `telemetry`.
    pub source: String,
    pub received_at: u32,
    /// `stored`, `quarantined` (packages) or `counted` (telemetry).
    pub outcome: String,
    /// A quarantine's reason label; empty otherwise.
    pub detail: String,
    /// What would have been stored: the sanitized message, or the counter rows as JSON.
    pub content: String,
}

impl CanaryRow {
    pub fn new(run_id: &str, source: &str, outcome: &str, detail: &str, content: String) -> CanaryRow {
        CanaryRow {
            run_id: run_id.into(),
            source: source.into(),
            received_at: unix_now(),
            outcome: outcome.into(),
            detail: detail.into(),
            content,
        }
    }
}

/// Store canary results. A failure is logged and counted, never retried: the canary then
/// times out and alerts, and the batch of real traffic it came with is not held up.
pub async fn store(client: &Client, rows: &[CanaryRow]) {
    if let Err(e) = super::insert(client, "canary_results", rows).await {
        crate::self_metrics::insert_failed("canary_results");
        tracing::error!(error = %e, rows = rows.len(), "storing canary results failed");
    }
}

/// A run's results so far.
pub async fn results(client: &Client, run_id: &str) -> clickhouse::error::Result<Vec<CanaryRow>> {
    client.query("SELECT ?fields FROM canary_results WHERE run_id = ?").bind(run_id).fetch_all().await
}

#[derive(Row, Deserialize)]
struct Column {
    table: String,
    name: String,
    r#type: String,
}

/// Every text column of every table in `database`: (table, column, SQL that reads it as text).
pub async fn text_columns(client: &Client, database: &str) -> clickhouse::error::Result<Vec<(String, String, String)>> {
    let cols: Vec<Column> = client
        .query(
            "SELECT ?fields FROM system.columns WHERE database = ? \
             AND (type LIKE '%String%') ORDER BY table, name",
        )
        .bind(database)
        .fetch_all()
        .await?;
    Ok(cols
        .into_iter()
        .filter_map(|c| {
            // Names are spliced into SQL: only plain identifiers (all of scrubline's) are read;
            // another name is skipped and said, never quoted by hand.
            if !plain(&c.table) || !plain(&c.name) {
                tracing::warn!(table = %c.table, column = %c.name, "canary: a column with an unusual name is not searched");
                return None;
            }
            let quoted = format!("`{}`", c.name);
            let read = match c.r#type.as_str() {
                "String" | "FixedString" => quoted,
                t if t.starts_with("FixedString(")
                    || t.starts_with("LowCardinality(")
                    || t.starts_with("Nullable(") =>
                {
                    format!("toString({quoted})")
                }
                t if t.starts_with("Array(") => format!("arrayStringConcat(arrayMap(x -> toString(x), {quoted}), ' ')"),
                _ => return None,
            };
            Some((c.table, c.name, read))
        })
        .collect())
}

fn plain(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Tables and columns of `database` that contain any of `values` (case-insensitively), with
/// how many rows each. Searches every row (one scan per text column; the canary runs every
/// few minutes, not per event). The values are synthetic, but a checksum-valid number may
/// still be someone's: the searches are kept out of ClickHouse's query log.
pub async fn find_values(
    client: &Client,
    database: &str,
    values: &[&str],
) -> clickhouse::error::Result<Vec<(String, String, u64)>> {
    let mut hits = Vec::new();
    for (table, column, read) in text_columns(client, database).await? {
        let conds: Vec<String> = values.iter().map(|_| format!("positionCaseInsensitive({read}, ?) > 0")).collect();
        let sql = format!("SELECT count() FROM `{table}` WHERE {}", conds.join(" OR "));
        let mut q = client.query(&sql).with_setting("log_queries", "0");
        for v in values {
            q = q.bind(*v);
        }
        let n: u64 = q.fetch_one().await?;
        if n > 0 {
            hits.push((table, column, n));
        }
    }
    Ok(hits)
}
