//! Synthetic telemetry: license and usage events as the desktop applications send them, with
//! the ground truth a test checks the counters against, and every personal value recorded.

use super::values::{self, Rng8};
use super::NamePool;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeMap, BTreeSet};

/// IPs of MaxMind's GeoIP2 test database with their country, and some it does not know.
pub const KNOWN_IPS: &[(&str, &str)] =
    &[("81.2.69.142", "GB"), ("89.160.20.128", "SE"), ("216.160.83.56", "US"), ("2.125.160.216", "GB")];

pub struct Telemetry {
    pub ndjson: String,
    /// Events per kind that must be counted.
    pub by_kind: BTreeMap<&'static str, u64>,
    /// Distinct seats per (day since 1970, license id).
    pub seats: BTreeMap<(u32, String), BTreeSet<String>>,
    /// Events per country from the known IPs ("unknown" for the rest).
    pub by_country: BTreeMap<String, u64>,
    /// Rejections expected, by label.
    pub rejected: BTreeMap<&'static str, u64>,
    /// Personal values written into events; none may reach a counter or a log.
    pub planted: Vec<String>,
    /// Remote help per function (`""`: every session): sessions, uses, duration in ms.
    pub remote_help: BTreeMap<String, RemoteHelpTruth>,
    /// Distinct remote-help initiators (their logins) per (day since 1970, license id).
    pub initiators: BTreeMap<(u32, String), BTreeSet<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RemoteHelpTruth {
    pub sessions: u64,
    pub uses: u64,
    pub duration_ms: u64,
}

const KINDS: &[&str] =
    &["license_checkin", "module_launch", "message_sent", "window_opened", "dictionary_download", "remote_help"];
const MODULES: &[&str] = &["Celina", "Intrastat", "NctsSender", "DeclarationEditor"];
const WINDOWS: &[&str] = &["MainWindow", "DeclarationList", "GoodsItemForm", "SettingsDialog"];
const MESSAGES: &[&str] = &["IE015", "IE028", "ZC215", "PZC"];
const DICTS: &[&str] = &["TARIC", "CN2024", "waluty"];
const HELP_FUNCTIONS: &[&str] = &["screen_view", "remote_control", "file_transfer", "chat", "clipboard", "reboot"];
/// The vendor's helpdesk staff, who start most sessions (logins are personal data).
const HELPERS: &[&str] = &["a.nowak", "m.wisniewska", "helpdesk.petrov", "i.georgieva"];

/// `count` events from `seed`, 2% of them sent twice (a client retry).
pub fn events(names: &NamePool, seed: u64, count: usize) -> Telemetry {
    events_with(names, seed, count, 0.02)
}

/// `count` events, a share `duplicates` of them sent twice with the same `event_id`.
pub fn events_with(names: &NamePool, seed: u64, count: usize, duplicates: f64) -> Telemetry {
    let mut rng = Rng8::seed_from_u64(seed);
    let licenses: Vec<String> = (0..5).map(|i| format!("LIC-2025-{:05}", 100 + i)).collect();
    let mut t = Telemetry {
        ndjson: String::new(),
        by_kind: BTreeMap::new(),
        seats: BTreeMap::new(),
        by_country: BTreeMap::new(),
        rejected: BTreeMap::new(),
        planted: Vec::new(),
        remote_help: BTreeMap::new(),
        initiators: BTreeMap::new(),
    };
    let base = 1_795_392_000i64; // 2026-11-23T00:00:00Z
    for i in 0..count {
        let lic = licenses.choose(&mut rng).expect("non-empty").clone();
        let seat = format!("SEAT-{}", rng.gen_range(0..12));
        let kind = *KINDS.choose(&mut rng).expect("non-empty");
        let ts = base + rng.gen_range(0..3 * 86_400);
        let (ip, country) = if rng.gen_bool(0.7) {
            let (ip, c) = *KNOWN_IPS.choose(&mut rng).expect("non-empty");
            (ip.to_string(), c.to_string())
        } else {
            (values::ipv4(&mut rng), "unknown".to_string())
        };
        let (first, last) = super::person(names, seed ^ i as u64);
        let name = format!("{first} {last}");
        let email = format!("{}.{}@firma.pl", super::translit(&first), super::translit(&last)).to_lowercase();
        let login = format!("{}{}", super::translit(&first).chars().next().unwrap_or('x'), super::translit(&last))
            .to_lowercase();
        let pesel = values::pesel(&mut rng);
        t.planted.extend([name.clone(), email.clone(), login.clone(), ip.clone(), pesel.clone()]);
        let ts_json = if rng.gen_bool(0.5) {
            serde_json::json!(ts)
        } else {
            serde_json::json!(crate::telemetry::event::format_rfc3339(ts))
        };
        let mut e = serde_json::json!({
            "schema": 1, "event_id": format!("{seed}-{i}"), "ts": ts_json, "license_id": lic, "seat_id": seat, "kind": kind,
            "module": MODULES.choose(&mut rng), "app_version": format!("20.{}.3.1", rng.gen_range(0..3)), "os": "Windows 10",
            "client_ip": ip, "user": {"name": name, "email": email, "login": login},
            "text": format!("Użytkownik {name} zgłosił problem, PESEL {pesel}"),
            "extra_field_from_a_newer_client": {"owner": name},
        });
        match kind {
            "message_sent" => {
                e["message_type"] = serde_json::json!(MESSAGES.choose(&mut rng));
                e["count"] = serde_json::json!(rng.gen_range(1..5));
            }
            "window_opened" => e["window"] = serde_json::json!(WINDOWS.choose(&mut rng)),
            "dictionary_download" => {
                e["dictionary"] = serde_json::json!(DICTS.choose(&mut rng));
                e["dictionary_version"] = serde_json::json!("2026.11");
            }
            "remote_help" => {
                let duration = rng.gen_range(1_000..600_000u64);
                e["duration_ms"] = serde_json::json!(duration);
                // Its own generator, so the other kinds' values stay as they were.
                let mut h = Rng8::seed_from_u64(seed.rotate_left(17) ^ i as u64);
                let initiator = if h.gen_bool(0.8) {
                    HELPERS.choose(&mut h).expect("non-empty").to_string()
                } else {
                    login.clone()
                };
                e["initiator"] = serde_json::json!(initiator);
                let mut used: BTreeMap<&str, u64> = BTreeMap::new();
                let mut functions = Vec::new();
                for _ in 0..h.gen_range(0..4) {
                    let f = *HELP_FUNCTIONS.choose(&mut h).expect("non-empty");
                    // Two shapes clients send: a bare name per use, or a name with a count.
                    let uses = if h.gen_bool(0.5) {
                        functions.push(serde_json::json!(f));
                        1
                    } else {
                        let n = h.gen_range(1..6u64);
                        functions.push(serde_json::json!({"name": f, "uses": n}));
                        n
                    };
                    *used.entry(f).or_default() += uses;
                }
                e["functions"] = serde_json::json!(functions);
                t.planted.push(initiator.clone());
                let mut add = |f: &str, uses: u64| {
                    let v = t.remote_help.entry(f.to_string()).or_default();
                    v.sessions += 1;
                    v.uses += uses;
                    v.duration_ms += duration;
                };
                add("", used.values().sum());
                for (f, n) in &used {
                    add(f, *n);
                }
                t.initiators.entry(((ts / 86_400) as u32, lic.clone())).or_default().insert(initiator);
            }
            _ => {}
        }
        t.ndjson.push_str(&e.to_string());
        t.ndjson.push('\n');
        *t.by_kind.entry(kind).or_default() += 1;
        *t.by_country.entry(country).or_default() += 1;
        t.seats.entry(((ts / 86_400) as u32, lic)).or_default().insert(seat);
        // Now and then the same event again (a client retry): counted once.
        if duplicates > 0.0 && rng.gen_bool(duplicates) {
            t.ndjson.push_str(&e.to_string());
            t.ndjson.push('\n');
        }
    }
    // Records that must be rejected, never counted.
    let bad = [
        ("malformed", "{\"schema\": 1, \"event_id\": \"x\", \"ts\": 0, \"kind\": \"module_launch\"".to_string()),
        ("unknown_kind", "{\"schema\":1,\"event_id\":\"u1\",\"ts\":1795392000,\"license_id\":\"LIC-2025-00100\",\"seat_id\":\"S\",\"kind\":\"telepathy\",\"user\":{\"email\":\"jan.kowalski@firma.pl\"}}".to_string()),
        ("schema", "{\"schema\":7,\"event_id\":\"s1\",\"ts\":1795392000,\"license_id\":\"LIC-2025-00100\",\"seat_id\":\"S\",\"kind\":\"module_launch\"}".to_string()),
        // A number where the kind's name belongs: named as the wrong type, the value unquoted.
        ("wrong_type", "{\"schema\":1,\"event_id\":\"m2\",\"ts\":1795392000,\"license_id\":\"LIC-2025-00100\",\"seat_id\":\"jan.kowalski@firma.pl\",\"kind\":44051401359}".to_string()),
    ];
    for (label, line) in bad {
        t.ndjson.push_str(&line);
        t.ndjson.push('\n');
        *t.rejected.entry(label).or_default() += 1;
    }
    t.planted.push("jan.kowalski@firma.pl".into());
    t
}
