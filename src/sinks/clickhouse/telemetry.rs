//! The `usage_counters`, `seat_days`, `remote_help_counters` and `remote_help_initiators`
//! tables (see sql/clickhouse/004_telemetry.sql for why the batch identity makes counting
//! exact).

use crate::telemetry::{Counters, EventKey};
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

/// Insert `rows` into `table` and record how long it took and how many rows went in.
async fn timed_insert<T>(client: &clickhouse::Client, table: &'static str, rows: &[T]) -> clickhouse::error::Result<()>
where
    for<'a> T: Row<Value<'a> = T> + Serialize,
{
    if rows.is_empty() {
        return Ok(());
    }
    let t = std::time::Instant::now();
    super::insert(client, table, rows).await?;
    crate::self_metrics::insert_done(table, rows.len(), t.elapsed().as_secs_f64());
    Ok(())
}

/// One Kafka partition's share of a batch: the offsets it spans, its counters and the keys
/// of the events it counted.
#[derive(Debug, Default)]
pub struct PartitionCounters {
    pub start: i64,
    pub end: i64,
    pub counters: Counters,
    pub counted: Vec<EventKey>,
}

/// One row of `seen_events` (sql/clickhouse/007_seen_events.sql).
#[derive(Row, Serialize, Deserialize, Debug, Clone)]
pub struct SeenRow {
    /// Days since 1970 (ClickHouse `Date`).
    pub seen_day: u16,
    pub event_key: String,
    pub kafka_partition: i32,
    pub batch_start: i64,
}

/// Days a counted event's key is looked up: today's and yesterday's (24 to 48 hours).
pub const SEEN_WINDOW_DAYS: u32 = 2;
/// Keys per lookup query: 4,000 quoted keys (140 KB) stay below ClickHouse's 256 KiB query limit.
const KEYS_PER_QUERY: usize = 4_000;

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
    /// The cluster the tables are distributed over, if any, and the database (old days are
    /// dropped from every shard's local table, named in full as `ON CLUSTER` needs).
    cluster: Option<(String, String)>,
    /// When old `seen_events` partitions were last dropped.
    last_cleanup: std::sync::Mutex<Option<std::time::Instant>>,
}

impl CounterSink {
    pub fn new(client: clickhouse::Client, cluster: Option<(String, String)>) -> CounterSink {
        CounterSink { client, cluster, last_cleanup: std::sync::Mutex::new(None) }
    }

    pub fn client(&self) -> &clickhouse::Client {
        &self.client
    }

    /// Which of `keys` an earlier batch counted within the window. Rows written by this same
    /// batch (`identity`: partition → batch start) before a crash do not count: that batch is
    /// being replaced whole.
    pub async fn counted_earlier(
        &self,
        keys: &[EventKey],
        identity: &std::collections::BTreeMap<i32, i64>,
    ) -> std::collections::HashSet<EventKey> {
        use crate::retry::retry;
        let since = (super::unix_now() / 86_400).saturating_sub(SEEN_WINDOW_DAYS - 1);
        let mut earlier = std::collections::HashSet::new();
        for chunk in keys.chunks(KEYS_PER_QUERY) {
            // Hex digits only: safe to inline, and `IN (…)` uses the table's key, where a
            // bound array would be scanned per row.
            let list: Vec<String> = chunk.iter().map(|k| format!("'{}'", k.hex())).collect();
            let sql = format!(
                "SELECT event_key, kafka_partition, batch_start FROM seen_events \
                 WHERE seen_day >= toDate({since} * 86400) AND event_key IN ({})",
                list.join(",")
            );
            let rows = retry("looking up counted events", async || {
                self.client.query(&sql).fetch_all::<(String, i32, i64)>().await
            })
            .await;
            for (key, partition, start) in rows {
                if identity.get(&partition) == Some(&start) {
                    continue;
                }
                if let Some(k) = EventKey::from_hex(&key) {
                    earlier.insert(k);
                }
            }
        }
        earlier
    }

    /// Drop `seen_events` days older than the window, at most once an hour (ClickHouse 18.16
    /// has no TTL). A failure only delays it.
    async fn forget_old_events(&self) {
        {
            let mut last = self.last_cleanup.lock().unwrap_or_else(|p| p.into_inner());
            if last.is_some_and(|t| t.elapsed() < std::time::Duration::from_secs(3600)) {
                return;
            }
            *last = Some(std::time::Instant::now());
        }
        let oldest_kept = (super::unix_now() / 86_400).saturating_sub(SEEN_WINDOW_DAYS);
        let oldest_kept = crate::calendar::format_date(i64::from(oldest_kept)).replace('-', "");
        // The days present, read through the table itself, so on a cluster every shard
        // answers; dropped from each shard's local table there.
        let alter = match &self.cluster {
            Some((c, db)) => format!("{db}.seen_events_local ON CLUSTER {c}"),
            None => "seen_events".to_string(),
        };
        let days = self.client.query("SELECT DISTINCT toYYYYMMDD(seen_day) FROM seen_events").fetch_all::<u32>().await;
        for day in days.unwrap_or_default().into_iter().map(|d| d.to_string()) {
            if day < oldest_kept {
                if let Err(e) = self.client.query(&format!("ALTER TABLE {alter} DROP PARTITION {day}")).execute().await
                {
                    tracing::warn!(error = %e, partition = %day, "dropping an old seen_events day failed");
                }
            }
        }
    }

    /// Store one batch (per partition), retrying until ClickHouse takes it.
    pub async fn store(&self, parts: &std::collections::BTreeMap<i32, PartitionCounters>) -> CounterWrite {
        use crate::retry::retry;
        // A batch re-consumed after a crash starts where a stored but uncommitted one did; it
        // must reach at least as far, so that it replaces that one whole. One query for all
        // partitions: a round trip each cost more than the insert with many partitions.
        let identities: Vec<String> = parts.iter().map(|(p, part)| format!("({p}, {})", part.start)).collect();
        let sql = format!(
            "SELECT kafka_partition, max(batch_end) FROM usage_counters \
             WHERE (kafka_partition, batch_start) IN ({}) GROUP BY kafka_partition",
            identities.join(", ")
        );
        let stored_ends =
            retry("reading stored batch ends", async || self.client.query(&sql).fetch_all::<(i32, i64)>().await).await;
        if stored_ends.iter().any(|(p, stored_end)| parts.get(p).is_some_and(|part| *stored_end > part.end)) {
            return CounterWrite::ExtendBatch;
        }
        let usage: Vec<_> =
            parts.iter().flat_map(|(p, part)| usage_rows(&part.counters, *p, part.start, part.end)).collect();
        let seats: Vec<_> = parts.values().flat_map(|part| seat_rows(&part.counters)).collect();
        let help: Vec<_> =
            parts.iter().flat_map(|(p, part)| remote_help_rows(&part.counters, *p, part.start, part.end)).collect();
        let initiators: Vec<_> = parts.values().flat_map(|part| initiator_rows(&part.counters)).collect();
        let seen_day = (super::unix_now() / 86_400) as u16;
        let seen: Vec<SeenRow> = parts
            .iter()
            .flat_map(|(p, part)| {
                part.counted.iter().map(move |k| SeenRow {
                    seen_day,
                    event_key: k.hex(),
                    kafka_partition: *p,
                    batch_start: part.start,
                })
            })
            .collect();
        retry("storing telemetry counters", async || {
            // The counters first, the keys last. A crash between them leaves counters whose
            // batch end the next worker reads (above), so its replay covers at least the same
            // records and writes their keys again. Keys written first could outlive a crash
            // without counters; a shorter replay would then leave their events to a later
            // batch, which would take them for retries and never count them.
            timed_insert(&self.client, "usage_counters", &usage).await?;
            timed_insert(&self.client, "seat_days", &seats).await?;
            timed_insert(&self.client, "remote_help_counters", &help).await?;
            timed_insert(&self.client, "remote_help_initiators", &initiators).await?;
            #[cfg(feature = "test-hooks")]
            if std::env::var_os("SCRUBLINE_TEST_DIE_BEFORE_SEEN_KEYS").is_some() {
                eprintln!("test hook: dying between the counters and the keys");
                std::process::abort();
            }
            timed_insert(&self.client, "seen_events", &seen).await?;
            anyhow::Ok(())
        })
        .await;
        self.forget_old_events().await;
        CounterWrite::Stored
    }
}
