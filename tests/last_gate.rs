//! The output verifier is the last gate, independent of the path that scrubbed. With a
//! simulated detector bug (the `test-hooks` switch SCRUBLINE_TEST_SKIP_DETECTOR=email skips
//! the engine's e-mail detectors while the kind stays enabled), what the engine misses must
//! not leave: `scrub` writes nothing of the input, `packages ingest` stores nothing, and
//! `packages consume` stores only the quarantine row before it commits the offset.
#![cfg(feature = "test-hooks")]

mod common;

use common::clickhouse::ClickHouse;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::mocking::MockCluster;
use rdkafka::producer::{FutureProducer, FutureRecord};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ADDRESS: &str = "jan.kowalski@firma.pl";

fn mail(n: usize) -> Vec<u8> {
    mail_builder::MessageBuilder::new()
        .from(("Support", "pomoc@vendor.example"))
        .to("ticket@vendor.example")
        .subject(format!("Zgłoszenie {n}"))
        .text_body(format!("Odpowiedź wyślemy na {ADDRESS} po analizie, wersja 4.12.0.3, zgłoszenie {n}.\n"))
        .write_to_vec()
        .unwrap()
}

fn scrubline(args: &[&str], skip_email: bool) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scrubline"));
    c.args(args).env_remove("SCRUBLINE_KEY");
    if skip_email {
        c.env("SCRUBLINE_TEST_SKIP_DETECTOR", "email");
    }
    c.output().unwrap()
}

#[test]
fn scrub_writes_nothing_the_verifier_refuses() {
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("app.log"), format!("2025-03-11 09:12:30 INFO mail to {ADDRESS} queued\n")).unwrap();
    std::fs::write(src.path().join("ticket.eml"), mail(1)).unwrap();
    // Without the simulated bug both pass.
    let clean = tempfile::tempdir().unwrap();
    let o = scrubline(&["scrub", "--out", clean.path().to_str().unwrap(), src.path().to_str().unwrap()], false);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(clean.path().join("app.log").exists() && clean.path().join("ticket.eml").exists());

    let out = tempfile::tempdir().unwrap();
    let o = scrubline(&["scrub", "--out", out.path().to_str().unwrap(), src.path().to_str().unwrap()], true);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(!out.path().join("app.log").exists(), "a refused file leaves no output");
    assert!(!out.path().join("ticket.eml").exists(), "a refused message leaves no output");
    assert!(!out.path().join("ticket.eml.manifest.json").exists());
    let q = std::fs::read_to_string(out.path().join(".scrubline/quarantine.ndjson")).unwrap();
    let recs: Vec<serde_json::Value> = q.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(recs.len(), 2, "{q}");
    for r in &recs {
        assert_eq!(r["reason_label"], "verify_failed", "{r}");
        assert_eq!(r["kind"], "email", "{r}");
        assert!(r["part"].as_str().is_some_and(|p| !p.is_empty()), "{r}");
    }
    assert!(recs.iter().any(|r| r["part"] == "body/text"), "the part is named: {q}");
    assert!(!q.contains(ADDRESS) && !stderr.contains(ADDRESS), "never the value");
}

#[test]
fn packages_ingest_stores_nothing_the_verifier_refuses() {
    let ch = ClickHouse::start();
    let url = ch.url();
    let ch_args = ["--clickhouse-url", url.as_str(), "--clickhouse-database", "sl"];
    assert!(scrubline(&[&["migrate"][..], &ch_args].concat(), false).status.success());
    let spool = tempfile::tempdir().unwrap();
    for n in 0..3 {
        std::fs::write(spool.path().join(format!("{n}.eml")), mail(n)).unwrap();
    }
    let o = scrubline(&[&["packages", "ingest"][..], &ch_args, &[spool.path().to_str().unwrap()]].concat(), true);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("stored 0 package(s), quarantined 3"), "{stderr}");
    assert_eq!(ch.query("SELECT count() FROM sl.diagnostic_packages"), "0\n");
    assert_eq!(
        ch.query("SELECT reason_label, count() FROM sl.package_quarantine FINAL GROUP BY reason_label"),
        "verify_failed\t3\n"
    );
    let reasons = ch.query("SELECT reason FROM sl.package_quarantine FORMAT TSV");
    assert!(reasons.contains("email") && reasons.contains("body/text"), "{reasons}");
    assert!(!reasons.contains(ADDRESS));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn packages_consume_commits_only_with_the_quarantine_row() {
    let ch = ClickHouse::start();
    let url = ch.url();
    assert!(scrubline(&["migrate", "--clickhouse-url", &url, "--clickhouse-database", "sl"], false).status.success());
    let mock = MockCluster::new(1).unwrap();
    mock.create_topic("diag", 1, 1).unwrap();
    let brokers = mock.bootstrap_servers();
    let producer: FutureProducer = ClientConfig::new().set("bootstrap.servers", &brokers).create().unwrap();
    for n in 0..3 {
        let raw = mail(n);
        producer.send(FutureRecord::<(), _>::to("diag").payload(&raw), Duration::from_secs(10)).await.unwrap();
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let worker = Command::new(env!("CARGO_BIN_EXE_scrubline"))
        .args(["packages", "consume", "--kafka-brokers", &brokers, "--kafka-group", "intake", "--topic", "diag"])
        .args(["--batch", "10", "--linger-ms", "200", "--clickhouse-url", &url, "--clickhouse-database", "sl"])
        .args(["--metrics-listen", &format!("127.0.0.1:{port}")])
        .env_remove("SCRUBLINE_KEY")
        .env("SCRUBLINE_TEST_SKIP_DETECTOR", "email")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed when the test ends, however it ends.
    struct Worker(std::process::Child);
    impl Drop for Worker {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut worker = Worker(worker);
    let deadline = Instant::now() + Duration::from_secs(90);
    while ch.query("SELECT count() FROM sl.package_quarantine FINAL").trim() != "3" {
        assert!(Instant::now() < deadline, "quarantine rows never arrived");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(ch.query("SELECT count() FROM sl.diagnostic_packages"), "0\n", "nothing stored");
    assert_eq!(ch.query("SELECT DISTINCT reason_label FROM sl.package_quarantine"), "verify_failed\n");
    let (_, _, body) = common::http(port, "GET", "/metrics", None);
    let page = String::from_utf8(body).unwrap();
    assert!(page.contains("scrubline_verify_failures_total{kind=\"email\"} 3"), "{page}");
    // The offsets were committed after the quarantine rows were stored: a stop and a new
    // worker would not see the records again.
    Command::new("kill").args(["-TERM", &worker.0.id().to_string()]).status().unwrap();
    let stop = Instant::now() + Duration::from_secs(30);
    while worker.0.try_wait().unwrap().is_none() {
        assert!(Instant::now() < stop, "the worker stops on SIGTERM");
        std::thread::sleep(Duration::from_millis(100));
    }
    let check: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", &brokers)
        .set("group.id", "intake")
        .set("session.timeout.ms", "6000")
        .create()
        .unwrap();
    let mut tpl = rdkafka::TopicPartitionList::new();
    tpl.add_partition("diag", 0);
    let committed = check.committed_offsets(tpl, Duration::from_secs(10)).unwrap();
    let offset = committed.find_partition("diag", 0).unwrap().offset();
    drop(committed);
    assert_eq!(offset, rdkafka::Offset::Offset(3), "committed after the three quarantine rows");
}
