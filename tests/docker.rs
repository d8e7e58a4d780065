//! The compose stack cannot run here (no Docker engine), so this checks it statically against
//! the repository and the binary: every file it builds from or mounts exists, every
//! scrubline command and flag is one the binary accepts, every SCRUBLINE_* variable is one
//! the binary reads, ports line up between listeners, Prometheus targets and Grafana data
//! sources, the Kafka topics created are the ones the workers use, and Grafana's data source
//! uids are the ones the dashboards name.

use serde_yaml_ng::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut v: Value = serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    v.apply_merge().unwrap();
    v
}

fn strs(v: &Value) -> Vec<String> {
    v.as_sequence()
        .map(|s| s.iter().map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| format!("{x:?}"))).collect())
        .unwrap_or_default()
}

fn env_of(service: &Value) -> Vec<(String, String)> {
    service["environment"]
        .as_mapping()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                        other => format!("{other:?}"),
                    };
                    (k.as_str().unwrap().to_string(), v)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `${VAR:-default}` as compose would resolve it with VAR unset.
fn resolved(v: &str) -> String {
    match v.strip_prefix("${").and_then(|r| r.strip_suffix('}')).and_then(|r| r.split_once(":-")) {
        Some((_, default)) => default.to_string(),
        None => v.to_string(),
    }
}

/// Variables the binary reads: those clap documents in `--help`, and those read directly.
fn read_directly() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in walkdir::WalkDir::new("src")
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
    {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for pat in ["var(\"", "var_os(\"", "try_from_env(\""] {
            for (i, _) in text.match_indices(pat) {
                let rest = &text[i + pat.len()..];
                out.insert(rest[..rest.find('"').unwrap()].to_string());
            }
        }
    }
    out
}

fn help(args: &[String]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_scrubline")).args(args).arg("--help").output().unwrap();
    assert!(
        o.status.success(),
        "`scrubline {}` is not a command the binary accepts: {}",
        args.join(" "),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn compose_stack_matches_the_repository_and_the_binary() {
    let compose = yaml("docker/compose.yaml");
    let services = compose["services"].as_mapping().unwrap();
    let names: BTreeSet<String> = services.keys().map(|k| k.as_str().unwrap().to_string()).collect();
    for needed in [
        "kafka",
        "kafka-topics",
        "clickhouse",
        "migrate",
        "telemetry-worker",
        "packages-worker",
        "service",
        "prometheus",
        "grafana",
    ] {
        assert!(names.contains(needed), "service {needed} missing");
    }

    // KRaft, not ZooKeeper.
    let kafka_env: std::collections::BTreeMap<_, _> = env_of(&compose["services"]["kafka"]).into_iter().collect();
    assert_eq!(kafka_env["KAFKA_PROCESS_ROLES"], "broker,controller");
    assert!(!names.iter().any(|n| n.contains("zookeeper")));
    let advertised = kafka_env["KAFKA_ADVERTISED_LISTENERS"].strip_prefix("PLAINTEXT://").unwrap().to_string();

    // Files the stack builds from or mounts.
    let dockerfile = std::fs::read_to_string("docker/Dockerfile").unwrap();
    assert!(dockerfile.lines().filter(|l| l.starts_with("FROM ")).count() >= 2, "multi-stage Dockerfile");
    for line in dockerfile.lines().filter(|l| l.starts_with("COPY ") && !l.contains("--from=")) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        for src in &parts[1..parts.len() - 1] {
            assert!(Path::new(src).exists(), "Dockerfile copies {src}, which does not exist");
        }
    }
    let dockerignore = std::fs::read_to_string(".dockerignore").unwrap();
    assert!(dockerignore.lines().any(|l| l == "docker/secrets"), "secrets stay out of the build context");
    let mut scrubline_services = Vec::new();
    for (name, svc) in services {
        let name = name.as_str().unwrap();
        if let Some(b) = svc.get("build") {
            let ctx = Path::new("docker").join(b["context"].as_str().unwrap());
            assert!(ctx.join(b["dockerfile"].as_str().unwrap()).exists(), "{name}: dockerfile");
            scrubline_services.push(name.to_string());
        }
        for m in strs(&svc["volumes"]) {
            let src = m.split(':').next().unwrap();
            if src.starts_with('.') {
                assert!(Path::new("docker").join(src).exists(), "{name} mounts {src}, which does not exist");
            } else {
                assert!(compose["volumes"].get(src).is_some(), "{name}: named volume {src} not declared");
            }
        }
        for s in strs(&svc["secrets"]) {
            let file = compose["secrets"][s.as_str()]["file"]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: secret {s} not declared"));
            assert!(file.starts_with("./secrets/"), "secrets live in docker/secrets (ignored by git)");
        }
        for dep in svc["depends_on"]
            .as_mapping()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_else(|| svc["depends_on"].as_sequence().cloned().unwrap_or_default())
        {
            assert!(names.contains(dep.as_str().unwrap()), "{name} depends on unknown {dep:?}");
        }
    }
    assert!(std::fs::read_to_string(".gitignore").unwrap().contains("docker/secrets/*"));
    assert_eq!(scrubline_services.len(), 5, "{scrubline_services:?}");

    // Commands, flags and variables the binary knows; ports and topics that line up.
    let direct = read_directly();
    let clickhouse_http = "8123";
    let mut metrics_ports = BTreeSet::new();
    let mut topics_used = BTreeSet::new();
    for name in &scrubline_services {
        let svc = &compose["services"][name.as_str()];
        let command = strs(&svc["command"]);
        let text = help(&command);
        for (k, v) in env_of(svc) {
            if !k.starts_with("SCRUBLINE_") {
                continue;
            }
            assert!(
                text.contains(&format!("[env: {k}=")) || direct.contains(&k),
                "{name}: the binary does not read {k}"
            );
            let v = resolved(&v);
            match k.as_str() {
                "SCRUBLINE_CLICKHOUSE_URL" => assert_eq!(v, format!("http://clickhouse:{clickhouse_http}")),
                "SCRUBLINE_KAFKA_BROKERS" => assert_eq!(v, advertised),
                "SCRUBLINE_METRICS_LISTEN" => {
                    metrics_ports.insert(v.rsplit(':').next().unwrap().to_string());
                }
                "SCRUBLINE_LISTEN" => {
                    let port = v.rsplit(':').next().unwrap();
                    assert!(
                        strs(&svc["ports"]).iter().any(|p| p.ends_with(&format!(":{port}"))),
                        "{name} publishes {port}"
                    );
                }
                "SCRUBLINE_GEOIP" => {
                    let in_image = "/usr/share/scrubline/geoip/GeoIP2-City-Test.mmdb";
                    assert_eq!(v, in_image);
                    assert!(dockerfile.contains(&format!("tests/data/geoip/GeoIP2-City-Test.mmdb {in_image}")));
                }
                "SCRUBLINE_RETENTION_POLICY" => assert!(dockerfile.contains(&format!("config/retention.toml {v}"))),
                "SCRUBLINE_KEY_FILE" | "SCRUBLINE_TOKENS" => {
                    let secret = v.strip_prefix("/run/secrets/").expect("keys and tokens come from secrets");
                    assert!(strs(&svc["secrets"]).contains(&secret.to_string()), "{name} mounts secret {secret}");
                }
                _ => {}
            }
        }
        for (i, arg) in command.iter().enumerate() {
            if arg == "--topic" || arg == "--dlq-topic" {
                topics_used.insert(command[i + 1].clone());
            }
        }
    }
    assert_eq!(metrics_ports, BTreeSet::from(["9100".to_string()]));

    let created = compose["services"]["kafka-topics"]["command"][0].as_str().unwrap();
    let created: BTreeSet<String> = created
        .split_whitespace()
        .skip_while(|w| *w != "in")
        .skip(1)
        .take_while(|w| !w.ends_with(';'))
        .chain(created.split_whitespace().skip_while(|w| *w != "in").skip(1).find(|w| w.ends_with(';')))
        .map(|w| w.trim_end_matches(';').split(':').next().unwrap().to_string())
        .collect();
    assert_eq!(created, topics_used, "topics created are the topics used");

    // Prometheus scrapes every scrubline service on its metrics port and loads the alert rules.
    let prom = yaml("docker/prometheus/prometheus.yml");
    let sd = &prom["scrape_configs"][0]["dns_sd_configs"][0];
    assert_eq!(sd["port"].as_u64().unwrap().to_string(), "9100");
    let scraped: BTreeSet<String> = strs(&sd["names"]).into_iter().collect();
    let with_metrics: BTreeSet<String> = scrubline_services.iter().filter(|s| *s != "migrate").cloned().collect();
    assert_eq!(scraped, with_metrics);
    let mounts = strs(&compose["services"]["prometheus"]["volumes"]);
    for rule in strs(&prom["rule_files"]) {
        assert!(mounts.iter().any(|m| m.split(':').nth(1) == Some(rule.as_str())), "rule file {rule} is mounted");
    }
    assert!(mounts.iter().any(|m| m.starts_with("../dashboards/alerts.yml:")));

    // Grafana: data sources at the services' ports, uids the dashboards use, dashboards mounted.
    let ds = yaml("docker/grafana/provisioning/datasources/datasources.yaml");
    let mut uids = BTreeSet::new();
    for d in ds["datasources"].as_sequence().unwrap() {
        uids.insert(d["uid"].as_str().unwrap().to_string());
        match d["type"].as_str().unwrap() {
            "prometheus" => assert_eq!(d["url"].as_str().unwrap(), "http://prometheus:9090"),
            "grafana-clickhouse-datasource" => {
                assert_eq!(d["jsonData"]["host"].as_str().unwrap(), "clickhouse");
                assert_eq!(d["jsonData"]["port"].as_u64().unwrap().to_string(), clickhouse_http);
                assert_eq!(d["jsonData"]["defaultDatabase"].as_str().unwrap(), "scrubline");
            }
            other => panic!("unexpected data source {other}"),
        }
    }
    let grafana = &compose["services"]["grafana"];
    assert!(env_of(grafana)
        .iter()
        .any(|(k, v)| k == "GF_INSTALL_PLUGINS" && v.contains("grafana-clickhouse-datasource")));
    let provider = yaml("docker/grafana/provisioning/dashboards/dashboards.yaml");
    let path = provider["providers"][0]["options"]["path"].as_str().unwrap();
    assert!(strs(&grafana["volumes"]).contains(&format!("../dashboards:{path}:ro")));
    for entry in std::fs::read_dir("dashboards").unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "json") {
            let d: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            for panel in d["panels"].as_array().unwrap() {
                let uid = panel["datasource"]["uid"].as_str().unwrap();
                assert!(uids.contains(uid), "{}: panel uses data source {uid}", p.display());
            }
        }
    }
}
