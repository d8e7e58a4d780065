//! `scrubline telemetry consume`: telemetry events from Kafka into ClickHouse counters,
//! counted exactly once across crashes, restarts and rebalances (see
//! sql/clickhouse/004_telemetry.sql). Rejected events go to the dead-letter topic as
//! topic/partition/offset and reason only.

use super::setup::{self, EngineArgs};
use crate::engine::Keyring;
use crate::sinks::clickhouse::insert;
use crate::sinks::clickhouse::telemetry::{seat_rows, usage_rows};
use crate::sinks::clickhouse::ClickHouseArgs;
use crate::sources::kafka::{consume_in_batches, report_lag, retry, KafkaArgs, Stored};
use crate::telemetry::geo::Geo;
use crate::telemetry::{Counters, Processor};
use crate::telemetry_metrics as metrics;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct TelemetryConsumeArgs {
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub clickhouse: ClickHouseArgs,
    #[command(flatten)]
    pub kafka: KafkaArgs,
    #[arg(long, default_value = "telemetry")]
    pub topic: String,
    /// Job configuration whose `[events]` mapping reads the installed base's own record
    /// shape (see `scrubline check-config`); without it, records are canonical events.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Dead-letter topic for rejected events (position and reason only).
    #[arg(long)]
    pub dlq_topic: Option<String>,
    /// Records per batch (ClickHouse prefers large, infrequent inserts).
    #[arg(long, default_value_t = 20_000)]
    pub batch: usize,
    /// Longest wait before a partial batch is stored.
    #[arg(long, default_value_t = 1000)]
    pub linger_ms: u64,
    /// MaxMind-format database for country and region.
    #[arg(long, env = "SCRUBLINE_GEOIP")]
    pub geoip: Option<PathBuf>,
    /// Serve Prometheus metrics on this address (`/metrics`).
    #[arg(long, env = "SCRUBLINE_METRICS_LISTEN")]
    pub metrics_listen: Option<std::net::SocketAddr>,
}

/// One partition's share of a batch.
struct Part {
    start: i64,
    end: i64,
    counters: Counters,
}

struct Batch<'a> {
    proc: Processor<'a>,
    parts: BTreeMap<i32, Part>,
    dead: Vec<(Option<String>, String)>,
}

pub fn consume(a: &TelemetryConsumeArgs) -> Result<()> {
    let scrubber = setup::scrubber(&a.engine)?;
    // Seat pseudonyms must be the same in every worker and after every restart.
    let seat_key: Keyring = setup::keyring(&a.engine)?.context(
        "a key is required so seat pseudonyms are stable across workers and restarts (--key-file or SCRUBLINE_KEY)",
    )?;
    let geo = match &a.geoip {
        Some(p) => Geo::open(p).with_context(|| format!("opening GeoIP database {}", p.display()))?,
        None => Geo::none(),
    };
    let mapping = match &a.config {
        Some(p) => super::run::load_job(p)?.events.map(std::sync::Arc::new),
        None => None,
    };
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async {
        let setup::WorkerIo { kafka, client, objections } = setup::worker_io(
            a.metrics_listen,
            &a.kafka,
            ("scrubline-telemetry", &a.topic, a.dlq_topic.as_deref()),
            &a.clickhouse,
        )
        .await?;
        consume_in_batches(
            "telemetry",
            &kafka.consumer,
            a.batch,
            Duration::from_millis(a.linger_ms),
            || Batch {
                proc: Processor::new(&scrubber, &geo, &seat_key)
                    .with_suppression(objections.current())
                    .with_mapping(mapping.clone()),
                parts: BTreeMap::new(),
                dead: Vec::new(),
            },
            |b, r| {
                let part = b.parts.entry(r.partition).or_insert(Part { start: r.offset, end: r.offset, counters: Counters::default() });
                part.start = part.start.min(r.offset);
                part.end = part.end.max(r.offset);
                if let Err(rej) = b.proc.add(r.payload, &mut part.counters) {
                    let record = serde_json::json!({"topic": r.topic, "partition": r.partition, "offset": r.offset, "reason": rej.label(), "detail": rej.to_string()});
                    b.dead.push((None, record.to_string()));
                }
            },
            async |b| {
                // A batch re-consumed after a crash starts where a stored but uncommitted one
                // did; it must reach at least as far, so that it replaces that one whole.
                for (p, part) in &b.parts {
                    let stored_end = retry("reading stored batch ends", async || {
                        client
                            .query("SELECT max(batch_end) FROM usage_counters WHERE kafka_partition = ? AND batch_start = ?")
                            .bind(*p)
                            .bind(part.start)
                            .fetch_one::<i64>()
                            .await
                    })
                    .await;
                    if stored_end > part.end {
                        return Stored::KeepGoing;
                    }
                }
                let usage: Vec<_> = b.parts.iter().flat_map(|(p, part)| usage_rows(&part.counters, *p, part.start, part.end)).collect();
                let seats: Vec<_> = b.parts.values().flat_map(|part| seat_rows(&part.counters)).collect();
                retry("storing telemetry counters", async || {
                    let t = std::time::Instant::now();
                    insert(&client, "usage_counters", &usage).await?;
                    metrics::insert_done("usage_counters", usage.len(), t.elapsed().as_secs_f64());
                    let t = std::time::Instant::now();
                    insert(&client, "seat_days", &seats).await?;
                    metrics::insert_done("seat_days", seats.len(), t.elapsed().as_secs_f64());
                    anyhow::Ok(())
                })
                .await;
                kafka.dead_letters(&b.dead).await;
                for (p, part) in &b.parts {
                    report_lag(&kafka.consumer, &a.topic, *p, part.end + 1);
                }
                objections.reload_if_due().await;
                Stored::Done
            },
        )
        .await?;
        eprintln!("stopped");
        Ok(())
    })
}
