//! Diagnostic packages through Kafka (librdkafka's mock cluster, which speaks the real wire
//! protocol) into a real ClickHouse: the consumer is killed with SIGKILL mid-stream and
//! restarted, and still every package is stored exactly once (FINAL) and every bad record is
//! quarantined, with a dead-letter record carrying metadata only.

mod common;

use common::clickhouse::ClickHouse;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{Consumer, StreamConsumer};
use rdkafka::message::Message;
use rdkafka::mocking::MockCluster;
use rdkafka::producer::{FutureProducer, FutureRecord};
use scrubline::engine::RulePack;
use scrubline::synth::{mail, NamePool};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PACKAGES: u64 = 40;

struct Worker(Child);

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_worker(brokers: &str, ch_url: &str, batch: &str, metrics: Option<&str>) -> Worker {
    let mut extra = Vec::new();
    if let Some(m) = metrics {
        extra = vec!["--metrics-listen", m];
    }
    Worker(
        Command::new(env!("CARGO_BIN_EXE_scrubline"))
            .args([
                "packages",
                "consume",
                "--kafka-brokers",
                brokers,
                "--kafka-group",
                "intake",
                "--topic",
                "diag",
                "--dlq-topic",
                "diag.dlq",
                "--batch",
                batch,
                "--linger-ms",
                "200",
                "--clickhouse-url",
                ch_url,
                "--clickhouse-database",
                "sl",
            ])
            .args(extra)
            .env_remove("SCRUBLINE_KEY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    )
}

fn count(ch: &ClickHouse, sql: &str) -> u64 {
    ch.query(sql).trim().parse().unwrap()
}

fn wait_for(what: &str, secs: u64, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_consumer_resumes_and_stores_every_package_once() {
    let ch = ClickHouse::start();
    let url = ch.url();
    let migrate = Command::new(env!("CARGO_BIN_EXE_scrubline"))
        .args(["migrate", "--clickhouse-url", &url, "--clickhouse-database", "sl"])
        .output()
        .unwrap();
    assert!(migrate.status.success());

    let mock = MockCluster::new(1).unwrap();
    mock.create_topic("diag", 3, 1).unwrap();
    mock.create_topic("diag.dlq", 1, 1).unwrap();
    let brokers = mock.bootstrap_servers();
    let producer: FutureProducer = ClientConfig::new().set("bootstrap.servers", &brokers).create().unwrap();
    let names = NamePool::from_pack(&RulePack::embedded_default());
    let mut deliveries = Vec::new();
    for seed in 0..PACKAGES {
        let raw = mail::package(&names, 300 + seed).raw;
        let key = seed.to_string();
        deliveries
            .push(producer.send_result(FutureRecord::to("diag").key(&key).payload(&raw)).map_err(|(e, _)| e).unwrap());
    }
    // Awaited together, not one send at a time.
    for d in deliveries {
        d.await.unwrap().unwrap();
    }

    // One record per batch (a commit each): slow enough that the kill lands mid-stream.
    let first = start_worker(&brokers, &url, "1", None);
    wait_for("the first batches", 60, || count(&ch, "SELECT count() FROM sl.diagnostic_packages") >= 8);
    drop(first); // SIGKILL, mid-stream: no flush, no commit of the batch in flight

    let stored_before = count(&ch, "SELECT count() FROM sl.diagnostic_packages");
    assert!(stored_before < PACKAGES, "killed mid-stream ({stored_before} stored)");
    // Two records that are not mail arrive while no worker runs.
    for garbage in [b"\x00\x01 not mail".as_slice(), b"neither is this".as_slice()] {
        producer.send(FutureRecord::<(), _>::to("diag").payload(garbage), Duration::from_secs(10)).await.unwrap();
    }
    let metrics_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let metrics_addr = format!("127.0.0.1:{metrics_port}");
    let second = start_worker(&brokers, &url, "4", Some(&metrics_addr));
    wait_for("every package", 90, || {
        count(&ch, "SELECT count() FROM sl.diagnostic_packages FINAL") == PACKAGES
            && count(&ch, "SELECT count() FROM sl.package_quarantine FINAL") == 2
    });
    // The restarted worker reports what it did on /metrics (labels: outcomes and reasons only).
    let (status, _, body) = common::http(metrics_port, "GET", "/metrics", None);
    assert_eq!(status, 200);
    let page = String::from_utf8(body).unwrap();
    let value = |prefix: &str| -> f64 {
        page.lines()
            .find(|l| l.starts_with(prefix))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    assert!(value("scrubline_packages_total{outcome=\"stored\"}") >= 1.0, "{page}");
    assert_eq!(value("scrubline_package_quarantine_total{reason=\"not_a_message\"}"), 2.0, "{page}");
    assert!(page.contains("scrubline_clickhouse_insert_duration_seconds_bucket"), "{page}");
    assert!(page.contains("scrubline_build_info{version="), "{page}");
    // SIGTERM: the worker finishes the batch in hand (store, dead letters, commit) and exits.
    Command::new("kill").args(["-TERM", &second.0.id().to_string()]).status().unwrap();
    let mut second = second;
    wait_for("a clean stop on SIGTERM", 30, || second.0.try_wait().unwrap().is_some());

    assert_eq!(count(&ch, "SELECT uniqExact(package_id) FROM sl.diagnostic_packages"), PACKAGES, "none lost");
    assert_eq!(count(&ch, "SELECT count() FROM sl.diagnostic_packages FINAL"), PACKAGES, "none stored twice");
    assert_eq!(
        ch.query("SELECT reason_label, count() FROM sl.package_quarantine FINAL GROUP BY reason_label"),
        "not_a_message\t2\n"
    );

    // Dead letters: metadata and reason only.
    let dlq: StreamConsumer = ClientConfig::new()
        .set("bootstrap.servers", &brokers)
        .set("group.id", "dlq-check")
        .set("auto.offset.reset", "earliest")
        .set("session.timeout.ms", "6000")
        .create()
        .unwrap();
    dlq.subscribe(&["diag.dlq"]).unwrap();
    let mut ids = std::collections::BTreeSet::new();
    while ids.len() < 2 {
        let m = tokio::time::timeout(Duration::from_secs(30), dlq.recv()).await.expect("dead letters arrive").unwrap();
        let v: serde_json::Value = serde_json::from_slice(m.payload().unwrap()).unwrap();
        assert_eq!(v["reason_label"], "not_a_message");
        assert!(
            !String::from_utf8_lossy(m.payload().unwrap()).contains("neither is this"),
            "no content in dead letters"
        );
        ids.insert(v["package_id"].as_str().unwrap().to_string());
    }
}
