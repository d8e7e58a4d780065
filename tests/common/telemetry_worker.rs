//! `scrubline telemetry consume` as a child process, killed when dropped, and what the Kafka
//! telemetry tests send and read.

use rdkafka::config::ClientConfig;
use rdkafka::producer::{FutureProducer, FutureRecord};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Worker(pub Child);

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A ClickHouse server with scrubline's schema in database `sl`, and a folder holding a key
/// file (its path as the third value).
pub fn migrated_sl() -> (super::clickhouse::ClickHouse, tempfile::TempDir, String) {
    let ch = super::clickhouse::ClickHouse::start();
    let url = ch.url();
    let status = Command::new(env!("CARGO_BIN_EXE_scrubline"))
        .args(["migrate", "--clickhouse-url", &url, "--clickhouse-database", "sl"])
        .status()
        .unwrap();
    assert!(status.success(), "scrubline migrate");
    let dir = tempfile::tempdir().unwrap();
    let keys = super::key_file(dir.path()).to_str().unwrap().to_string();
    (ch, dir, keys)
}

/// The counters' total (`FINAL`): every event counted so far.
pub fn counted(ch: &super::clickhouse::ClickHouse) -> u64 {
    ch.query("SELECT sum(events) FROM sl.usage_counters FINAL").trim().parse().unwrap_or(0)
}

/// Events counted per kind (`FINAL`).
pub fn counted_by_kind(ch: &super::clickhouse::ClickHouse) -> std::collections::BTreeMap<String, u64> {
    ch.query("SELECT kind, sum(events) FROM sl.usage_counters FINAL GROUP BY kind ORDER BY kind")
        .lines()
        .map(|l| {
            let (k, n) = l.split_once('\t').unwrap();
            (k.to_string(), n.parse().unwrap())
        })
        .collect()
}

/// A worker in consumer group `counters` on topic `telemetry` (dead letters to
/// `telemetry.dlq`), storing into database `sl`, `batch` records per batch.
pub fn start(brokers: &str, ch_url: &str, keys: &str, batch: usize) -> Worker {
    spawn(command(brokers, ch_url, keys, batch))
}

/// The worker's command, for a test to add arguments or environment before [`spawn`].
pub fn command(brokers: &str, ch_url: &str, keys: &str, batch: usize) -> Command {
    let geoip = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/geoip/GeoIP2-City-Test.mmdb");
    let mut c = Command::new(env!("CARGO_BIN_EXE_scrubline"));
    c.args(["telemetry", "consume", "--kafka-brokers", brokers, "--kafka-group", "counters"])
        .args(["--topic", "telemetry", "--dlq-topic", "telemetry.dlq", "--batch", &batch.to_string()])
        .args(["--linger-ms", "150", "--key-file", keys, "--geoip", geoip])
        .args(["--clickhouse-url", ch_url, "--clickhouse-database", "sl"])
        .env_remove("SCRUBLINE_KEY")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

pub fn spawn(mut c: Command) -> Worker {
    Worker(c.spawn().unwrap())
}

/// Send each line to `telemetry`, keyed by its license id as the clients do, so every retry of
/// an event goes to the partition the event went to.
pub async fn send_keyed(brokers: &str, lines: impl IntoIterator<Item = String>) {
    let producer: FutureProducer = ClientConfig::new().set("bootstrap.servers", brokers).create().unwrap();
    let mut sent = Vec::new();
    for line in lines {
        let key = serde_json::from_str::<serde_json::Value>(&line)
            .ok()
            .and_then(|v| v["license_id"].as_str().map(str::to_string))
            .unwrap_or_default();
        let record = FutureRecord::to("telemetry").key(&key).payload(&line);
        sent.push(producer.send_result(record).map_err(|(e, _)| e).unwrap());
    }
    for d in sent {
        d.await.unwrap().unwrap();
    }
}

/// Poll `cond` every 50 ms for up to `secs` seconds.
pub fn wait_until(what: &str, secs: u64, cond: &mut dyn FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}
