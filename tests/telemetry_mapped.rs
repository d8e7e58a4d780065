//! Telemetry in the shape an installed base already sends (the event type in `event`, no
//! `schema`, no `event_id`, user blocks, coordinates, free text, declaration numbers), read
//! through a declarative `[events]` mapping: 5,000 events from this file's own generator
//! (written apart from `src/synth`), counted exactly, rejected only where really invalid, and
//! nothing personal in any output file.

use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: enough for test data, and stable across platforms.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const FIRST: &[&str] = &["Zofia", "Bartosz", "Milena", "Радослав", "Десислава", "Ignacy", "Кремена"];
const LAST: &[&str] = &["Przybylska", "Wąsowicz", "Грозданов", "Стайкова", "Olejnik", "Kaczmarczyk"];
const SOURCE_KINDS: &[(&str, &str)] = &[
    ("license_check", "license_checkin"),
    ("module_start", "module_launch"),
    ("msg_sent", "message_sent"),
    ("dict_download", "dictionary_download"),
    ("remote_session", "remote_help"),
];

#[derive(Default)]
struct Truth {
    /// (license, canonical kind) → events counted.
    events: BTreeMap<(String, String), u64>,
    /// (day, license) → distinct seats.
    seats: BTreeMap<(String, String), BTreeSet<String>>,
    /// Reason label → events that must be rejected for it.
    rejected: BTreeMap<String, u64>,
    personal: BTreeSet<String>,
}

fn pesel(r: &mut Rng) -> String {
    let mut d: Vec<u32> = vec![8, 5, 1, 2, 0, 3];
    for _ in 0..4 {
        d.push(r.below(10) as u32);
    }
    let w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    let s: u32 = d.iter().zip(w).map(|(a, b)| a * b).sum();
    d.push((10 - s % 10) % 10);
    d.iter().map(|x| char::from_digit(*x, 10).unwrap()).collect()
}

fn generate(n: usize) -> (String, Truth) {
    let mut r = Rng(20261129);
    let mut t = Truth::default();
    let mut out = String::new();
    let licenses: Vec<String> = (0..12).map(|i| format!("AP-LIC-{:04}-K{}", 1000 + i * 7, i % 3)).collect();
    for i in 0..n {
        let first = r.pick(FIRST);
        let last = r.pick(LAST);
        let login = format!("{}{}", first.chars().next().unwrap().to_lowercase(), r.below(900) + 100);
        let email = format!("user{}.{}@firma-{}.pl", r.below(9000) + 1000, i % 17, r.below(50));
        let ip =
            format!("{}.{}.{}.{}", [81, 89, 2, 195][r.below(4)], r.below(250) + 1, r.below(250) + 1, r.below(250) + 2);
        let license = licenses[r.below(licenses.len())].clone();
        let seat = format!("WS-{}", r.below(40));
        let day = 20 + r.below(5);
        let ts = format!("2026-11-{day:02}T{:02}:{:02}:{:02}Z", r.below(24), r.below(60), r.below(60));
        let (source_kind, kind) = SOURCE_KINDS[r.below(SOURCE_KINDS.len())];
        let full_name = format!("{first} {last}");
        let mrn = format!("26PL3010{:010}", r.next() % 10_000_000_000);
        let id = pesel(&mut r);
        let module = ["ZC415", "NCTS2", "ECS", "AES"][r.below(4)];
        let mut e = json!({
            "event": source_kind,
            "ts": ts,
            "license": license,
            "seat_id": seat,
            "client_ip": ip,
            "user": {"name": full_name, "email": email, "login": login},
            "free_text": format!("Proszę o kontakt: {full_name}, PESEL {id}"),
            "app": {"version": format!("4.{}.0.{}", r.below(3) + 10, r.below(300))},
            "module": module,
            "mrn": mrn,
            "title": format!("Deklaracja - {full_name}"),
            "install_path": format!("C:\\Users\\{login}\\AppData\\Local\\Celina"),
        });
        // Coordinates in either of the two forms installations send.
        if r.below(2) == 0 {
            e["geo"] = json!({"lat": 52.1 + r.below(100) as f64 / 1000.0, "lon": 21.0 + r.below(100) as f64 / 1000.0});
        } else {
            e["geo"] =
                json!(format!("{:.4},{:.4}", 42.6 + r.below(100) as f64 / 1000.0, 23.3 + r.below(100) as f64 / 1000.0));
        }
        match kind {
            "message_sent" => e["message_type"] = json!(r.pick(&["IE815", "IE801", "CC015B"])),
            "dictionary_download" => e["dictionary"] = json!(r.pick(&["TARIC", "CN", "EORI"])),
            "remote_help" => e["duration_ms"] = json!(60_000 * (r.below(30) + 1)),
            _ => {}
        }
        // About one in fifty is really invalid: an event type nobody knows, or a date that is
        // no date.
        let broken = r.below(50);
        if broken == 0 {
            e["event"] = json!("crash_dump");
            *t.rejected.entry("unknown_kind".into()).or_default() += 1;
        } else if broken == 1 {
            e["ts"] = json!("wczoraj po południu");
            *t.rejected.entry("timestamp".into()).or_default() += 1;
        } else {
            *t.events.entry((license.clone(), kind.to_string())).or_default() += 1;
            t.seats.entry((format!("2026-11-{day:02}"), license.clone())).or_default().insert(seat.clone());
        }
        for v in [full_name.as_str(), first, last, &email, &login, &ip, &mrn, &id] {
            t.personal.insert(v.to_string());
        }
        out.push_str(&e.to_string());
        out.push('\n');
    }
    (out, t)
}

const CONFIG: &str = r#"
[events.map]
kind = "event"
license_id = "license"
app_version = "app.version"

[events.kinds]
license_check = "license_checkin"
module_start = "module_launch"
msg_sent = "message_sent"
dict_download = "dictionary_download"
remote_session = "remote_help"

[events.defaults]
schema = 1
"#;

#[test]
fn events_in_the_installed_base_shape_are_counted_exactly_and_hold_nothing_personal() {
    let dir = tempfile::tempdir().unwrap();
    let (events, truth) = generate(5000);
    std::fs::write(dir.path().join("events.ndjson"), &events).unwrap();
    std::fs::write(dir.path().join("job.toml"), CONFIG).unwrap();
    let check = Command::new(env!("CARGO_BIN_EXE_scrubline"))
        .args(["check-config", dir.path().join("job.toml").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let out = dir.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_scrubline"))
        .current_dir(dir.path())
        .args(["run", "--config", "job.toml", "--events", "events.ndjson", "--out", "out"])
        .env_remove("SCRUBLINE_KEY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    let rows = |name: &str| -> Vec<Value> {
        std::fs::read_to_string(out.join(name)).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let mut counted: BTreeMap<(String, String), u64> = BTreeMap::new();
    for r in rows("usage_counters.ndjson") {
        let key = (r["license_id"].as_str().unwrap().to_string(), r["kind"].as_str().unwrap().to_string());
        *counted.entry(key).or_default() += r["events"].as_u64().unwrap();
    }
    assert_eq!(counted, truth.events, "usage counters against the ground truth");
    let seats: BTreeMap<(String, String), u64> = rows("active_seats_daily.ndjson")
        .into_iter()
        .map(|r| {
            (
                (r["day"].as_str().unwrap().to_string(), r["license_id"].as_str().unwrap().to_string()),
                r["active_seats"].as_u64().unwrap(),
            )
        })
        .collect();
    let want: BTreeMap<(String, String), u64> = truth.seats.iter().map(|(k, v)| (k.clone(), v.len() as u64)).collect();
    assert_eq!(seats, want, "active seats per day against the ground truth");
    let mut rejected: BTreeMap<String, u64> = BTreeMap::new();
    for r in rows("rejected.ndjson") {
        *rejected.entry(r["reason"].as_str().unwrap().to_string()).or_default() += 1;
        assert!(r["detail"].as_str().is_some_and(|d| !d.is_empty()), "a rejection explains itself: {r}");
    }
    assert_eq!(rejected, truth.rejected, "only the really invalid events are rejected");
    // Every personal value at once (aho-corasick), over every output file.
    let personal = aho_corasick::AhoCorasick::new(&truth.personal).unwrap();
    for f in std::fs::read_dir(&out).unwrap() {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
        if let Some(m) = personal.find(&text) {
            panic!("{} in the output", &text[m.start()..m.end()]);
        }
    }
}

#[test]
fn rejections_name_the_field_and_never_quote_a_value() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"event":"license_check","ts":"2026-11-23T10:00:00Z","seat_id":"S1"}"#,
        r#"{"event":"license_check","ts":"2026-11-23T10:00:00Z","license":"LIC 1/ jan.kowalski@firma.pl","seat_id":"S1"}"#,
        r#"{"event":"license_check","ts":"jutro","license":"LIC-1","seat_id":"S1"}"#,
        r#"{"event":"crash_dump","ts":"2026-11-23T10:00:00Z","license":"LIC-1","seat_id":"S1"}"#,
        r#"{"event":"license_check","ts":"2026-11-23T10:00:00Z","license":"LIC-1","seat_id":{"user":"jkowalski"}}"#,
        r#"not json at all, PESEL 85120347156"#,
    ];
    std::fs::write(dir.path().join("events.ndjson"), lines.join("\n")).unwrap();
    std::fs::write(dir.path().join("job.toml"), CONFIG).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_scrubline"))
        .current_dir(dir.path())
        .args(["run", "--config", "job.toml", "--events", "events.ndjson", "--out", "out"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(dir.path().join("out/rejected.ndjson")).unwrap();
    let got: Vec<(String, String)> = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| (v["reason"].as_str().unwrap().to_string(), v["detail"].as_str().unwrap().to_string()))
        .collect();
    let want = [
        ("missing_field", "missing field \"license_id\""),
        ("license_id", "license_id has characters outside [A-Za-z0-9_-] or is not 3 to 64 long"),
        ("timestamp", "ts is not a date"),
        ("unknown_kind", "unknown kind"),
        ("wrong_type", "field \"seat_id\" has the wrong type"),
    ];
    for (i, (reason, detail)) in want.iter().enumerate() {
        assert_eq!(&got[i].0, reason, "{text}");
        assert_eq!(&got[i].1, detail, "{text}");
    }
    assert_eq!(got[5].0, "malformed", "{text}");
    for secret in ["jan.kowalski", "jkowalski", "85120347156", "jutro"] {
        assert!(!text.contains(secret) && !String::from_utf8_lossy(&o.stderr).contains(secret), "{secret} quoted");
    }
}

#[test]
fn check_config_points_at_the_line() {
    let dir = tempfile::tempdir().unwrap();
    // A job file's text, and the words and line its error must name.
    let cases = [
        (
            "[events.map]\nkind = \"event\"\n\n[events.kinds]\nlicense_check = \"license_chekin\"\n",
            "license_chekin",
            "line 5",
        ),
        ("[events.mapp]\nkind = \"event\"\n", "mapp", "line 1"),
    ];
    for (i, (text, word, line)) in cases.into_iter().enumerate() {
        let path = dir.path().join(format!("job{i}.toml"));
        std::fs::write(&path, text).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_scrubline")).arg("check-config").arg(&path).output().unwrap();
        let e = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{e}");
        assert!(e.contains(word) && e.contains(line), "{e}");
    }
}
