//! The `usage_counters`, `seat_days`, `remote_help_counters` and `remote_help_initiators`
//! tables (see sql/clickhouse/004_telemetry.sql for why the batch identity makes counting
//! exact).

use crate::telemetry::Counters;
use clickhouse::Row;
use serde::{Deserialize, Serialize};

#[derive(Row, Serialize, Deserialize, Debug, Clone)]
pub struct UsageRow {
    pub bucket: u32,
    pub license_id: String,
    pub kind: String,
    pub module: String,
    pub app_version: String,
    pub country: String,
    pub region: String,
    pub detail: String,
    pub kafka_partition: i32,
    pub batch_start: i64,
    pub batch_end: i64,
    pub events: u64,
    pub quantity: u64,
    pub duration_ms: u64,
}

#[derive(Row, Serialize, Deserialize, Debug, Clone)]
pub struct SeatRow {
    /// Days since 1970 (ClickHouse `Date`).
    pub day: u16,
    pub license_id: String,
    pub seat: String,
}

/// Rows for one Kafka partition's share of a batch (records `batch_start..=batch_end`).
pub fn usage_rows(c: &Counters, partition: i32, batch_start: i64, batch_end: i64) -> Vec<UsageRow> {
    c.usage
        .iter()
        .map(|(k, v)| UsageRow {
            bucket: k.bucket,
            license_id: k.license_id.clone(),
            kind: k.kind.to_string(),
            module: k.module.clone(),
            app_version: k.app_version.clone(),
            country: k.country.clone(),
            region: k.region.clone(),
            detail: k.detail.clone(),
            kafka_partition: partition,
            batch_start,
            batch_end,
            events: v.events,
            quantity: v.quantity,
            duration_ms: v.duration_ms,
        })
        .collect()
}

pub fn seat_rows(c: &Counters) -> Vec<SeatRow> {
    c.seat_days
        .iter()
        .map(|(day, lic, seat)| SeatRow { day: *day as u16, license_id: lic.clone(), seat: seat.clone() })
        .collect()
}

#[derive(Row, Serialize, Deserialize, Debug, Clone)]
pub struct RemoteHelpRow {
    pub bucket: u32,
    pub license_id: String,
    pub function: String,
    pub kafka_partition: i32,
    pub batch_start: i64,
    pub batch_end: i64,
    pub sessions: u64,
    pub uses: u64,
    pub duration_ms: u64,
}

#[derive(Row, Serialize, Deserialize, Debug, Clone)]
pub struct InitiatorRow {
    /// Days since 1970 (ClickHouse `Date`).
    pub day: u16,
    pub license_id: String,
    pub initiator: String,
}

/// Remote-help rows for one partition's share of a batch, tagged like [`usage_rows`].
pub fn remote_help_rows(c: &Counters, partition: i32, batch_start: i64, batch_end: i64) -> Vec<RemoteHelpRow> {
    c.remote_help
        .iter()
        .map(|(k, v)| RemoteHelpRow {
            bucket: k.bucket,
            license_id: k.license_id.clone(),
            function: k.function.clone(),
            kafka_partition: partition,
            batch_start,
            batch_end,
            sessions: v.sessions,
            uses: v.uses,
            duration_ms: v.duration_ms,
        })
        .collect()
}

pub fn initiator_rows(c: &Counters) -> Vec<InitiatorRow> {
    c.initiator_days
        .iter()
        .map(|(day, lic, who)| InitiatorRow { day: *day as u16, license_id: lic.clone(), initiator: who.clone() })
        .collect()
}

/// One Kafka partition's share of a batch: the offsets it spans and its counters.
#[derive(Debug, Default)]
pub struct PartitionCounters {
    pub start: i64,
    pub end: i64,
    pub counters: Counters,
}

/// What [`CounterSink::store`] did with a batch.
#[derive(Debug, PartialEq, Eq)]
pub enum CounterWrite {
    /// Durable: the offsets may be committed.
    Stored,
    /// A batch stored before a crash, from the same first offset, reaches further than this
    /// one: consume on until this batch covers it, so it replaces that one whole.
    ExtendBatch,
}

/// The telemetry counters' sink, and the place where counting exactly once is decided: a
/// batch's rows carry its partition and offset range (`kafka_partition`, `batch_start`,
/// `batch_end`), and a re-consumed batch replaces the stored one in the
/// ReplacingMergeTree (see sql/clickhouse/004_telemetry.sql).
pub struct CounterSink {
    client: clickhouse::Client,
}

impl CounterSink {
    pub fn new(client: clickhouse::Client) -> CounterSink {
        CounterSink { client }
    }

    /// Store one batch (per partition), retrying until ClickHouse takes it.
    pub async fn store(&self, parts: &std::collections::BTreeMap<i32, PartitionCounters>) -> CounterWrite {
        use crate::retry::retry;
        use crate::self_metrics as metrics;
        // A batch re-consumed after a crash starts where a stored but uncommitted one did; it
        // must reach at least as far, so that it replaces that one whole.
        for (p, part) in parts {
            let stored_end = retry("reading stored batch ends", async || {
                self.client
                    .query("SELECT max(batch_end) FROM usage_counters WHERE kafka_partition = ? AND batch_start = ?")
                    .bind(*p)
                    .bind(part.start)
                    .fetch_one::<i64>()
                    .await
            })
            .await;
            if stored_end > part.end {
                return CounterWrite::ExtendBatch;
            }
        }
        let usage: Vec<_> =
            parts.iter().flat_map(|(p, part)| usage_rows(&part.counters, *p, part.start, part.end)).collect();
        let seats: Vec<_> = parts.values().flat_map(|part| seat_rows(&part.counters)).collect();
        let help: Vec<_> =
            parts.iter().flat_map(|(p, part)| remote_help_rows(&part.counters, *p, part.start, part.end)).collect();
        let initiators: Vec<_> = parts.values().flat_map(|part| initiator_rows(&part.counters)).collect();
        retry("storing telemetry counters", async || {
            let t = std::time::Instant::now();
            super::insert(&self.client, "usage_counters", &usage).await?;
            metrics::insert_done("usage_counters", usage.len(), t.elapsed().as_secs_f64());
            let t = std::time::Instant::now();
            super::insert(&self.client, "seat_days", &seats).await?;
            metrics::insert_done("seat_days", seats.len(), t.elapsed().as_secs_f64());
            if !help.is_empty() {
                let t = std::time::Instant::now();
                super::insert(&self.client, "remote_help_counters", &help).await?;
                metrics::insert_done("remote_help_counters", help.len(), t.elapsed().as_secs_f64());
                let t = std::time::Instant::now();
                super::insert(&self.client, "remote_help_initiators", &initiators).await?;
                metrics::insert_done("remote_help_initiators", initiators.len(), t.elapsed().as_secs_f64());
            }
            anyhow::Ok(())
        })
        .await;
        CounterWrite::Stored
    }
}
