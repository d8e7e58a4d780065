//! Diagnostic packages from a Kafka topic (one raw message per record) into ClickHouse. Per
//! batch: sanitize, store packages and quarantine records, send quarantine records (metadata
//! and reason only) to the dead-letter topic, and only then commit the offsets. A crash
//! anywhere re-delivers at most the last batch; its packages have the same `package_id` (hash
//! of the raw message) and collapse in the ReplacingMergeTree.

use crate::engine::Keyring;
use crate::packages::PackageSanitizer;
use crate::self_metrics as metrics;
use crate::sinks::clickhouse::canary::{self, CanaryRow};
use crate::sinks::clickhouse::packages::{PackageRow, PackageSink, QuarantineRow};
use crate::sinks::clickhouse::subjects::LiveSuppression;
use crate::sinks::clickhouse::{unix_now, ClickHouseArgs};
use crate::sources::kafka::{KafkaSource, KafkaSourceConfig, Stored};
use crate::subjects::suppression::{ring_for, Objected};
use anyhow::{Context, Result};

/// Where packages come from and go to.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackagesFromKafkaConfig {
    /// The topic of raw messages, its consumer group and batching.
    pub source: KafkaSourceConfig,
    /// Where sanitized packages and quarantine records are stored.
    pub clickhouse: ClickHouseArgs,
    /// Serve Prometheus metrics on this address (`/metrics`).
    pub metrics_listen: Option<std::net::SocketAddr>,
    /// Threads that sanitize a batch's messages (each batch is stored, then committed, as a
    /// whole, so the order of work inside it does not matter).
    pub threads: usize,
}

/// The running pipeline: a subscribed source, the sink, and the list of people who objected.
pub struct PackagesFromKafka<'a> {
    source: KafkaSource,
    sink: PackageSink,
    objections: LiveSuppression,
    intake: &'a PackageSanitizer<'a>,
    ring: Option<Keyring>,
    threads: usize,
    canary_db: clickhouse::Client,
}

impl PackagesFromKafkaConfig {
    /// Open the metrics endpoint, the source, the sink and the suppression list. Runs inside
    /// the Tokio runtime (the endpoint is served on it). `keyring` is the one pseudonyms are
    /// made with; packages of people who objected are compared under it.
    pub async fn build<'a>(
        &self,
        intake: &'a PackageSanitizer<'a>,
        keyring: Option<Keyring>,
    ) -> Result<PackagesFromKafka<'a>> {
        if let Some(addr) = self.metrics_listen {
            metrics::install(addr).context("starting the metrics endpoint")?;
        }
        let source = self.source.build()?;
        let client = self.clickhouse.db_client();
        let objections = LiveSuppression::start(client.clone()).await.context("loading the suppression list")?;
        let ring = ring_for(&objections.current(), keyring).map_err(anyhow::Error::msg)?;
        let threads = self.threads.max(1);
        Ok(PackagesFromKafka {
            source,
            canary_db: client.clone(),
            sink: PackageSink::new(client),
            objections,
            intake,
            ring,
            threads,
        })
    }
}

/// A batch's records as consumed: sanitized together when the batch is stored.
#[derive(Default)]
struct Batch {
    records: Vec<Consumed>,
}

struct Consumed {
    topic: String,
    partition: i32,
    offset: i64,
    raw: Vec<u8>,
}

/// What a batch becomes: the rows to store and the dead letters to send.
#[derive(Default)]
struct SanitizedBatch {
    packages: Vec<PackageRow>,
    quarantined: Vec<QuarantineRow>,
    dead_letters: Vec<(Option<String>, String)>,
    /// The leak canary's packages: what would have been stored, kept apart.
    canary: Vec<CanaryRow>,
}

impl PackagesFromKafka<'_> {
    /// Consume until SIGTERM or Ctrl-C.
    pub async fn run(&self) -> Result<()> {
        self.source
            .run(
                "packages",
                Batch::default,
                |b, r| {
                    let (topic, partition, offset, raw) =
                        (r.topic.to_string(), r.partition, r.offset, r.payload.to_vec());
                    b.records.push(Consumed { topic, partition, offset, raw });
                },
                async |b| {
                    let done = tokio::task::block_in_place(|| self.sanitize(&b.records));
                    self.sink.store(&done.packages, &done.quarantined).await;
                    self.source.dead_letters(&done.dead_letters).await;
                    // Last: once the canary sees its result, the rest of the batch is out.
                    canary::store(&self.canary_db, &done.canary).await;
                    self.objections.reload_if_due().await;
                    Stored::Done
                },
            )
            .await
    }

    /// Sanitize a batch's records on `threads` threads; rows come out in record order.
    fn sanitize(&self, records: &[Consumed]) -> SanitizedBatch {
        let now = unix_now();
        let list = self.objections.current();
        let objected = Objected { list: &list, ring: self.ring.as_ref() };
        let raws: Vec<&[u8]> = records.iter().map(|r| r.raw.as_slice()).collect();
        let results =
            sanitize_all(self.intake, &raws, self.threads).into_iter().zip(&raws).map(|(res, raw)| match res {
                Ok(p) if objected.package(&p, raw) => None,
                other => Some(other),
            });
        let mut out = SanitizedBatch::default();
        for (r, result) in records.iter().zip(results) {
            let source = format!("kafka:{}/{}/{}", r.topic, r.partition, r.offset);
            // The canary's own packages (marked with a keyed tag) go through everything above,
            // then to `canary_results` instead of support's tables.
            let run = self
                .ring
                .as_ref()
                .and_then(|k| crate::canary::verify(k, crate::canary::header_mark(&r.raw)?, now.into()));
            if let (Some(run), Some(result)) = (run, &result) {
                out.canary.push(match result {
                    Ok(p) => CanaryRow::new(
                        &run,
                        "packages",
                        "stored",
                        "",
                        format!(
                            "{}\n{}",
                            serde_json::to_string(&p.manifest).unwrap_or_default(),
                            String::from_utf8_lossy(&p.eml)
                        ),
                    ),
                    Err(q) => {
                        // The same content-free dead letter as any quarantine, so the canary
                        // also checks what reaches the dead-letter topic.
                        let record = serde_json::json!({
                            "package_id": q.package_id, "reason_label": q.reason.label(), "reason": q.reason.to_string(),
                            "bytes": q.bytes, "topic": r.topic, "partition": r.partition, "offset": r.offset,
                        });
                        out.dead_letters.push((Some(q.package_id.clone()), record.to_string()));
                        CanaryRow::new(&run, "packages", "quarantined", q.reason.label(), q.reason.to_string())
                    }
                });
                continue;
            }
            match result {
                None => metrics::package_suppressed(),
                Some(Ok(p)) => {
                    metrics::package_stored(p.manifest.bytes_before, &p.manifest.findings);
                    out.packages.push(PackageRow::new(&p, &source, now));
                }
                Some(Err(q)) => {
                    metrics::package_quarantined(q.bytes, q.reason.label());
                    let record = serde_json::json!({
                        "package_id": q.package_id, "reason_label": q.reason.label(), "reason": q.reason.to_string(),
                        "bytes": q.bytes, "topic": r.topic, "partition": r.partition, "offset": r.offset,
                    });
                    out.dead_letters.push((Some(q.package_id.clone()), record.to_string()));
                    out.quarantined.push(QuarantineRow::new(&q, &source, now));
                }
            }
        }
        out
    }
}

/// Sanitize `raws` on `threads` threads, each taking a contiguous share; results in input
/// order. The package consumer's CPU work per batch (`benches/packages.rs` measures it with
/// one and two threads).
pub fn sanitize_all(
    intake: &PackageSanitizer<'_>,
    raws: &[&[u8]],
    threads: usize,
) -> Vec<Result<crate::packages::Sanitized, crate::packages::Quarantined>> {
    super::chunks::map_shares(raws.to_vec(), threads, |share| {
        share.into_iter().map(|raw| intake.sanitize(raw)).collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}
