//! `scrubline run` on generated telemetry: the counters equal the generator's ground truth
//! exactly (events per kind and per country, distinct seats per license and day, duplicates
//! counted once, bad records rejected by reason), and no personal value reaches any output.

mod common;

use scrubline::engine::RulePack;
use scrubline::synth::{telemetry, NamePool};
use std::collections::BTreeMap;
use std::process::Command;

fn read_ndjson(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn counters_equal_ground_truth_and_hold_no_personal_data() {
    let names = NamePool::from_pack(&RulePack::embedded_default());
    let truth = telemetry::events(&names, 77, 3000);
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.ndjson");
    std::fs::write(&events, &truth.ndjson).unwrap();
    let out = dir.path().join("out");
    let geoip = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/geoip/GeoIP2-City-Test.mmdb");
    let o = Command::new(env!("CARGO_BIN_EXE_scrubline"))
        .args(["run", "--events", events.to_str().unwrap(), "--out", out.to_str().unwrap(), "--geoip", geoip])
        .env_remove("SCRUBLINE_KEY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");

    let usage = read_ndjson(&out.join("usage_counters.ndjson"));
    let mut by_kind: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_country: BTreeMap<String, u64> = BTreeMap::new();
    for row in &usage {
        let n = row["events"].as_u64().unwrap();
        *by_kind.entry(row["kind"].as_str().unwrap().to_string()).or_default() += n;
        *by_country.entry(row["country"].as_str().unwrap().to_string()).or_default() += n;
    }
    let want_kind: BTreeMap<String, u64> = truth.by_kind.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    assert_eq!(by_kind, want_kind, "events per kind");
    assert_eq!(by_country, truth.by_country, "events per country (GeoIP test database)");

    let seats = read_ndjson(&out.join("active_seats_daily.ndjson"));
    let got: BTreeMap<(String, String), u64> = seats
        .iter()
        .map(|r| {
            (
                (r["day"].as_str().unwrap().to_string(), r["license_id"].as_str().unwrap().to_string()),
                r["active_seats"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = common::seats_truth(&truth);
    assert_eq!(got, want, "distinct active seats per license and day");

    // Remote help: sessions, uses and duration per function, and distinct initiators.
    let mut help: BTreeMap<String, telemetry::RemoteHelpTruth> = BTreeMap::new();
    for r in read_ndjson(&out.join("remote_help_counters.ndjson")) {
        let v = help.entry(r["function"].as_str().unwrap().to_string()).or_default();
        v.sessions += r["sessions"].as_u64().unwrap();
        v.uses += r["uses"].as_u64().unwrap();
        v.duration_ms += r["duration_ms"].as_u64().unwrap();
    }
    assert_eq!(help, truth.remote_help, "remote-help counters per function");
    assert_eq!(help[""].sessions, truth.by_kind["remote_help"], "every session counted once under \"\"");
    let initiators: BTreeMap<(String, String), u64> = read_ndjson(&out.join("remote_help_initiators_daily.ndjson"))
        .iter()
        .map(|r| {
            let key = (r["day"].as_str().unwrap().to_string(), r["license_id"].as_str().unwrap().to_string());
            (key, r["initiators"].as_u64().unwrap())
        })
        .collect();
    let want_initiators: BTreeMap<(String, String), u64> = truth
        .initiators
        .iter()
        .map(|((day, lic), s)| ((scrubline::calendar::format_date(*day as i64), lic.clone()), s.len() as u64))
        .collect();
    assert_eq!(initiators, want_initiators, "distinct remote-help initiators per license and day");

    let mut rejected: BTreeMap<String, u64> = BTreeMap::new();
    for r in read_ndjson(&out.join("rejected.ndjson")) {
        *rejected.entry(r["reason"].as_str().unwrap().to_string()).or_default() += 1;
    }
    let want_rej: BTreeMap<String, u64> = truth.rejected.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    assert_eq!(rejected, want_rej);

    let mut everything = stderr.into_owned();
    for f in [
        "usage_counters.ndjson",
        "active_seats_daily.ndjson",
        "remote_help_counters.ndjson",
        "remote_help_initiators_daily.ndjson",
        "rejected.ndjson",
    ] {
        everything.push_str(&std::fs::read_to_string(out.join(f)).unwrap());
    }
    for v in &truth.planted {
        for w in v.split_whitespace().filter(|w| w.chars().count() >= 3) {
            assert!(!common::contains_word(&everything, w), "{w:?} reached the output");
        }
    }
    assert!(!everything.contains("SEAT-"), "seat ids are pseudonymized and only counted");
}
