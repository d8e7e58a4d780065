//! The Grafana dashboards against the real things they query.
//!
//! ClickHouse panels: template variables are filled (first with every value, as "All"
//! does, then with one value each), Grafana's macros expanded, and every query run on a real
//! ClickHouse server loaded with generated telemetry, packages, licenses, access-log and
//! data-subject rows; each must run, return the shape its panel needs (time series: a
//! `time` column and numbers), return rows, and a few must return the exact truth.
//!
//! Prometheus panels and alert rules: the workers and the service run (Kafka through
//! librdkafka's mock cluster, ClickHouse real), their `/metrics` are scraped, and every
//! metric name an expression uses must be one of them; a real Prometheus scrapes them and
//! evaluates every panel expression; promtool checks and unit-tests the alert rules.

mod common;

use common::clickhouse::ClickHouse;
use rdkafka::config::ClientConfig;
use rdkafka::mocking::MockCluster;
use rdkafka::producer::{FutureProducer, FutureRecord};
use scrubline::engine::RulePack;
use scrubline::synth::{mail, telemetry, NamePool};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const DB: &str = "scrubline";

fn scrubline(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_scrubline")).args(args).env_remove("SCRUBLINE_KEY").output().unwrap();
    assert!(o.status.success(), "scrubline {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// A ClickHouse server with scrubline's schema, and a temporary folder holding a key file.
fn migrated() -> (ClickHouse, tempfile::TempDir, String) {
    let ch = ClickHouse::start();
    scrubline(&["migrate", "--clickhouse-url", &ch.url(), "--clickhouse-database", DB]);
    let dir = tempfile::tempdir().unwrap();
    let keys = common::key_file(dir.path()).to_str().unwrap().to_string();
    (ch, dir, keys)
}

fn dashboards() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("dashboards").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            let d: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            out.push((p.file_name().unwrap().to_string_lossy().into_owned(), d));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(out.len(), 4, "pipeline, usage, licenses, support");
    out
}

/// (panel title, target) for every panel whose data source has this type.
fn targets(d: &Value, ds_type: &str) -> Vec<(String, Value)> {
    d["panels"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["datasource"]["type"] == ds_type)
        .flat_map(|p| {
            p["targets"].as_array().unwrap().iter().map(|t| (p["title"].as_str().unwrap().to_string(), t.clone()))
        })
        .collect()
}

/// Grafana's ClickHouse macros as the plugin expands them, for a range in Unix seconds.
fn expand_macros(sql: &str, from: i64, to: i64) -> String {
    let date = |t: i64| scrubline::calendar::format_date(t.div_euclid(86_400));
    let mut s =
        sql.replace("$__fromTime", &format!("toDateTime({from})")).replace("$__toTime", &format!("toDateTime({to})"));
    for (mac, lo, hi) in [
        ("$__timeFilter(", format!("toDateTime({from})"), format!("toDateTime({to})")),
        ("$__dateFilter(", format!("toDate('{}')", date(from)), format!("toDate('{}')", date(to))),
    ] {
        while let Some(i) = s.find(mac) {
            let rest = &s[i + mac.len()..];
            let end = rest.find(')').unwrap();
            let col = rest[..end].to_string();
            s = format!("{}{col} >= {lo} AND {col} <= {hi}{}", &s[..i], &rest[end + 1..]);
        }
    }
    s
}

/// `${name:singlequote}` filled with `values`.
fn fill_variables(sql: &str, values: &BTreeMap<String, Vec<String>>) -> String {
    let mut s = sql.to_string();
    for (name, vals) in values {
        let quoted: Vec<String> =
            vals.iter().map(|v| format!("'{}'", v.replace('\\', "\\\\").replace('\'', "\\'"))).collect();
        s = s.replace(&format!("${{{name}:singlequote}}"), &quoted.join(","));
    }
    assert!(!s.contains('$'), "unexpanded variable or macro in: {s}");
    s
}

/// Run a query as the data source would; (column name, type) pairs and rows.
fn run(ch: &ClickHouse, sql: &str) -> (Vec<(String, String)>, Vec<Value>) {
    let (status, body) = ch.query_in(DB, &format!("{sql}\nFORMAT JSON"));
    assert_eq!(status, 200, "query failed:\n{sql}\n{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    let meta = v["meta"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["name"].as_str().unwrap().to_string(), m["type"].as_str().unwrap().to_string()))
        .collect();
    (meta, v["data"].as_array().unwrap().clone())
}

fn numeric(t: &str) -> bool {
    let t = t.trim_start_matches("Nullable(").trim_end_matches(')');
    t.starts_with("UInt") || t.starts_with("Int") || t.starts_with("Float") || t.starts_with("Decimal")
}

fn number(v: &Value) -> f64 {
    v.as_f64().or_else(|| v.as_str().and_then(|s| s.parse().ok())).unwrap()
}

#[test]
fn clickhouse_panels_run_on_generated_data_and_return_the_truth() {
    let (ch, dir, keys) = migrated();
    let url = ch.url();
    let db = ["--clickhouse-url", url.as_str(), "--clickhouse-database", DB];
    let k = keys.as_str();

    // Telemetry: counters and seat-days.
    let names = NamePool::from_pack(&RulePack::embedded_default());
    let truth = telemetry::events(&names, 5, 6000);
    let events = dir.path().join("events.ndjson");
    std::fs::write(&events, &truth.ndjson).unwrap();
    let geoip = "tests/data/geoip/GeoIP2-City-Test.mmdb";
    let out = dir.path().join("out");
    let ev = events.to_str().unwrap();
    scrubline(
        &[
            &[
                "run",
                "--to-clickhouse",
                "--key-file",
                k,
                "--geoip",
                geoip,
                "--events",
                ev,
                "--out",
                out.to_str().unwrap(),
            ][..],
            &db,
        ]
        .concat(),
    );

    // Licenses: the first at its limit, the second over it, the rest with room to spare.
    let seats = common::seats_truth(&truth);
    let mut peak: BTreeMap<String, u64> = BTreeMap::new();
    for ((_, lic), n) in &seats {
        let p = peak.entry(lic.clone()).or_default();
        *p = (*p).max(*n);
    }
    let lics: Vec<(String, u64)> = peak.into_iter().collect();
    assert!(lics.len() >= 3);
    let mut csv = String::from("license_id,seats_purchased,customer\n");
    for (i, (lic, p)) in lics.iter().enumerate() {
        let bought = match i {
            0 => *p,
            1 => p - 1,
            _ => p + 10,
        };
        csv += &format!("{lic},{bought},Customer {i}\n");
    }
    let lic_file = dir.path().join("licenses.csv");
    std::fs::write(&lic_file, csv).unwrap();
    scrubline(&[&["licenses", "load", "--key-file", k][..], &db, &[lic_file.to_str().unwrap()]].concat());

    // Packages (one quarantined), access-log rows, a data-subject request.
    let spool = dir.path().join("spool");
    std::fs::create_dir_all(&spool).unwrap();
    for s in 0..6 {
        std::fs::write(spool.join(format!("{s}.eml")), mail::package(&names, 400 + s).raw).unwrap();
    }
    std::fs::write(spool.join("deep.eml"), common::deeply_nested_zip_mail()).unwrap();
    scrubline(&[&["packages", "ingest", "--key-file", k][..], &db, &[spool.to_str().unwrap()]].concat());
    // A package the output verifier refused (made in the test: the product refuses only what
    // its engine missed, which the default pack does not on generated mail).
    ch.query(&format!(
        "INSERT INTO {DB}.package_quarantine (package_id, received_at, reason_label, reason, bytes, source) VALUES \
         ('f00d', now(), 'verify_failed', 'output verification failed: a email value survived in body/text', 1234, 'test')"
    ));
    ch.query(&format!(
        "INSERT INTO {DB}.access_log (at, principal, role, method, path, package_id, status, duration_ms, result) VALUES \
         (now(), 'alice', 'support', 'GET', '/api/packages', '', 200, 3, 'granted'), \
         (now(), '-', '-', 'GET', '/api/packages', '', 401, 1, 'denied')"
    ));
    scrubline(
        &[&["subject", "find", "--key-file", k, "--email", "jan.kowalski@firma.pl", "--reference", "DSR-1"][..], &db]
            .concat(),
    );

    // The range every panel is asked about: the generated data, a day either side.
    let bounds =
        ch.query(&format!("SELECT toUInt32(min(bucket)), toUInt32(max(bucket)) FROM {DB}.usage_counters FORMAT TSV"));
    let (lo, hi) = bounds.trim().split_once('\t').unwrap();
    let from = lo.parse::<i64>().unwrap() - 86_400;
    let to = (hi.parse::<i64>().unwrap() + 86_400).max(scrubline::sinks::clickhouse::unix_now() as i64 + 86_400);

    let mut checked = 0;
    for (file, d) in dashboards() {
        assert!(d["uid"].as_str().is_some_and(|u| u.starts_with("scrubline-")), "{file}: uid");
        let vars: Vec<&Value> = d["templating"]["list"].as_array().unwrap().iter().collect();
        // Every variable's own query runs and offers values.
        let mut all: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for v in &vars {
            assert_eq!(v["datasource"]["uid"], "clickhouse", "{file}: variable data source");
            let (meta, rows) = run(&ch, &expand_macros(v["query"].as_str().unwrap(), from, to));
            let col = &meta[0].0;
            let values: Vec<String> = rows.iter().map(|r| r[col].as_str().unwrap().to_string()).collect();
            assert!(!values.is_empty(), "{file}: variable {} has no values", v["name"]);
            all.insert(v["name"].as_str().unwrap().to_string(), values);
        }
        let one: BTreeMap<String, Vec<String>> = all
            .iter()
            .map(|(k, v)| (k.clone(), vec![v.iter().find(|x| !x.is_empty()).unwrap_or(&v[0]).clone()]))
            .collect();
        for (title, t) in targets(&d, "grafana-clickhouse-datasource") {
            let raw = t["rawSql"].as_str().unwrap();
            assert_eq!(t["editorType"], "sql");
            let timeseries = t["format"] == 0;
            for (label, values) in [("all", &all), ("one", &one)] {
                let sql = fill_variables(&expand_macros(raw, from, to), values);
                let (meta, rows) = run(&ch, &sql);
                if timeseries {
                    assert_eq!(meta[0].0, "time", "{file} / {title}: a time series starts with `time`");
                    assert!(meta[0].1.starts_with("DateTime"), "{file} / {title}: `time` is {}", meta[0].1);
                    assert!(
                        meta[1..].iter().any(|(_, t)| numeric(t)),
                        "{file} / {title}: no numeric column in {meta:?}"
                    );
                }
                if label == "all" {
                    assert!(!rows.is_empty(), "{file} / {title}: no rows on the generated data:\n{sql}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 2 * 19, "{checked} panel queries run");

    // Some panels must also be right, not just shaped right.
    let usage = dashboards().into_iter().find(|d| d.0 == "usage.json").unwrap().1;
    let (_, launches) =
        targets(&usage, "grafana-clickhouse-datasource").into_iter().find(|(t, _)| t == "Module launches").unwrap();
    let all_usage: BTreeMap<String, Vec<String>> = ["license", "module", "version", "country"]
        .iter()
        .map(|v| {
            let q = usage["templating"]["list"].as_array().unwrap().iter().find(|x| x["name"] == *v).unwrap()["query"]
                .as_str()
                .unwrap()
                .to_string();
            let (meta, rows) = run(&ch, &q);
            (v.to_string(), rows.iter().map(|r| r[&meta[0].0].as_str().unwrap().to_string()).collect())
        })
        .collect();
    let (_, rows) =
        run(&ch, &fill_variables(&expand_macros(launches["rawSql"].as_str().unwrap(), from, to), &all_usage));
    let total: f64 = rows.iter().map(|r| number(&r["launches"])).sum();
    assert_eq!(total as u64, truth.by_kind["module_launch"], "module launches equal the generator's count");

    let licenses = dashboards().into_iter().find(|d| d.0 == "licenses.json").unwrap().1;
    let (_, over) = targets(&licenses, "grafana-clickhouse-datasource")
        .into_iter()
        .find(|(t, _)| t == "Licenses at or over their limit")
        .unwrap();
    let every: BTreeMap<String, Vec<String>> =
        [("license".to_string(), lics.iter().map(|(l, _)| l.clone()).collect())].into();
    let (_, rows) = run(&ch, &fill_variables(&expand_macros(over["rawSql"].as_str().unwrap(), from, to), &every));
    let got: BTreeSet<(String, u64, u64)> = rows
        .iter()
        .map(|r| {
            (
                r["license_id"].as_str().unwrap().to_string(),
                number(&r["peak_daily_seats"]) as u64,
                number(&r["seats_purchased"]) as u64,
            )
        })
        .collect();
    let want: BTreeSet<(String, u64, u64)> =
        [(lics[0].0.clone(), lics[0].1, lics[0].1), (lics[1].0.clone(), lics[1].1, lics[1].1 - 1)].into();
    assert_eq!(got, want, "exactly the license at its limit and the one over it");
}

/// A child process killed when the test ends, however it ends.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn spawn(args: &[&str]) -> Proc {
    Proc(
        Command::new(env!("CARGO_BIN_EXE_scrubline"))
            .args(args)
            .env_remove("SCRUBLINE_KEY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    )
}

fn wait_for(what: &str, secs: u64, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Prometheus and promtool from Debian's package, unpacked by scripts/setup.sh.
fn prometheus_tool(name: &str) -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache"));
    let unpacked = cache.join("scrubline-tools/prometheus/usr/bin").join(name);
    if unpacked.exists() {
        return unpacked;
    }
    for dir in std::env::var("PATH").unwrap_or_default().split(':') {
        let p = Path::new(dir).join(name);
        if p.exists() {
            return p;
        }
    }
    panic!("{name} not found: run `bash scripts/setup.sh` (unpacks Debian's prometheus package)");
}

/// Metric names in a PromQL expression: identifiers that are not functions, keywords,
/// label names (in matchers and grouping clauses) or numbers.
fn metric_names(expr: &str) -> BTreeSet<String> {
    const KEYWORDS: &[&str] =
        &["by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset"];
    // Aggregations may be followed by a grouping clause rather than their parenthesis.
    const AGGREGATIONS: &[&str] = &[
        "sum",
        "min",
        "max",
        "avg",
        "count",
        "group",
        "stddev",
        "stdvar",
        "topk",
        "bottomk",
        "quantile",
        "count_values",
    ];
    let b = expr.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b':';
    let mut names = BTreeSet::new();
    let mut i = 0;
    let skip_to = |i: usize, close: u8| i + expr[i..].find(close as char).expect("balanced") + 1;
    while i < b.len() {
        let c = b[i];
        if c == b'"' {
            i = skip_to(i + 1, b'"');
        } else if c == b'{' {
            i = skip_to(i, b'}');
        } else if c == b'[' {
            i = skip_to(i, b']');
        } else if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.') {
                i += 1;
                if matches!(b[i - 1], b'e' | b'E') && i < b.len() && matches!(b[i], b'-' | b'+') {
                    i += 1;
                }
            }
        } else if ident(c) {
            let start = i;
            while i < b.len() && ident(b[i]) {
                i += 1;
            }
            let word = &expr[start..i];
            let next = expr[i..].trim_start();
            if KEYWORDS.contains(&word) {
                if next.starts_with('(') {
                    i = skip_to(i, b')');
                }
            } else if !next.starts_with('(') && !AGGREGATIONS.contains(&word) {
                names.insert(word.to_string());
            }
        } else {
            i += 1;
        }
    }
    names
}

fn url_encode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[test]
fn metric_names_are_extracted_from_promql() {
    let names = metric_names(
        r#"histogram_quantile(0.95, sum by (le, table) (rate(a_bucket{status=~"5.."}[5m]))) / clamp_min(b_total, 1e-9) and on () (time() - c > 600)"#,
    );
    assert_eq!(names, ["a_bucket", "b_total", "c"].map(String::from).into());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prometheus_panels_and_alerts_use_only_exported_metrics() {
    let (ch, dir, keys) = migrated();
    let url = ch.url();
    let db = ["--clickhouse-url", url.as_str(), "--clickhouse-database", DB];
    let k = keys.as_str();

    // Kafka: telemetry (with a few bad records for the dead-letter topic) and packages (one
    // of them quarantined).
    let mock = MockCluster::new(1).unwrap();
    for t in ["telemetry", "telemetry.dlq", "packages", "packages.dlq"] {
        mock.create_topic(t, 2, 1).unwrap();
    }
    let brokers = mock.bootstrap_servers();
    let producer: FutureProducer = ClientConfig::new().set("bootstrap.servers", &brokers).create().unwrap();
    let names = NamePool::from_pack(&RulePack::embedded_default());
    let truth = telemetry::events(&names, 8, 400);
    let mut payloads: Vec<(&str, Vec<u8>)> =
        truth.ndjson.lines().map(|l| ("telemetry", l.as_bytes().to_vec())).collect();
    payloads.push(("telemetry", b"not json".to_vec()));
    for s in 0..3 {
        payloads.push(("packages", mail::package(&names, 500 + s).raw));
    }
    payloads.push(("packages", common::deeply_nested_zip_mail()));
    for (topic, p) in &payloads {
        producer
            .send(FutureRecord::<(), _>::to(topic).payload(p), Duration::from_secs(10))
            .await
            .map_err(|(e, _)| e)
            .unwrap();
    }

    // The two workers, the service and the leak canary, each with /metrics.
    let ports: Vec<u16> = (0..5).map(|_| free_port()).collect();
    let metrics: Vec<String> = [0, 1, 2, 4].iter().map(|&i| format!("127.0.0.1:{}", ports[i])).collect();
    let kafka = ["--kafka-brokers", brokers.as_str()];
    let _telemetry = spawn(
        &[
            &[
                "telemetry",
                "consume",
                "--topic",
                "telemetry",
                "--dlq-topic",
                "telemetry.dlq",
                "--batch",
                "100",
                "--key-file",
                k,
            ][..],
            &kafka,
            &db,
            &["--metrics-listen", &metrics[0]],
        ]
        .concat(),
    );
    let _packages = spawn(
        &[
            &["packages", "consume", "--topic", "packages", "--dlq-topic", "packages.dlq", "--key-file", k][..],
            &kafka,
            &db,
            &["--metrics-listen", &metrics[1]],
        ]
        .concat(),
    );
    let tokens = dir.path().join("tokens.toml");
    let t = tokens.to_str().unwrap();
    let dpo = scrubline(&["tokens", "new", "--file", t, "--name", "dora", "--role", "dpo"]).trim().to_string();
    let listen = format!("127.0.0.1:{}", ports[3]);
    let _service = spawn(
        &[&["serve", "--listen", &listen, "--tokens", t, "--key-file", k][..], &db, &["--metrics-listen", &metrics[2]]]
            .concat(),
    );
    let _canary = spawn(
        &[
            &["canary", "--packages-topic", "packages", "--telemetry-topic", "telemetry", "--key-file", k][..],
            &["--dlq-topic", "packages.dlq", "--dlq-topic", "telemetry.dlq", "--every-minutes", "60"],
            &kafka,
            &db,
            &["--metrics-listen", &metrics[3]],
        ]
        .concat(),
    );
    wait_for("the service", 30, || std::net::TcpStream::connect(&listen).is_ok());
    assert_eq!(common::http(ports[3], "GET", "/api/packages", Some(&dpo)).0, 200);
    let body = br#"{"email": ["jan.kowalski@firma.pl"]}"#;
    assert_eq!(common::http_with_body(ports[3], "POST", "/api/subjects/find", Some(&dpo), body).0, 200);
    let count = |sql: &str| ch.query(sql).trim().parse::<u64>().unwrap_or(0);
    wait_for("telemetry and packages stored", 120, || {
        count(&format!("SELECT sum(events) FROM {DB}.usage_counters FINAL")) > 0
            && count(&format!("SELECT count() FROM {DB}.diagnostic_packages")) >= 3
            && count(&format!("SELECT count() FROM {DB}.package_quarantine")) >= 1
    });

    // What the binary exports, scraped live.
    let mut exported = BTreeSet::new();
    for (i, p) in [ports[0], ports[1], ports[2], ports[4]].iter().enumerate() {
        let mut text = String::new();
        wait_for("metrics of every pipeline", 90, || {
            let (status, _, body) = common::http(*p, "GET", "/metrics", None);
            text = String::from_utf8(body).unwrap();
            // Each worker has handled its bad record (a rejected event, a quarantined package).
            let handled = match i {
                0 => text.contains("scrubline_events_rejected_total") && text.contains("scrubline_kafka_consumer_lag"),
                1 => text.contains("scrubline_package_quarantine_total"),
                // The canary's first run came back clean.
                3 => text.contains("scrubline_canary_last_ok_timestamp_seconds"),
                _ => true,
            };
            status == 200 && handled
        });
        for line in text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            exported.insert(line.split(['{', ' ']).next().unwrap().to_string());
        }
    }
    for name in &exported {
        let base = ["_bucket", "_sum", "_count"].iter().fold(name.as_str(), |n, s| n.strip_suffix(s).unwrap_or(n));
        assert!(
            scrubline::self_metrics::ALL.contains(&base) || scrubline::self_metrics::ALL.contains(&name.as_str()),
            "{name} is exported but not listed in self_metrics::ALL"
        );
    }

    // Dashboards and alert rules use only those.
    let mut exprs = Vec::new();
    for (file, d) in dashboards() {
        for (title, t) in targets(&d, "prometheus") {
            exprs.push((format!("{file} / {title}"), t["expr"].as_str().unwrap().to_string()));
        }
    }
    assert!(exprs.len() >= 13, "{}", exprs.len());
    let rules: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string("dashboards/alerts.yml").unwrap()).unwrap();
    let mut alerts = Vec::new();
    for r in rules["groups"][0]["rules"].as_sequence().unwrap() {
        alerts.push((r["alert"].as_str().unwrap().to_string(), r["expr"].as_str().unwrap().to_string()));
    }
    assert_eq!(alerts.len(), 8);
    for (where_, e) in &exprs {
        for m in metric_names(e) {
            assert!(exported.contains(&m), "{where_}: `{m}` is not exported (exported: {exported:?})");
        }
    }
    for (alert, e) in &alerts {
        for m in metric_names(e) {
            // `up` is Prometheus's own, set for every scrape target.
            assert!(exported.contains(&m) || m == "up", "{alert}: `{m}` is not exported");
        }
    }
    let used: BTreeSet<String> = exprs.iter().chain(&alerts).flat_map(|(_, e)| metric_names(e)).collect();
    for required in [
        "scrubline_kafka_consumer_lag",
        "scrubline_package_quarantine_total",
        "scrubline_last_batch_stored_timestamp_seconds",
        "scrubline_dead_letters_total",
        "scrubline_verify_failures_total",
    ] {
        assert!(used.contains(required), "{required} is on a dashboard or in an alert");
    }

    // A real Prometheus scrapes the three and evaluates every panel expression and rule.
    let pdir = dir.path().join("prometheus");
    std::fs::create_dir_all(&pdir).unwrap();
    let rules_path = std::fs::canonicalize("dashboards/alerts.yml").unwrap();
    let config = format!(
        "global: {{scrape_interval: 1s, evaluation_interval: 1s}}\nrule_files: ['{}']\nscrape_configs:\n  - job_name: scrubline\n    static_configs: [{{targets: [{}]}}]\n",
        rules_path.display(),
        metrics.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(", ")
    );
    std::fs::write(pdir.join("prometheus.yml"), config).unwrap();
    let prom_port = free_port();
    let _prometheus = Proc(
        Command::new(prometheus_tool("prometheus"))
            .arg(format!("--config.file={}", pdir.join("prometheus.yml").display()))
            .arg(format!("--storage.tsdb.path={}", pdir.join("data").display()))
            .arg(format!("--web.listen-address=127.0.0.1:{prom_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let query = |q: &str| -> Value {
        let (status, _, body) = common::http(prom_port, "GET", &format!("/api/v1/query?query={}", url_encode(q)), None);
        let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        assert_eq!(status, 200, "Prometheus refused `{q}`: {v}");
        v
    };
    wait_for("Prometheus", 30, || std::net::TcpStream::connect(("127.0.0.1", prom_port)).is_ok());
    // Prometheus answers 503 until its storage is open: wait for it to say it is ready.
    wait_for("Prometheus ready", 60, || common::http(prom_port, "GET", "/-/ready", None).0 == 200);
    wait_for("four healthy targets scraped a few times", 60, || {
        let v = query("count_over_time(up[1m]) >= 3 and up == 1");
        v["data"]["result"].as_array().is_some_and(|r| r.len() == 4)
    });
    for (where_, e) in &exprs {
        let q = e.replace("$__rate_interval", "1m");
        let v = query(&q);
        assert_eq!(v["status"], "success", "{where_}: {v}");
    }
    let events = query(
        &exprs
            .iter()
            .find(|(w, _)| w.ends_with("Events per second by outcome"))
            .unwrap()
            .1
            .replace("$__rate_interval", "1m"),
    );
    assert!(!events["data"]["result"].as_array().unwrap().is_empty(), "events panel has data: {events}");
    let (_, _, body) = common::http(prom_port, "GET", "/api/v1/rules", None);
    let v: Value = serde_json::from_slice(&body).unwrap();
    let loaded = v["data"]["groups"][0]["rules"].as_array().unwrap();
    assert_eq!(loaded.len(), 8);
    for r in loaded {
        assert_eq!(r["health"], "ok", "rule {} evaluates: {r}", r["name"]);
    }

    // promtool: the rules are valid, and their unit tests (lag, quarantine spike, stall,
    // retention) pass.
    let promtool = prometheus_tool("promtool");
    let check = Command::new(&promtool).args(["check", "rules", "dashboards/alerts.yml"]).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    let test =
        Command::new(&promtool).args(["test", "rules", "alerts_test.yml"]).current_dir("dashboards").output().unwrap();
    assert!(
        test.status.success(),
        "{}{}",
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
}
