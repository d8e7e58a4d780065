//! `scrubline packages consume`: arguments of the packages-from-Kafka pipeline
//! ([`crate::pipelines::packages_from_kafka`]).

use super::setup::{self, EngineArgs};
use crate::packages::PackageSanitizer;
use crate::pipelines::packages_from_kafka::PackagesFromKafkaConfig;
use crate::sinks::clickhouse::ClickHouseArgs;
use crate::sources::kafka::KafkaArgs;
use anyhow::Result;

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
    /// Threads that sanitize each batch (default: the number of cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

impl ConsumeArgs {
    fn config(&self) -> PackagesFromKafkaConfig {
        PackagesFromKafkaConfig {
            source: self.kafka.source(
                "scrubline-packages",
                &self.topic,
                self.dlq_topic.as_deref(),
                self.batch,
                self.linger_ms,
            ),
            clickhouse: self.clickhouse.clone(),
            metrics_listen: self.metrics_listen,
            threads: setup::threads_or_cores(self.threads),
        }
    }
}

pub fn consume(a: &ConsumeArgs) -> Result<()> {
    let scrubber = setup::scrubber(&a.engine)?;
    let intake = PackageSanitizer::new(&scrubber, setup::packages_config(&a.engine)?)?;
    let keyring = setup::keyring(&a.engine)?;
    let config = a.config();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async {
        config.build(&intake, keyring).await?.run().await?;
        eprintln!("stopped");
        Ok(())
    })
}
