//! `scrubline canary`: the leak canary against the live pipeline ([`crate::canary`]).

use crate::pipelines::canary::{run_once, Target};
use crate::self_metrics as metrics;
use crate::sinks::clickhouse::ClickHouseArgs;
use crate::sources::kafka::KafkaArgs;
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct CanaryArgs {
    #[command(flatten)]
    pub clickhouse: ClickHouseArgs,
    #[command(flatten)]
    pub kafka: KafkaArgs,
    /// The topic `packages consume` reads.
    #[arg(long, default_value = "diagnostic-packages")]
    pub packages_topic: String,
    /// The topic `telemetry consume` reads.
    #[arg(long, default_value = "telemetry")]
    pub telemetry_topic: String,
    /// Dead-letter topics to search (repeat for each; the consumers' `--dlq-topic`).
    #[arg(long = "dlq-topic")]
    pub dlq_topics: Vec<String>,
    /// The keyring the consumers run with: canary traffic is marked with a token of it, and
    /// unmarked (or wrongly marked) traffic is treated as real.
    #[arg(long, env = "SCRUBLINE_KEY_FILE", value_name = "FILE")]
    pub key_file: PathBuf,
    /// Run every this many minutes until stopped; 0 runs once and exits 0 only when the run
    /// found nothing.
    #[arg(long, default_value_t = 0)]
    pub every_minutes: u64,
    /// When running repeatedly, wait this long before the first run (at least one Prometheus
    /// scrape interval).
    #[arg(long, default_value_t = 30)]
    pub first_run_after_seconds: u64,
    /// How long to wait for the pipeline to process the canary's traffic.
    #[arg(long, default_value_t = 120)]
    pub wait_seconds: u64,
    /// Serve Prometheus metrics on this address (`/metrics`).
    #[arg(long, env = "SCRUBLINE_METRICS_LISTEN")]
    pub metrics_listen: Option<std::net::SocketAddr>,
}

pub fn run(a: &CanaryArgs) -> Result<ExitCode> {
    let keys = crate::keyring_file::load(&a.key_file)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async {
        if let Some(addr) = a.metrics_listen {
            metrics::install(addr).context("starting the metrics endpoint")?;
        }
        metrics::canary_started();
        let db = a.clickhouse.db_client();
        let target = Target {
            kafka: &a.kafka,
            packages_topic: &a.packages_topic,
            telemetry_topic: &a.telemetry_topic,
            dead_letter_topics: &a.dlq_topics,
            db: &db,
            database: &a.clickhouse.database,
            wait: Duration::from_secs(a.wait_seconds),
        };
        if a.every_minutes > 0 {
            // Let Prometheus see the zeroed series first: `increase()` ignores a series' first
            // sample, so a leak counted before the first scrape would never alert.
            tokio::time::sleep(Duration::from_secs(a.first_run_after_seconds)).await;
        }
        loop {
            let outcome = match run_once(&target, &keys).await {
                Ok(r) => {
                    metrics::canary_run(r.outcome, r.leaks.len() as u64);
                    if r.outcome == "ok" {
                        tracing::info!(run = %r.run_id, "canary: nothing leaked");
                    } else {
                        tracing::error!(run = %r.run_id, outcome = r.outcome, leaks = ?r.leaks, held_back = ?r.held_back, "canary fired");
                    }
                    println!("{}", serde_json::to_string(&r)?);
                    r.outcome
                }
                Err(e) => {
                    metrics::canary_run("error", 0);
                    tracing::error!(error = %format!("{e:#}"), "canary run failed");
                    println!("{}", serde_json::json!({ "outcome": "error", "error": format!("{e:#}") }));
                    "error"
                }
            };
            if a.every_minutes == 0 {
                return Ok(if outcome == "ok" { ExitCode::SUCCESS } else { ExitCode::from(1) });
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(a.every_minutes * 60)) => {}
                _ = tokio::signal::ctrl_c() => return Ok(ExitCode::SUCCESS),
            }
        }
    })
}
