//! Data-subject requests end to end against a real ClickHouse server: one synthetic person
//! planted across packages (as sender, in a zipped CSV, by phone only, and again after a key
//! rotation) and telemetry events (her seat, her e-mail in the user block). `subject find`
//! and `export` return exactly her records; `erase` leaves no token of hers and no plaintext
//! anywhere while the other records stay; every request is in the audit trail; after `object`
//! her later packages and events are dropped at intake, even under a newer key. The service
//! refuses a world-readable keyring and lets only the DPO look people up.

mod common;

use common::clickhouse::ClickHouse;
use common::{http_with_body, key_file};
use rand::SeedableRng;
use scrubline::engine::{Kind, RulePack};
use scrubline::packages::package_id;
use scrubline::subjects::{Identifier, Subject};
use scrubline::synth::{mail, values, NamePool};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NAME: &str = "Katarzyna Wiśniewska";
const EMAIL: &str = "k.wisniewska@biuro-celne.pl";
const PHONE: &str = "+48 601 234 567";
const SEAT: &str = "LIC-7001/SEAT-KW";
const LOGIN: &str = "k.wisniewska";

fn scrubline(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_scrubline")).args(args).env_remove("SCRUBLINE_KEY").output().unwrap()
}

fn ok(o: std::process::Output) -> (String, String) {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (String::from_utf8(o.stdout).unwrap(), String::from_utf8(o.stderr).unwrap())
}

fn message(from: (&str, &str), body: &str, attachment: Option<(&str, Vec<u8>)>) -> Vec<u8> {
    let mut m = mail_builder::MessageBuilder::new()
        .from(from)
        .to("support@vendor.example")
        .subject("Problem z wysyłką deklaracji")
        .text_body(body.to_string());
    if let Some((name, bytes)) = attachment {
        m = m.attachment("application/zip", name, bytes);
    }
    m.write_to_vec().unwrap()
}

fn events(path: &Path, prefix: &str) {
    let mut lines = String::new();
    let (lic, seat) = SEAT.split_once('/').unwrap();
    for (i, day) in ["2026-11-20", "2026-11-20", "2026-11-21", "2026-11-21"].iter().enumerate() {
        lines += &serde_json::json!({"schema": 1, "event_id": format!("{prefix}-her-{i}"), "ts": format!("{day}T10:0{i}:00Z"),
            "license_id": lic, "seat_id": seat, "kind": "module_launch", "module": "NCTS",
            "user": {"email": EMAIL, "name": NAME}}).to_string();
        lines.push('\n');
        lines += &serde_json::json!({"schema": 1, "event_id": format!("{prefix}-other-{i}"), "ts": format!("{day}T11:0{i}:00Z"),
            "license_id": lic, "seat_id": format!("SEAT-{i}"), "kind": "module_launch", "module": "NCTS",
            "user": {"email": format!("user{i}@firma.pl")}}).to_string();
        lines.push('\n');
    }
    // A remote-help session she started (as a customer's power user), and one by the helpdesk.
    for (i, who) in [LOGIN, "helpdesk.petrov"].iter().enumerate() {
        lines +=
            &serde_json::json!({"schema": 1, "event_id": format!("{prefix}-help-{i}"), "ts": "2026-11-21T12:00:00Z",
            "license_id": lic, "seat_id": format!("SEAT-{i}"), "kind": "remote_help", "duration_ms": 60000,
            "initiator": who, "functions": ["screen_view", {"name": "file_transfer", "uses": 2}]})
            .to_string();
        lines.push('\n');
    }
    std::fs::write(path, lines).unwrap();
}

/// Every row of every table, as text.
fn everything(ch: &ClickHouse, except: &[&str]) -> String {
    let tables = ch.query("SELECT name FROM system.tables WHERE database = 'sl' FORMAT TSV");
    let mut all = String::new();
    for t in tables.lines().filter(|t| !except.contains(t)) {
        all += &ch.query(&format!("SELECT * FROM sl.{t} FORMAT TSV"));
    }
    all
}

#[test]
fn find_export_erase_and_object_are_complete() {
    let ch = ClickHouse::start();
    let url = ch.url();
    let db = ["--clickhouse-url", url.as_str(), "--clickhouse-database", "sl"];
    ok(scrubline(&[&["migrate"][..], &db].concat()));
    let dir = tempfile::tempdir().unwrap();
    let keys = key_file(dir.path());
    let k = keys.to_str().unwrap();
    let pesel = values::pesel(&mut values::Rng8::seed_from_u64(77));
    let names = NamePool::from_pack(&RulePack::embedded_default());

    // Her packages, and other people's.
    let csv = format!("name,email,phone\n{NAME},{EMAIL},601-234-567\nJan Nowak,j.nowak@firma.pl,602-000-111\n");
    let hers = [
        message((NAME, EMAIL), &format!("Dzień dobry, w załączeniu log. Mój PESEL: {pesel}."), None),
        message(
            ("Piotr Zając", "p.zajac@agencja.pl"),
            "Eksport kontaktów w załączniku.",
            Some(("kontakty.zip", mail::zip(&[("kontakty.csv", csv.as_bytes())]))),
        ),
        message(("Adam Król", "a.krol@agencja.pl"), &format!("Proszę oddzwonić do klientki: {PHONE}."), None),
    ];
    let others: Vec<Vec<u8>> = (0..4).map(|s| mail::package(&names, 300 + s).raw).collect();
    let spool = dir.path().join("spool");
    std::fs::create_dir_all(&spool).unwrap();
    for (i, raw) in hers.iter().chain(&others).enumerate() {
        std::fs::write(spool.join(format!("{i}.eml")), raw).unwrap();
    }
    let ingest = |path: &Path| {
        ok(scrubline(&[&["packages", "ingest", "--key-file", k][..], &db, &[path.to_str().unwrap()]].concat())).1
    };
    assert!(ingest(&spool).contains("stored 7 package(s)"));
    let ev = dir.path().join("events.ndjson");
    events(&ev, "a");
    let out = dir.path().join("out");
    let run = |ev: &Path| {
        ok(scrubline(
            &[
                &[
                    "run",
                    "--to-clickhouse",
                    "--key-file",
                    k,
                    "--events",
                    ev.to_str().unwrap(),
                    "--out",
                    out.to_str().unwrap(),
                ][..],
                &db,
            ]
            .concat(),
        ))
        .1
    };
    run(&ev);

    // A key rotation, then one more package from her under the new key.
    ok(scrubline(&["keys", "rotate", "--key-file", k]));
    let late = message((NAME, EMAIL), &format!("Ponownie: PESEL {pesel}, telefon {PHONE}."), None);
    std::fs::write(dir.path().join("late.eml"), &late).unwrap();
    assert!(ingest(&dir.path().join("late.eml")).contains("stored 1 package(s)"));

    let her_ids: BTreeSet<String> = hers.iter().chain([&late]).map(|r| package_id(r)).collect();
    let who: [&str; 12] =
        ["--email", EMAIL, "--pesel", &pesel, "--phone", PHONE, "--name", NAME, "--login", LOGIN, "--seat", SEAT];
    let ask = |cmd: &[&str], extra: &[&str]| {
        ok(scrubline(
            &[cmd, &db, &["--key-file", k, "--operator", "dpo-anna", "--reference", "DSR-2026-17"], &who[..], extra]
                .concat(),
        ))
    };

    // Find: exactly her four packages and her two seat-days.
    let (found, _) = ask(&["subject", "find"], &[]);
    let found: serde_json::Value = serde_json::from_str(&found).unwrap();
    let ids: BTreeSet<String> =
        found["packages"].as_array().unwrap().iter().map(|p| p["package_id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, her_ids);
    assert_eq!(found["seat_days"], 2);
    assert_eq!(found["remote_help_initiator_days"], 1);
    // One identifier alone finds the packages that carry it, under either key.
    let by_pesel = ok(scrubline(&[&["subject", "find"][..], &db, &["--key-file", k, "--pesel", &pesel]].concat())).0;
    let by_pesel: serde_json::Value = serde_json::from_str(&by_pesel).unwrap();
    let ids: BTreeSet<String> = by_pesel["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["package_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, [package_id(&hers[0]), package_id(&late)].into_iter().collect());
    let typo = scrubline(&[&["subject", "find"][..], &db, &["--key-file", k, "--pesel", "44051401358"]].concat());
    assert!(!typo.status.success() && String::from_utf8_lossy(&typo.stderr).contains("not a valid PESEL"));

    // Export: the same records, in full, with no plaintext of hers.
    let export = dir.path().join("export.json");
    ask(&["subject", "export"], &["--out", export.to_str().unwrap()]);
    let text = std::fs::read_to_string(&export).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ids: BTreeSet<String> =
        v["packages"].as_array().unwrap().iter().map(|p| p["package_id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, her_ids);
    assert!(v["packages"].as_array().unwrap().iter().all(|p| p["sanitized_eml"].as_str().unwrap().contains("Subject")));
    assert_eq!(v["seat_days"].as_array().unwrap().len(), 2);
    assert_eq!(v["remote_help_initiator_days"].as_array().unwrap().len(), 1);
    for plain in [EMAIL, pesel.as_str(), "Wiśniewska", "601 234 567", "601-234-567"] {
        assert!(!text.contains(plain), "export holds no plaintext");
    }

    // Erase: a preview first, then for real.
    let (_, preview) = ask(&["subject", "erase"], &[]);
    assert!(
        preview.contains("would erase 4 package(s), 2 seat-day(s) and 1 remote-help initiator-day(s)"),
        "{preview}"
    );
    assert_eq!(ch.query("SELECT count() FROM sl.diagnostic_packages"), "8\n");
    let (_, erased) = ask(&["subject", "erase"], &["--yes"]);
    assert!(erased.contains("erased 4 package(s), 2 seat-day(s) and 1 remote-help initiator-day(s)"), "{erased}");
    let left: BTreeSet<String> = ch
        .query("SELECT package_id FROM sl.diagnostic_packages FINAL FORMAT TSV")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(left, others.iter().map(|r| package_id(r)).collect(), "everyone else's packages stay");
    assert_eq!(ch.query("SELECT uniqExact(seat) FROM sl.seat_days"), "4\n", "other seats stay");
    assert_eq!(ch.query("SELECT count() FROM sl.remote_help_initiators"), "1\n", "the helpdesk's initiator-day stays");
    let ring = scrubline::keyring_file::load(&keys).unwrap();
    let subject = Subject::new(
        &ring,
        &[
            Identifier::parse(Kind::Email, EMAIL).unwrap(),
            Identifier::parse(Kind::Pesel, &pesel).unwrap(),
            Identifier::parse(Kind::Phone, PHONE).unwrap(),
            Identifier::parse(Kind::Name, NAME).unwrap(),
            Identifier::parse(Kind::Login, LOGIN).unwrap(),
            Identifier::seat(SEAT).unwrap(),
        ],
    )
    .unwrap();
    assert_eq!(subject.key_versions, vec![1, 2]);
    let all = everything(&ch, &[]);
    for t in subject.all_tokens() {
        assert!(!all.contains(t), "no token of hers is left anywhere: {t}");
    }
    for plain in [EMAIL, pesel.as_str(), "Wiśniewska", "601 234 567"] {
        assert!(!all.contains(plain), "no plaintext of hers anywhere");
    }

    // The audit trail: every request, its outcome and counts, never the identifiers.
    let audit = ch.query(
        "SELECT action, operator, reference, arrayStringConcat(identifier_kinds, ','), packages, seat_days, initiator_days, outcome \
         FROM sl.subject_requests ORDER BY at, action FORMAT TSV",
    );
    let rows: Vec<&str> = audit.lines().collect();
    // find (all), find (PESEL), export, the erase preview (a find), erase; the mistyped PESEL
    // was refused before it became a request.
    assert_eq!(rows.len(), 5, "{audit}");
    assert!(
        rows.contains(&"erase\tdpo-anna\tDSR-2026-17\temail,pesel,phone,name,login,seat\t4\t2\t1\tdone"),
        "{audit}"
    );
    assert!(
        rows.contains(&"export\tdpo-anna\tDSR-2026-17\temail,pesel,phone,name,login,seat\t4\t2\t1\tdone"),
        "{audit}"
    );
    assert_eq!(rows.iter().filter(|r| r.starts_with("find\t")).count(), 3, "{audit}");
    assert!(!audit.contains(EMAIL) && !audit.contains(&pesel));

    // Object, rotate once more, and send her data again: dropped at intake.
    ask(&["subject", "object"], &[]);
    assert_eq!(ch.query("SELECT count() FROM sl.suppressions"), format!("{}\n", subject.all_tokens().count()));
    ok(scrubline(&["keys", "rotate", "--key-file", k]));
    let again = dir.path().join("again");
    std::fs::create_dir_all(&again).unwrap();
    std::fs::write(again.join("her.eml"), message((NAME, EMAIL), "Jeszcze jedno pytanie.", None)).unwrap();
    std::fs::write(again.join("other.eml"), mail::package(&names, 999).raw).unwrap();
    let report = ingest(&again);
    assert!(report.contains("stored 1 package(s), quarantined 0, dropped 1 from people who objected"), "{report}");
    events(&ev, "b");
    let report = run(&ev);
    assert!(report.contains("5 from people who objected dropped"), "{report}");
    let all = everything(&ch, &["suppressions"]);
    for t in Subject::new(&scrubline::keyring_file::load(&keys).unwrap(), &[Identifier::seat(SEAT).unwrap()])
        .unwrap()
        .all_tokens()
    {
        assert!(!all.contains(t), "her seat is not counted again");
    }

    // The service: a world-readable keyring is refused; only the DPO may look people up.
    let tokens = dir.path().join("tokens.toml");
    let t = tokens.to_str().unwrap();
    let support =
        ok(scrubline(&["tokens", "new", "--file", t, "--name", "sam", "--role", "support"])).0.trim().to_string();
    let dpo = ok(scrubline(&["tokens", "new", "--file", t, "--name", "dora", "--role", "dpo"])).0.trim().to_string();
    let open_keys = dir.path().join("open-keys");
    std::fs::copy(&keys, &open_keys).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&open_keys, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let refused = scrubline(
        &[&["serve", "--listen", "127.0.0.1:0", "--tokens", t, "--key-file", open_keys.to_str().unwrap()][..], &db]
            .concat(),
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("readable by other users"));

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let mut server = Command::new(env!("CARGO_BIN_EXE_scrubline"))
        .args([&["serve", "--listen", &listen, "--tokens", t, "--key-file", k][..], &db].concat())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "service did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let other_sender = serde_json::json!({"email": ["p.zajac@agencja.pl"], "reference": "DSR-2026-18"}).to_string();
    let (status, _, body) = http_with_body(port, "POST", "/api/subjects/find", Some(&dpo), other_sender.as_bytes());
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["packages"].as_array().unwrap().len(), 0, "his only package was erased with hers (it held her data)");
    let (status, _, _) = http_with_body(port, "POST", "/api/subjects/find", Some(&support), other_sender.as_bytes());
    assert_eq!(status, 403);
    let bad = serde_json::json!({"pesel": ["12345678901"]}).to_string();
    assert_eq!(http_with_body(port, "POST", "/api/subjects/find", Some(&dpo), bad.as_bytes()).0, 400);
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(ch.query("SELECT count() FROM sl.subject_requests WHERE operator = 'dora'"), "1\n");
}
