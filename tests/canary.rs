//! The leak canary against the live pipeline: librdkafka's mock cluster, both consumers as
//! processes, a real ClickHouse. With the default rule pack it finds nothing and its traffic
//! stays out of the usage counters and support's packages. With a broken pack (one that no
//! longer knows e-mail addresses) it fires: the last gate holds the canary's ordinary-looking
//! traffic back, as it would hold back customers' mail. And when something writes raw input
//! where the pipeline writes (a rogue component copying records into a table and a
//! dead-letter topic), it fires as a leak and names the places.

mod common;

use common::telemetry_worker::{self, migrated_sl, Worker};
use rdkafka::config::ClientConfig;
use rdkafka::mocking::MockCluster;
use rdkafka::producer::{FutureProducer, FutureRecord};
use scrubline::engine::RulePack;
use scrubline::synth::{mail, NamePool};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Where the workers' and the canary's stderr go (kept after the test, for reading a failure).
fn log(name: &str) -> Stdio {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/canary-test");
    std::fs::create_dir_all(&dir).unwrap();
    Stdio::from(std::fs::File::create(dir.join(format!("{name}.log"))).unwrap())
}

/// A packages consumer; `keys: None` runs it without the keyring (it cannot tell the
/// canary's mail from a customer's).
fn packages_worker(brokers: &str, ch_url: &str, keys: Option<&str>, rules: Option<&Path>) -> Worker {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scrubline"));
    c.args(["packages", "consume", "--kafka-brokers", brokers, "--kafka-group", "intake"])
        .args(["--topic", "diag", "--dlq-topic", "diag.dlq", "--batch", "10", "--linger-ms", "150"])
        .args(["--clickhouse-url", ch_url, "--clickhouse-database", "sl"])
        .env_remove("SCRUBLINE_KEY")
        .stdout(Stdio::null())
        .stderr(log(&format!("packages-{}", rules.is_some())));
    if let Some(r) = rules {
        c.arg("--rules").arg(r);
    }
    if let Some(k) = keys {
        c.args(["--key-file", k]);
    }
    Worker(c.spawn().unwrap())
}

fn telemetry(brokers: &str, ch_url: &str, keys: &str, rules: Option<&Path>) -> Worker {
    let mut c = telemetry_worker::command(brokers, ch_url, keys, 50);
    c.stderr(log(&format!("telemetry-{}", rules.is_some())));
    if let Some(r) = rules {
        c.arg("--rules").arg(r);
    }
    telemetry_worker::spawn(c)
}

fn canary_args<'a>(brokers: &'a str, ch_url: &'a str, keys: &'a str) -> Vec<&'a str> {
    vec![
        "canary",
        "--kafka-brokers",
        brokers,
        "--packages-topic",
        "diag",
        "--telemetry-topic",
        "telemetry",
        "--dlq-topic",
        "diag.dlq",
        "--dlq-topic",
        "telemetry.dlq",
        "--key-file",
        keys,
        "--clickhouse-url",
        ch_url,
        "--clickhouse-database",
        "sl",
        "--wait-seconds",
        "90",
    ]
}

/// One canary run: its exit status and report.
fn canary_once(brokers: &str, ch_url: &str, keys: &str) -> (bool, serde_json::Value) {
    let o = Command::new(env!("CARGO_BIN_EXE_scrubline"))
        .args(canary_args(brokers, ch_url, keys))
        .env_remove("SCRUBLINE_KEY")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    let report = serde_json::from_str(out.trim())
        .unwrap_or_else(|e| panic!("no report ({e}): {out}\n{}", String::from_utf8_lossy(&o.stderr)));
    (o.status.success(), report)
}

/// The default pack without e-mail addresses: a rule pack someone broke.
fn broken_pack(dir: &Path) -> std::path::PathBuf {
    let to = dir.join("broken-pack");
    std::fs::create_dir_all(to.join("dictionaries")).unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/default");
    for e in walkdir::WalkDir::new(&from).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let rel = e.path().strip_prefix(&from).unwrap();
        std::fs::create_dir_all(to.join(rel).parent().unwrap()).unwrap();
        std::fs::copy(e.path(), to.join(rel)).unwrap();
    }
    let pack = std::fs::read_to_string(to.join("pack.toml")).unwrap();
    let without: String = pack.lines().filter(|l| !l.starts_with("email =")).map(|l| format!("{l}\n")).collect();
    assert_ne!(pack.len(), without.len(), "the e-mail rule was removed");
    std::fs::write(to.join("pack.toml"), without).unwrap();
    to
}

fn metric(port: u16, name: &str) -> Option<f64> {
    std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    let (_, _, body) = common::http(port, "GET", "/metrics", None);
    String::from_utf8_lossy(&body)
        .lines()
        .find(|l| l.starts_with(name))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_canary_is_quiet_on_the_default_pack_and_fires_on_a_broken_one() {
    let (ch, dir, keys) = migrated_sl();
    let url = ch.url();
    let mock = MockCluster::new(1).unwrap();
    for t in ["diag", "diag.dlq", "telemetry", "telemetry.dlq"] {
        mock.create_topic(t, 2, 1).unwrap();
    }
    let brokers = mock.bootstrap_servers();
    // Real traffic beside the canary's: one support package.
    let producer: FutureProducer = ClientConfig::new().set("bootstrap.servers", &brokers).create().unwrap();
    let names = NamePool::from_pack(&RulePack::embedded_default());
    let real = mail::package(&names, 4242).raw;
    producer.send(FutureRecord::to("diag").key("real").payload(&real), Duration::from_secs(10)).await.unwrap();

    // The default pack: nothing found, the canary's traffic counted apart.
    let p = packages_worker(&brokers, &url, Some(&keys), None);
    let t = telemetry(&brokers, &url, &keys, None);
    let (ok, report) = canary_once(&brokers, &url, &keys);
    assert!(ok, "{report}");
    assert_eq!(report["outcome"], "ok", "{report}");
    assert_eq!(report["package_seen"], true);
    assert_eq!(report["events_seen"], report["events_sent"]);
    let run = report["run_id"].as_str().unwrap();
    assert_eq!(ch.query(&format!("SELECT count() FROM sl.canary_results WHERE run_id = '{run}'")).trim(), "4");
    let deadline = Instant::now() + Duration::from_secs(60);
    while ch.query("SELECT count() FROM sl.diagnostic_packages").trim() != "1" {
        assert!(Instant::now() < deadline, "the real package is stored");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(
        ch.query("SELECT count() FROM sl.diagnostic_packages WHERE positionCaseInsensitive(manifest, 'canary') > 0")
            .trim(),
        "0",
        "the canary's package is not among support's packages"
    );
    for table in ["usage_counters", "seat_days", "remote_help_counters", "remote_help_initiators"] {
        assert_eq!(
            ch.query(&format!("SELECT count() FROM sl.{table} WHERE license_id = 'LIC-2020-00000'")).trim(),
            "0",
            "canary events in {table}"
        );
    }
    drop((p, t));

    // A broken pack: the last gate holds the canary's traffic back, and the canary fires.
    let broken = broken_pack(dir.path());
    let p = packages_worker(&brokers, &url, Some(&keys), Some(&broken));
    let t = telemetry(&brokers, &url, &keys, Some(&broken));
    let metrics_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{metrics_port}");
    let mut looping = Worker(
        Command::new(env!("CARGO_BIN_EXE_scrubline"))
            .args(canary_args(&brokers, &url, &keys))
            .args(["--every-minutes", "60", "--first-run-after-seconds", "1", "--metrics-listen", listen.as_str()])
            .env_remove("SCRUBLINE_KEY")
            .stdout(Stdio::piped())
            .stderr(log("canary-loop"))
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(120);
    while metric(metrics_port, "scrubline_canary_runs_total{outcome=\"held_back\"}").unwrap_or(0.0) < 1.0 {
        assert!(Instant::now() < deadline, "no canary run counted as held back");
        std::thread::sleep(Duration::from_millis(300));
    }
    assert_eq!(metric(metrics_port, "scrubline_canary_runs_total{outcome=\"ok\"}"), Some(0.0));
    assert_eq!(metric(metrics_port, "scrubline_canary_leaks_total"), Some(0.0));
    // The run is counted just before its report is printed: read the line, then stop it.
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(looping.0.stdout.take().unwrap()), &mut line).unwrap();
    let _ = looping.0.kill();
    let report: serde_json::Value = serde_json::from_str(&line).unwrap();
    let held: Vec<String> = serde_json::from_value(report["held_back"].clone()).unwrap();
    assert!(held.iter().any(|h| h.contains("quarantined") && h.contains("email")), "{report}");
    assert!(held.iter().any(|h| h.contains("withheld")), "{report}");
    drop((p, t));

    // The default pack again, and a rogue component that copies raw package records into a
    // table and a dead-letter topic: a leak, found in both places.
    let p = packages_worker(&brokers, &url, Some(&keys), None);
    let t = telemetry(&brokers, &url, &keys, None);
    let rogue_ch = ch.url();
    let rogue_brokers = brokers.clone();
    let rogue = tokio::spawn(async move {
        use rdkafka::consumer::{Consumer, StreamConsumer};
        use rdkafka::message::Message;
        let c: StreamConsumer = ClientConfig::new()
            .set("bootstrap.servers", &rogue_brokers)
            .set("group.id", "rogue")
            .set("auto.offset.reset", "earliest")
            .create()
            .unwrap();
        c.subscribe(&["diag"]).unwrap();
        let out: FutureProducer = ClientConfig::new().set("bootstrap.servers", &rogue_brokers).create().unwrap();
        let db = clickhouse::Client::default().with_url(&rogue_ch);
        loop {
            let m = c.recv().await.unwrap();
            let raw = m.payload().unwrap_or_default().to_vec();
            let text = String::from_utf8_lossy(&raw).into_owned();
            db.query("INSERT INTO sl.access_log (path) VALUES (?)").bind(text).execute().await.unwrap();
            out.send(FutureRecord::<(), _>::to("diag.dlq").payload(&raw), Duration::from_secs(10)).await.unwrap();
        }
    });
    // The rogue has caught up (the real package and both earlier canary packages copied)
    // before the canary sends, so it copies the new one as it arrives.
    let deadline = Instant::now() + Duration::from_secs(60);
    while ch.query("SELECT count() FROM sl.access_log WHERE path != ''").trim().parse::<u64>().unwrap() < 3 {
        assert!(Instant::now() < deadline, "the rogue copier did not catch up");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (ok, report) = tokio::task::spawn_blocking({
        let (b, u, k) = (brokers.clone(), url.clone(), keys.clone());
        move || canary_once(&b, &u, &k)
    })
    .await
    .unwrap();
    rogue.abort();
    assert!(!ok, "a leak fails the run: {report}");
    assert_eq!(report["outcome"], "leak", "{report}");
    let leaks: Vec<String> = serde_json::from_value(report["leaks"].clone()).unwrap();
    assert!(leaks.iter().any(|l| l.starts_with("access_log.path")), "{leaks:?}");
    assert!(leaks.iter().any(|l| l.starts_with("diag.dlq/")), "{leaks:?}");
    assert!(!leaks.iter().any(|l| l.starts_with("canary_results")), "the pipeline itself leaked nothing: {leaks:?}");
    drop((p, t));

    // A packages consumer without the keyring stores the canary's mail as a customer's.
    let p = packages_worker(&brokers, &url, None, None);
    let t = telemetry(&brokers, &url, &keys, None);
    let (ok, report) = canary_once(&brokers, &url, &keys);
    assert!(!ok, "{report}");
    assert_eq!(report["outcome"], "misrouted", "{report}");
    drop((p, t));
}
