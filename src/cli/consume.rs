//! `scrubline packages consume`: diagnostic packages from a Kafka topic (one raw message per
//! record) into ClickHouse. Per batch: sanitize, store packages and quarantine records,
//! send quarantine records (metadata and reason only) to the dead-letter topic, and only then
//! commit the offsets. A crash anywhere re-delivers at most the last batch; its packages have
//! the same `package_id` (hash of the raw message) and collapse in the ReplacingMergeTree.

use super::setup::{self, EngineArgs};
use crate::packages::PackageSanitizer;
use crate::sinks::clickhouse::packages::{insert, unix_now, PackageRow, QuarantineRow};
use crate::sinks::clickhouse::ClickHouseArgs;
use crate::sources::kafka::KafkaArgs;
use crate::telemetry_metrics as metrics;
use anyhow::{Context, Result};
use rdkafka::consumer::{CommitMode, Consumer, StreamConsumer};
use rdkafka::message::Message;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{Offset, TopicPartitionList};
use std::collections::BTreeMap;
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
    dead_letters: Vec<(String, String)>,
    /// Highest offset seen per (topic, partition).
    offsets: BTreeMap<(String, i32), i64>,
    records: usize,
}

impl Batch {
    fn new() -> Self {
        Batch {
            packages: Vec::new(),
            quarantined: Vec::new(),
            dead_letters: Vec::new(),
            offsets: BTreeMap::new(),
            records: 0,
        }
    }
}

pub fn consume(a: &ConsumeArgs) -> Result<()> {
    let scrubber = setup::scrubber(&a.engine)?;
    let intake = PackageSanitizer::new(&scrubber, setup::packages_config(&a.engine)?)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async {
        if let Some(addr) = a.metrics_listen {
            metrics::install(addr).context("starting the metrics endpoint")?;
        }
        let consumer: StreamConsumer =
            a.kafka.consumer_config("scrubline-packages").create().context("creating the Kafka consumer")?;
        consumer.subscribe(&[&a.topic]).context("subscribing")?;
        let producer: Option<FutureProducer> = match &a.dlq_topic {
            Some(_) => Some(a.kafka.producer_config().create().context("creating the dead-letter producer")?),
            None => None,
        };
        let client = a.clickhouse.db_client();
        eprintln!("consuming {} as group {}", a.topic, a.kafka.group.as_deref().unwrap_or("scrubline-packages"));
        let mut stop = std::pin::pin!(shutdown());
        let mut stopping = false;
        while !stopping {
            let mut batch = Batch::new();
            let deadline = tokio::time::Instant::now() + Duration::from_millis(a.linger_ms);
            while batch.records < a.batch {
                tokio::select! {
                    _ = &mut stop => { stopping = true; break; }
                    _ = tokio::time::sleep_until(deadline) => break,
                    m = consumer.recv() => match m {
                        Ok(m) => {
                            add(&intake, &mut batch, m.topic(), m.partition(), m.offset(), m.payload().unwrap_or(&[]));
                        }
                        Err(e) => tracing::warn!(error = %e, "Kafka receive error"),
                    },
                }
            }
            if batch.records == 0 {
                continue;
            }
            store(&client, producer.as_ref(), a.dlq_topic.as_deref(), &batch).await;
            let mut tpl = TopicPartitionList::new();
            for ((topic, partition), offset) in &batch.offsets {
                tpl.add_partition_offset(topic, *partition, Offset::Offset(offset + 1))?;
            }
            consumer
                .commit(&tpl, if stopping { CommitMode::Sync } else { CommitMode::Async })
                .context("committing offsets")?;
        }
        eprintln!("stopped");
        Ok(())
    })
}

fn add(intake: &PackageSanitizer<'_>, b: &mut Batch, topic: &str, partition: i32, offset: i64, raw: &[u8]) {
    let source = format!("kafka:{topic}/{partition}/{offset}");
    let now = unix_now();
    match intake.sanitize(raw) {
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
            b.dead_letters.push((q.package_id.clone(), record.to_string()));
            b.quarantined.push(QuarantineRow::new(&q, &source, now));
        }
    }
    b.records += 1;
    let e = b.offsets.entry((topic.to_string(), partition)).or_insert(offset);
    *e = (*e).max(offset);
}

/// Store a batch, retrying until it is stored: nothing is committed before that, and no more
/// is consumed meanwhile (backpressure).
async fn store(client: &clickhouse::Client, producer: Option<&FutureProducer>, dlq: Option<&str>, b: &Batch) {
    let mut wait = Duration::from_millis(200);
    loop {
        let stored = async {
            let t = std::time::Instant::now();
            insert(client, "diagnostic_packages", &b.packages).await?;
            metrics::insert_done("diagnostic_packages", b.packages.len(), t.elapsed().as_secs_f64());
            let t = std::time::Instant::now();
            insert(client, "package_quarantine", &b.quarantined).await?;
            metrics::insert_done("package_quarantine", b.quarantined.len(), t.elapsed().as_secs_f64());
            anyhow::Ok(())
        }
        .await;
        match stored {
            Ok(()) => break,
            Err(e) => {
                tracing::warn!(error = %e, "storing a batch failed; retrying");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(10));
            }
        }
    }
    if let (Some(p), Some(topic)) = (producer, dlq) {
        for (key, payload) in &b.dead_letters {
            loop {
                match p.send(FutureRecord::to(topic).key(key).payload(payload), Duration::from_secs(10)).await {
                    Ok(_) => break,
                    Err((e, _)) => {
                        tracing::warn!(error = %e, "dead-letter send failed; retrying");
                        tokio::time::sleep(Duration::from_millis(500)).await;
                    }
                }
            }
        }
    }
}

async fn shutdown() {
    #[cfg(unix)]
    if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        tokio::select! { _ = s.recv() => {}, _ = tokio::signal::ctrl_c() => {} }
        return;
    }
    let _ = tokio::signal::ctrl_c().await;
}
