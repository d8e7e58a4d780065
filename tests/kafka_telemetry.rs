//! Telemetry exactly once: events through Kafka (librdkafka's mock cluster) into ClickHouse
//! counters while the worker is killed with SIGKILL three times, a second worker joins and
//! leaves (rebalances), and ClickHouse is stopped and restarted mid-stream; 2% of the events
//! are sent twice (client retries, keyed like the clients key them). The counters (FINAL)
//! must equal the generator's ground truth exactly, and no personal value may be anywhere in
//! ClickHouse.

mod common;

use common::clickhouse::ClickHouse;
use common::telemetry_worker::{self, counted, counted_by_kind, migrated_sl, send_keyed, wait_until, Worker};
use rdkafka::mocking::MockCluster;
use scrubline::engine::RulePack;
use scrubline::synth::{telemetry, NamePool};
use std::collections::BTreeMap;
use std::process::Command;
use std::time::Duration;

fn worker(brokers: &str, ch_url: &str, keys: &str) -> Worker {
    telemetry_worker::start(brokers, ch_url, keys, 40)
}

fn number(ch: &ClickHouse, sql: &str) -> u64 {
    ch.query(sql).trim().parse().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counters_stay_exact_through_kills_and_a_clickhouse_outage() {
    let (mut ch, dir, keys) = migrated_sl();
    let url = ch.url();

    let names = NamePool::from_pack(&RulePack::embedded_default());
    // 2% of the events sent twice (a client's retry, often in the next batch).
    let truth = telemetry::events_with(&names, 11, 4000, 0.02);
    let total: u64 = truth.by_kind.values().sum();
    let mock = MockCluster::new(1).unwrap();
    mock.create_topic("telemetry", 3, 1).unwrap();
    mock.create_topic("telemetry.dlq", 1, 1).unwrap();
    let brokers = mock.bootstrap_servers();
    send_keyed(&brokers, truth.ndjson.lines().map(str::to_string)).await;

    // Three SIGKILLs at different depths of the stream.
    for (round, at) in [(1, total / 6), (2, total / 3), (3, total / 2)].into_iter() {
        let w = worker(&brokers, &url, &keys);
        let before = number(&ch, "SELECT count() FROM sl.usage_counters");
        wait_until(&format!("progress in round {round}"), 120, &mut || {
            number(&ch, "SELECT count() FROM sl.usage_counters") > before && counted(&ch) >= at
        });
        drop(w);
    }

    // A second worker joins the group: the partitions are split between the two (a rebalance),
    // then the first one is killed and the second takes all partitions back.
    let w1 = worker(&brokers, &url, &keys);
    let w2 = worker(&brokers, &url, &keys);
    let before = counted(&ch);
    wait_until("progress with two workers", 120, &mut || counted(&ch) > before);
    drop(w1);
    let before = counted(&ch);
    wait_until("progress after the rebalance", 120, &mut || counted(&ch) > before || counted(&ch) >= total);
    drop(w2);

    // ClickHouse goes away mid-stream and comes back; the worker waits and retries.
    let w = worker(&brokers, &url, &keys);
    let before = counted(&ch);
    wait_until("progress before the outage", 120, &mut || counted(&ch) > before);
    ch.stop();
    std::thread::sleep(Duration::from_secs(2));
    ch.restart();
    wait_until("every event counted", 120, &mut || counted(&ch) >= total);
    // Give a last batch time to show up if something were double counted, then stop cleanly.
    std::thread::sleep(Duration::from_millis(800));
    Command::new("kill").args(["-TERM", &w.0.id().to_string()]).status().unwrap();
    let mut w = w;
    wait_until("a clean stop on SIGTERM", 30, &mut || w.0.try_wait().unwrap().is_some());

    let by_kind = counted_by_kind(&ch);
    let want: BTreeMap<String, u64> = truth.by_kind.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    assert_eq!(by_kind, want, "each event counted exactly once");

    let mut seats: BTreeMap<(String, String), u64> = BTreeMap::new();
    for line in ch
        .query("SELECT toString(day), license_id, uniqExact(seat) FROM sl.seat_days FINAL GROUP BY day, license_id")
        .lines()
    {
        let f: Vec<&str> = line.split('\t').collect();
        seats.insert((f[0].to_string(), f[1].to_string()), f[2].parse().unwrap());
    }
    let want_seats = common::seats_truth(&truth);
    assert_eq!(seats, want_seats, "distinct active seats per license and day");

    let mut help: BTreeMap<String, telemetry::RemoteHelpTruth> = BTreeMap::new();
    for line in ch
        .query("SELECT function, sum(sessions), sum(uses), sum(duration_ms) FROM sl.remote_help_counters FINAL GROUP BY function")
        .lines()
    {
        let f: Vec<&str> = line.split('\t').collect();
        let n = |i: usize| f[i].parse::<u64>().unwrap();
        help.insert(f[0].to_string(), telemetry::RemoteHelpTruth { sessions: n(1), uses: n(2), duration_ms: n(3) });
    }
    assert_eq!(help, truth.remote_help, "remote-help sessions, uses and duration per function, exactly once");
    let initiators = ch.query(
        "SELECT sum(n) FROM (SELECT uniqExact(initiator) AS n FROM sl.remote_help_initiators FINAL GROUP BY day, license_id)",
    );
    let want: usize = truth.initiators.values().map(|s| s.len()).sum();
    assert_eq!(initiators.trim(), want.to_string(), "distinct initiators per license and day");

    // License admins: seats bought against distinct seats used per day.
    let csv = dir.path().join("licenses.csv");
    std::fs::write(&csv, "license_id,seats_purchased,customer\nLIC-2025-00100,5,Jan Kowalski\nLIC-2025-00101,50,Agencja Celna Sp. z o.o.\n").unwrap();
    let load = Command::new(env!("CARGO_BIN_EXE_scrubline"))
        .args(["licenses", "load", "--clickhouse-url", &url, "--clickhouse-database", "sl", csv.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(load.status.success(), "{}", String::from_utf8_lossy(&load.stderr));
    assert_eq!(ch.query("SELECT customer FROM sl.licenses FINAL WHERE license_id = 'LIC-2025-00100'"), "[NAME]\n");
    let over = ch.query(
        "SELECT license_id FROM (SELECT license_id, day, uniqExact(seat) AS seats FROM sl.seat_days FINAL GROUP BY license_id, day) \
         ANY INNER JOIN (SELECT license_id, seats_purchased FROM sl.licenses FINAL) USING license_id \
         WHERE seats > seats_purchased GROUP BY license_id ORDER BY license_id",
    );
    assert_eq!(over, "LIC-2025-00100\n", "licenses over their purchased seats");

    let mut everything = String::new();
    for table in [
        "usage_counters",
        "seat_days",
        "remote_help_counters",
        "remote_help_initiators",
        "licenses",
        "diagnostic_packages",
        "package_quarantine",
        "access_log",
    ] {
        everything.push_str(&ch.query(&format!("SELECT * FROM sl.{table} FORMAT TSV")));
    }
    for v in &truth.planted {
        for w in v.split_whitespace().filter(|w| w.chars().count() >= 3) {
            assert!(!common::contains_word(&everything, w), "{w:?} found in ClickHouse");
        }
    }
    assert!(!everything.contains("SEAT-"), "seat ids only as pseudonyms");
}
