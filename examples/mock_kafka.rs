//! A Kafka peer for benchmarks: librdkafka's mock cluster with a `telemetry` topic holding
//! EVENTS generated events keyed by event id (five licenses would fill only five
//! partitions), and `telemetry.dlq`. The mock broker keeps
//! about 5 MB per partition and deletes older records, so the topic gets one partition per
//! 3,000 events (about 1.5 MB), at least 3.
//! Prints `brokers <bootstrap servers>` once the events are in, then serves until its
//! standard input closes. Used by `scripts/bench-telemetry-e2e.sh`.
//!
//! With a second argument `packages`, the topic is `packages` instead, holding EVENTS
//! generated diagnostic packages (MIME mail of about 37 KB; one partition per 100).
//!
//! Run: `cargo run --release --example mock_kafka -- EVENTS [packages]`

use rdkafka::config::ClientConfig;
use rdkafka::mocking::MockCluster;
use rdkafka::producer::{FutureProducer, FutureRecord};
use scrubline::engine::RulePack;
use scrubline::synth::{telemetry, NamePool};
use std::io::{Read, Write};

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args().nth(1).as_deref().unwrap_or("100000").parse()?;
    let packages = std::env::args().nth(2).as_deref() == Some("packages");
    let names = NamePool::from_pack(&RulePack::embedded_default());
    let mock = MockCluster::new(1)?;
    let brokers = mock.bootstrap_servers();
    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", &brokers)
        .set("linger.ms", "20")
        .set("queue.buffering.max.messages", "1000000")
        .create()?;
    let records: Vec<(String, Vec<u8>)> = if packages {
        mock.create_topic("packages", (n / 100).max(3) as i32, 1)?;
        mock.create_topic("packages.dlq", 1, 1)?;
        (0..n).map(|i| (i.to_string(), scrubline::synth::mail::package(&names, 1_000 + i as u64).raw)).collect()
    } else {
        mock.create_topic("telemetry", (n / 3_000).max(3) as i32, 1)?;
        mock.create_topic("telemetry.dlq", 1, 1)?;
        let t = telemetry::events_with(&names, 5, n, 0.0);
        let mut out = Vec::with_capacity(n);
        for line in t.ndjson.lines().take(n) {
            let v: serde_json::Value = serde_json::from_str(line)?;
            out.push((v["event_id"].as_str().unwrap_or_default().to_string(), line.as_bytes().to_vec()));
        }
        out
    };
    let topic = if packages { "packages" } else { "telemetry" };
    let mut pending = Vec::new();
    for (key, payload) in &records {
        let record = FutureRecord::to(topic).key(key).payload(payload);
        pending.push(producer.send_result(record).map_err(|(e, _)| e)?);
        if pending.len() >= 50_000 {
            for d in pending.drain(..) {
                d.await?.map_err(|(e, _)| e)?;
            }
        }
    }
    for d in pending {
        d.await?.map_err(|(e, _)| e)?;
    }
    println!("brokers {brokers}");
    std::io::stdout().flush()?;
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    Ok(())
}
