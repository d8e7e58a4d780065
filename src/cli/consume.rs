//! `scrubline packages consume`: diagnostic packages from a Kafka topic (one raw message per
//! record) into ClickHouse. Per batch: sanitize, store packages and quarantine records,
//! send quarantine records (metadata and reason only) to the dead-letter topic, and only then
//! commit the offsets. A crash anywhere re-delivers at most the last batch; its packages have
//! the same `package_id` (hash of the raw message) and collapse in the ReplacingMergeTree.

use super::setup::{self, EngineArgs};
use crate::packages::PackageSanitizer;
use crate::sinks::clickhouse::packages::{PackageRow, QuarantineRow};
use crate::sinks::clickhouse::ClickHouseArgs;
use crate::sinks::clickhouse::{insert, unix_now};
use crate::sources::kafka::{consume_in_batches, retry, KafkaArgs, Stored};
use crate::subjects::suppression::{ring_for, Objected};
use crate::telemetry_metrics as metrics;
use anyhow::Result;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct ConsumeArgs {
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub clickhouse: ClickHouseArgs,
    #[command(flatten)]
    pub kafka: KafkaArgs,
    /// Topic of raw messages.
    #[arg(long, default_value = "diagnostic-packages")]
    pub topic: String,
    /// Dead-letter topic for quarantine records (metadata and reason, never content).
    #[arg(long)]
    pub dlq_topic: Option<String>,
    /// Records per batch.
    #[arg(long, default_value_t = 100)]
    pub batch: usize,
    /// Longest wait before a partial batch is stored.
    #[arg(long, default_value_t = 500)]
    pub linger_ms: u64,
    /// Serve Prometheus metrics on this address (`/metrics`).
    #[arg(long, env = "SCRUBLINE_METRICS_LISTEN")]
    pub metrics_listen: Option<std::net::SocketAddr>,
}

struct Batch {
    packages: Vec<PackageRow>,
    quarantined: Vec<QuarantineRow>,
    dead_letters: Vec<(Option<String>, String)>,
}

impl Batch {
    fn new() -> Self {
        Batch { packages: Vec::new(), quarantined: Vec::new(), dead_letters: Vec::new() }
    }
}

pub fn consume(a: &ConsumeArgs) -> Result<()> {
    let scrubber = setup::scrubber(&a.engine)?;
    let intake = PackageSanitizer::new(&scrubber, setup::packages_config(&a.engine)?)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async {
        let setup::WorkerIo { kafka, client, objections } = setup::worker_io(
            a.metrics_listen,
            &a.kafka,
            ("scrubline-packages", &a.topic, a.dlq_topic.as_deref()),
            &a.clickhouse,
        )
        .await?;
        let ring = ring_for(&objections.current(), setup::keyring(&a.engine)?).map_err(anyhow::Error::msg)?;
        consume_in_batches(
            "packages",
            &kafka.consumer,
            a.batch,
            Duration::from_millis(a.linger_ms),
            Batch::new,
            |b, r| {
                let objected = Objected { list: &objections.current(), ring: ring.as_ref() };
                add(&intake, &objected, b, r.topic, r.partition, r.offset, r.payload)
            },
            async |b| {
                store(&client, b).await;
                kafka.dead_letters(&b.dead_letters).await;
                objections.reload_if_due().await;
                Stored::Done
            },
        )
        .await?;
        eprintln!("stopped");
        Ok(())
    })
}

fn add(
    intake: &PackageSanitizer<'_>,
    objected: &Objected<'_>,
    b: &mut Batch,
    topic: &str,
    partition: i32,
    offset: i64,
    raw: &[u8],
) {
    let source = format!("kafka:{topic}/{partition}/{offset}");
    let now = unix_now();
    match intake.sanitize(raw) {
        Ok(p) if objected.package(&p, raw) => metrics::package_suppressed(),
        Ok(p) => {
            metrics::package_stored(p.manifest.bytes_before, &p.manifest.findings);
            b.packages.push(PackageRow::new(&p, &source, now));
        }
        Err(q) => {
            metrics::package_quarantined(q.bytes, q.reason.label());
            let record = serde_json::json!({
                "package_id": q.package_id, "reason_label": q.reason.label(), "reason": q.reason.to_string(),
                "bytes": q.bytes, "topic": topic, "partition": partition, "offset": offset,
            });
            b.dead_letters.push((Some(q.package_id.clone()), record.to_string()));
            b.quarantined.push(QuarantineRow::new(&q, &source, now));
        }
    }
}

/// Store a batch, retrying until it is stored: nothing is committed before that, and no more
/// is consumed meanwhile (backpressure).
async fn store(client: &clickhouse::Client, b: &Batch) {
    retry("storing a package batch", async || {
        let t = std::time::Instant::now();
        insert(client, "diagnostic_packages", &b.packages).await?;
        metrics::insert_done("diagnostic_packages", b.packages.len(), t.elapsed().as_secs_f64());
        let t = std::time::Instant::now();
        insert(client, "package_quarantine", &b.quarantined).await?;
        metrics::insert_done("package_quarantine", b.quarantined.len(), t.elapsed().as_secs_f64());
        anyhow::Ok(())
    })
    .await;
}
