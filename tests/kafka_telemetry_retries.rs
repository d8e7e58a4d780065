//! A client's retry counts once also when it lands in a later batch, and after the worker
//! restarts: events through Kafka (librdkafka's mock cluster) into a real ClickHouse, with
//! retries sent long after their first copies were counted and committed.

mod common;

use common::telemetry_worker::{self, counted, counted_by_kind, migrated_sl, send_keyed, wait_until};
use rdkafka::mocking::MockCluster;
use scrubline::engine::RulePack;
use scrubline::synth::{telemetry, NamePool};
use scrubline::telemetry::EventKey;
use std::collections::BTreeMap;
use std::time::Duration;

fn sum(a: &mut BTreeMap<String, u64>, t: &telemetry::Telemetry) {
    for (k, n) in &t.by_kind {
        *a.entry(k.to_string()).or_default() += n;
    }
}

/// Every `step`th of the `events` valid events of `t` (sent without duplicates, they come
/// first; the generator's deliberately bad records follow them).
fn retries(t: &telemetry::Telemetry, events: usize, from: usize, step: usize) -> Vec<String> {
    t.ndjson.lines().take(events).skip(from).step_by(step).map(str::to_string).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_in_later_batches_and_after_a_restart_count_once() {
    let (ch, _dir, keys) = migrated_sl();
    let url = ch.url();
    let names = NamePool::from_pack(&RulePack::embedded_default());
    let mock = MockCluster::new(1).unwrap();
    mock.create_topic("telemetry", 2, 1).unwrap();
    mock.create_topic("telemetry.dlq", 1, 1).unwrap();
    let brokers = mock.bootstrap_servers();
    let mut want = BTreeMap::new();

    // First events, counted and committed. The window: one of them was counted five days ago
    // (outside it: counted again, and that old day is dropped), and an event counted yesterday
    // is sent again (inside it: not counted).
    let first = telemetry::events_with(&names, 21, 300, 0.0);
    sum(&mut want, &first);
    let today = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() / 86_400;
    let first_id = "21-7";
    assert!(first.ndjson.contains(&format!("\"event_id\":\"{first_id}\"")));
    let from_yesterday =
        first.ndjson.lines().next().unwrap().replace("\"event_id\":\"21-0\"", "\"event_id\":\"old-1\"");
    ch.query(&format!(
        "INSERT INTO sl.seen_events VALUES (toDate({} * 86400), '{}', 9, 0), (toDate({} * 86400), '{}', 9, 0)",
        today - 5,
        EventKey::of(first_id).hex(),
        today - 1,
        EventKey::of("old-1").hex()
    ));
    send_keyed(&brokers, first.ndjson.lines().map(str::to_string).chain([from_yesterday])).await;
    let w = telemetry_worker::start(&brokers, &url, &keys, 25);
    wait_until("the first events counted", 120, &mut || counted(&ch) >= 300);
    wait_until("the day outside the window dropped", 30, &mut || {
        ch.query(&format!("SELECT count() FROM sl.seen_events WHERE seen_day < toDate({} * 86400)", today - 2)) == "0\n"
    });

    // Retries of 60 of them, long after their batches were stored, mixed with new events.
    let second = telemetry::events_with(&names, 22, 200, 0.0);
    sum(&mut want, &second);
    let mut lines = retries(&first, 300, 0, 5);
    assert_eq!(lines.len(), 60);
    lines.extend(second.ndjson.lines().map(str::to_string));
    send_keyed(&brokers, lines).await;
    wait_until("the second events counted", 120, &mut || counted(&ch) >= 500);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(counted_by_kind(&ch), want, "retries in later batches counted once");

    // The worker dies; retries of both earlier sets and new events wait for the next one.
    drop(w);
    let third = telemetry::events_with(&names, 23, 100, 0.0);
    sum(&mut want, &third);
    let mut lines = retries(&first, 300, 2, 10);
    lines.extend(retries(&second, 200, 1, 4));
    lines.extend(third.ndjson.lines().map(str::to_string));
    send_keyed(&brokers, lines).await;
    let w = telemetry_worker::start(&brokers, &url, &keys, 25);
    wait_until("the third events counted", 120, &mut || counted(&ch) >= 600);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(counted_by_kind(&ch), want, "retries after a restart counted once");
    drop(w);

    // Remote help follows the same rule, and every counted event left exactly one key.
    let mut help = first.remote_help.clone();
    for t in [&second, &third] {
        for (f, v) in &t.remote_help {
            let h = help.entry(f.clone()).or_default();
            h.sessions += v.sessions;
            h.uses += v.uses;
            h.duration_ms += v.duration_ms;
        }
    }
    let sessions = ch.query("SELECT sum(sessions) FROM sl.remote_help_counters FINAL WHERE function = ''");
    assert_eq!(sessions.trim(), help[""].sessions.to_string());
    // The one from yesterday stays; each event counted here left one key.
    assert_eq!(ch.query("SELECT uniqExact(event_key), count() FROM sl.seen_events"), "601\t601\n");
}

/// A worker dies after storing a batch's counters and before its keys (a test hook aborts it
/// there); the next one, with smaller batches, must still count every event once: its replay
/// reaches as far as the stored counters, and writes the keys.
#[cfg(feature = "test-hooks")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_between_counters_and_keys_loses_and_doubles_nothing() {
    let (ch, _dir, keys) = migrated_sl();
    let url = ch.url();
    let names = NamePool::from_pack(&RulePack::embedded_default());
    let mock = MockCluster::new(1).unwrap();
    mock.create_topic("telemetry", 1, 1).unwrap();
    mock.create_topic("telemetry.dlq", 1, 1).unwrap();
    let brokers = mock.bootstrap_servers();
    let events = telemetry::events_with(&names, 41, 200, 0.0);
    let mut want = BTreeMap::new();
    sum(&mut want, &events);
    send_keyed(&brokers, events.ndjson.lines().map(str::to_string)).await;

    let mut dying = telemetry_worker::command(&brokers, &url, &keys, 60);
    dying.env("SCRUBLINE_TEST_DIE_BEFORE_SEEN_KEYS", "1");
    let mut dying = telemetry_worker::spawn(dying);
    wait_until("the hook to end the first worker", 120, &mut || dying.0.try_wait().unwrap().is_some());
    assert!(counted(&ch) > 0, "the first batch's counters were stored");
    assert_eq!(ch.query("SELECT count() FROM sl.seen_events"), "0\n", "and none of its keys");

    let w = telemetry_worker::start(&brokers, &url, &keys, 10);
    wait_until("every event counted", 120, &mut || counted(&ch) >= 200);
    send_keyed(&brokers, retries(&events, 200, 0, 10)).await;
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(counted_by_kind(&ch), want, "each event counted once");
    assert_eq!(ch.query("SELECT uniqExact(event_key) FROM sl.seen_events"), "200\n");
    drop(w);
}
