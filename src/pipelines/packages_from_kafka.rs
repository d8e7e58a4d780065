//! Diagnostic packages from a Kafka topic (one raw message per record) into ClickHouse. Per
//! batch: sanitize, store packages and quarantine records, send quarantine records (metadata
//! and reason only) to the dead-letter topic, and only then commit the offsets. A crash
//! anywhere re-delivers at most the last batch; its packages have the same `package_id` (hash
//! of the raw message) and collapse in the ReplacingMergeTree.

use crate::engine::Keyring;
use crate::packages::PackageSanitizer;
use crate::self_metrics as metrics;
use crate::sinks::clickhouse::packages::{PackageRow, PackageSink, QuarantineRow};
use crate::sinks::clickhouse::subjects::LiveSuppression;
use crate::sinks::clickhouse::{unix_now, ClickHouseArgs};
use crate::sources::kafka::{KafkaSource, KafkaSourceConfig, Record, Stored};
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
}

/// The running pipeline: a subscribed source, the sink, and the list of people who objected.
pub struct PackagesFromKafka<'a> {
    source: KafkaSource,
    sink: PackageSink,
    objections: LiveSuppression,
    intake: &'a PackageSanitizer<'a>,
    ring: Option<Keyring>,
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
        Ok(PackagesFromKafka { source, sink: PackageSink::new(client), objections, intake, ring })
    }
}

#[derive(Default)]
struct Batch {
    packages: Vec<PackageRow>,
    quarantined: Vec<QuarantineRow>,
    dead_letters: Vec<(Option<String>, String)>,
}

impl PackagesFromKafka<'_> {
    /// Consume until SIGTERM or Ctrl-C.
    pub async fn run(&self) -> Result<()> {
        self.source
            .run(
                "packages",
                Batch::default,
                |b, r| self.add(b, r),
                async |b| {
                    self.sink.store(&b.packages, &b.quarantined).await;
                    self.source.dead_letters(&b.dead_letters).await;
                    self.objections.reload_if_due().await;
                    Stored::Done
                },
            )
            .await
    }

    fn add(&self, b: &mut Batch, r: Record<'_>) {
        let source = format!("kafka:{}/{}/{}", r.topic, r.partition, r.offset);
        let now = unix_now();
        let list = self.objections.current();
        let objected = Objected { list: &list, ring: self.ring.as_ref() };
        match self.intake.sanitize(r.payload) {
            Ok(p) if objected.package(&p, r.payload) => metrics::package_suppressed(),
            Ok(p) => {
                metrics::package_stored(p.manifest.bytes_before, &p.manifest.findings);
                b.packages.push(PackageRow::new(&p, &source, now));
            }
            Err(q) => {
                metrics::package_quarantined(q.bytes, q.reason.label());
                let record = serde_json::json!({
                    "package_id": q.package_id, "reason_label": q.reason.label(), "reason": q.reason.to_string(),
                    "bytes": q.bytes, "topic": r.topic, "partition": r.partition, "offset": r.offset,
                });
                b.dead_letters.push((Some(q.package_id.clone()), record.to_string()));
                b.quarantined.push(QuarantineRow::new(&q, &source, now));
            }
        }
    }
}
