//! scrubline on more than one ClickHouse server. `migrate --clickhouse-cluster NAME` creates
//! replicated local tables and Distributed tables over them, `ON CLUSTER`; both need
//! ZooKeeper, which the test machines do not run. So:
//! - the printed plan is checked: every table `ON CLUSTER`, replicated, distributed by the
//!   `-- shard by:` key of its file, and for every table whose rows replace others the shard
//!   key uses only sort-key columns (a replacing row lands where the row it replaces is);
//! - the same plan, without `ON CLUSTER` and replication, is created on two real 18.16 servers
//!   forming a two-shard cluster, and telemetry runs through Kafka (librdkafka's mock
//!   cluster) into it while the worker is killed: the counters read through the Distributed
//!   tables equal the ground truth, and both shards hold rows.

mod common;

use common::clickhouse::ClickHouse;
use common::telemetry_worker::{self, send_keyed, wait_until, Worker};
use rdkafka::mocking::MockCluster;
use scrubline::engine::RulePack;
use scrubline::synth::{telemetry, NamePool};
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::time::Duration;

const CLUSTER: &str = "two_shards";

fn plan() -> Vec<String> {
    let o = Command::new(env!("CARGO_BIN_EXE_scrubline"))
        .args(["migrate", "--clickhouse-cluster", CLUSTER, "--clickhouse-database", "sl", "--print"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .split(";\n")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The identifiers a SQL expression names (functions excluded).
fn columns(expr: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut word = String::new();
    for (i, c) in expr.char_indices().chain([(expr.len(), ' ')]) {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if !word.is_empty() && !word.chars().next().unwrap().is_ascii_digit() && !expr[i..].starts_with('(') {
            out.insert(std::mem::take(&mut word));
        }
        word.clear();
    }
    out
}

#[test]
fn the_cluster_plan_replicates_distributes_and_shards_by_the_replacing_key() {
    let plan = plan();
    assert_eq!(plan[0], format!("CREATE DATABASE IF NOT EXISTS sl ON CLUSTER {CLUSTER}"));
    let mut tables = BTreeMap::new();
    for stmt in &plan[1..] {
        assert!(stmt.contains(&format!(" ON CLUSTER {CLUSTER}")), "{stmt}");
        if stmt.starts_with("ALTER TABLE") {
            continue;
        }
        let name = stmt.split_whitespace().nth(5).unwrap().trim_start_matches("sl.").to_string();
        tables.insert(name, stmt.clone());
    }
    let mut replacing = 0;
    for (name, stmt) in &tables {
        let Some(table) = name.strip_suffix("_local") else { continue };
        assert!(stmt.contains("ENGINE = Replicated"), "{stmt}");
        assert!(stmt.contains(&format!("('/clickhouse/tables/{{shard}}/sl/{name}', '{{replica}}'")), "{stmt}");
        let dist = &tables[table];
        let prefix = format!("ENGINE = Distributed({CLUSTER}, sl, {name}, ");
        let key = dist.split_once(&prefix).unwrap_or_else(|| panic!("{dist}")).1.strip_suffix(')').unwrap();
        if stmt.contains("ReplicatedReplacingMergeTree") {
            replacing += 1;
            let order = stmt.split_once("ORDER BY").unwrap().1;
            let (sort, shard) = (columns(order), columns(key));
            assert!(!shard.is_empty() && shard.is_subset(&sort), "{table}: shard key {key} outside ORDER BY {order}");
        }
    }
    assert!(tables.contains_key("usage_counters") && tables.contains_key("seen_events_local"));
    assert!(replacing >= 8, "the replacing tables were checked ({replacing})");
}

/// The plan for servers without ZooKeeper: created on each server, not replicated.
fn without_zookeeper(stmt: &str) -> String {
    let s = stmt.replace(&format!(" ON CLUSTER {CLUSTER}"), "");
    match s.split_once("ENGINE = Replicated") {
        Some((head, engine)) => {
            let (name, args) = engine.split_once('(').unwrap();
            let rest = args.split_once("'{replica}'").unwrap().1.trim_start_matches(", ");
            format!("{head}ENGINE = {name}({rest}")
        }
        None => s,
    }
}

fn worker(brokers: &str, url: &str, keys: &str) -> Worker {
    let mut c = telemetry_worker::command(brokers, url, keys, 40);
    c.args(["--clickhouse-cluster", CLUSTER]);
    telemetry_worker::spawn(c)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telemetry_counts_exactly_once_across_two_shards() {
    let nodes = ClickHouse::start_cluster(CLUSTER, 2);
    for node in &nodes {
        node.query("CREATE DATABASE IF NOT EXISTS sl");
        for stmt in &plan()[1..] {
            node.query(&without_zookeeper(stmt));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let keys = common::key_file(dir.path()).to_str().unwrap().to_string();
    let names = NamePool::from_pack(&RulePack::embedded_default());
    let truth = telemetry::events_with(&names, 31, 1500, 0.02);
    let total: u64 = truth.by_kind.values().sum();
    let mock = MockCluster::new(1).unwrap();
    mock.create_topic("telemetry", 3, 1).unwrap();
    let brokers = mock.bootstrap_servers();
    send_keyed(&brokers, truth.ndjson.lines().map(str::to_string)).await;

    let url = nodes[0].url();
    let counted = || telemetry_worker::counted(&nodes[0]);
    for at in [total / 4, total / 2] {
        let w = worker(&brokers, &url, &keys);
        wait_until("progress", 120, &mut || counted() >= at);
        drop(w); // SIGKILL
    }
    let w = worker(&brokers, &url, &keys);
    wait_until("every event counted", 120, &mut || counted() >= total);
    std::thread::sleep(Duration::from_millis(1500));
    drop(w);

    let by_kind = telemetry_worker::counted_by_kind(&nodes[0]);
    let want: BTreeMap<String, u64> = truth.by_kind.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    assert_eq!(by_kind, want, "each event counted exactly once across the shards");
    let sessions = nodes[0].query("SELECT sum(sessions) FROM sl.remote_help_counters FINAL WHERE function = ''");
    assert_eq!(sessions.trim(), truth.remote_help[""].sessions.to_string());
    let seats =
        nodes[0].query("SELECT sum(n) FROM (SELECT uniqExact(seat) AS n FROM sl.seat_days GROUP BY day, license_id)");
    let want_seats: u64 = common::seats_truth(&truth).values().sum();
    assert_eq!(seats.trim(), want_seats.to_string(), "distinct seats per license and day");
    for (i, node) in nodes.iter().enumerate() {
        let rows: u64 = node.query("SELECT count() FROM sl.usage_counters_local").trim().parse().unwrap();
        assert!(rows > 0, "shard {} holds counter rows", i + 1);
    }
}
