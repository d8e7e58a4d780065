//! `scrubline telemetry consume`: arguments of the telemetry-from-Kafka pipeline
//! ([`crate::pipelines::telemetry_from_kafka`]).

use super::setup::{self, EngineArgs};
use crate::engine::Keyring;
use crate::pipelines::telemetry_from_kafka::{EventContext, TelemetryFromKafkaConfig};
use crate::sinks::clickhouse::ClickHouseArgs;
use crate::sources::kafka::KafkaArgs;
use crate::telemetry::geo::Geo;
use anyhow::{Context, Result};
use std::path::PathBuf;

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
    /// Threads that read and count each batch (default: the number of cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

impl TelemetryConsumeArgs {
    fn config(&self) -> TelemetryFromKafkaConfig {
        TelemetryFromKafkaConfig {
            source: self.kafka.source(
                "scrubline-telemetry",
                &self.topic,
                self.dlq_topic.as_deref(),
                self.batch,
                self.linger_ms,
            ),
            clickhouse: self.clickhouse.clone(),
            metrics_listen: self.metrics_listen,
            threads: super::setup::threads_or_cores(self.threads),
        }
    }
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
    let config = a.config();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async {
        let events = EventContext { scrubber: &scrubber, geo: &geo, seat_key: &seat_key, mapping };
        config.build(events).await?.run().await?;
        eprintln!("stopped");
        Ok(())
    })
}
