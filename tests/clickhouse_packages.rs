//! Against a real ClickHouse server (18.16 here): `scrubline migrate` is idempotent, and
//! `scrubline packages ingest` stores sanitized packages once (exactly, with FINAL, however
//! often the same mail is ingested), quarantines what it must, keeps no plaintext personal
//! value in any column, and indexes packages by the pseudonyms of their data subjects.

mod common;

use common::clickhouse::ClickHouse;
use common::visible_text;
use scrubline::engine::{Keyring, Kind, RulePack};
use scrubline::synth::{mail, NamePool};
use std::process::Command;

const KEYS: &str = "1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";

fn scrubline(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_scrubline")).args(args).env_remove("SCRUBLINE_KEY").output().unwrap()
}

#[test]
fn migrate_then_ingest_stores_each_package_once_without_plaintext() {
    let ch = ClickHouse::start();
    let url = ch.url();
    let ch_args = ["--clickhouse-url", url.as_str(), "--clickhouse-database", "sl"];

    let first = scrubline(&[&["migrate"][..], &ch_args].concat());
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let every: Vec<u32> = scrubline::sinks::clickhouse::migrate::MIGRATIONS.iter().map(|m| m.0).collect();
    assert!(String::from_utf8_lossy(&first.stderr).contains(&format!("applied migrations {every:?}")));
    let again = scrubline(&[&["migrate"][..], &ch_args].concat());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("up to date"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(ch.query("SELECT count() FROM sl.schema_migrations"), format!("{}\n", every.len()));
    // A second worker that did not see the record of the ADD COLUMN migration (two migrating
    // at once): the column is there already, and that counts as done.
    ch.query("ALTER TABLE sl.schema_migrations DELETE WHERE version = 8");
    while ch.query("SELECT count() FROM sl.schema_migrations WHERE version = 8") != "0\n" {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let racing = scrubline(&[&["migrate"][..], &ch_args].concat());
    assert!(
        String::from_utf8_lossy(&racing.stderr).contains("applied migrations [8]"),
        "{}",
        String::from_utf8_lossy(&racing.stderr)
    );

    let dir = tempfile::tempdir().unwrap();
    let keys = common::key_file(dir.path());
    let spool = dir.path().join("spool");
    std::fs::create_dir_all(spool.join("Maildir/new")).unwrap();
    let names = NamePool::from_pack(&RulePack::embedded_default());
    let packages: Vec<_> = (0..4).map(|seed| mail::package(&names, 100 + seed)).collect();
    std::fs::write(spool.join("a.eml"), &packages[0].raw).unwrap();
    std::fs::write(spool.join("Maildir/new/1700000001.M2P3.host"), &packages[1].raw).unwrap();
    let mut mbox = Vec::new();
    for p in &packages[2..] {
        mbox.extend_from_slice(b"From x@y Mon Jan  1 00:00:00 2024\n");
        mbox.extend_from_slice(&p.raw);
        mbox.push(b'\n');
    }
    std::fs::write(spool.join("support.mbox"), mbox).unwrap();
    std::fs::write(spool.join("deep.eml"), common::deeply_nested_zip_mail()).unwrap();
    std::fs::write(spool.join("notes.txt"), b"not mail").unwrap();

    let ingest = |_: usize| {
        let o = scrubline(
            &[
                &["packages", "ingest"][..],
                &ch_args,
                &["--key-file", keys.to_str().unwrap(), "--batch", "2", spool.to_str().unwrap()],
            ]
            .concat(),
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let report = ingest(1);
    assert!(report.contains("stored 4 package(s), quarantined 1"), "{report}");
    ingest(2);
    assert_eq!(ch.query("SELECT count() FROM sl.diagnostic_packages FINAL"), "4\n", "each package stored once");
    assert_eq!(ch.query("SELECT uniqExact(package_id) FROM sl.diagnostic_packages"), "4\n");
    assert_eq!(
        ch.query("SELECT reason_label, count() FROM sl.package_quarantine FINAL GROUP BY reason_label"),
        "too_deep\t1\n"
    );

    // Searchable metadata.
    let lic = packages[0].keep.iter().find(|k| k.value.starts_with("LIC-")).unwrap().value.clone();
    let found = ch.query(&format!("SELECT count() FROM sl.diagnostic_packages FINAL WHERE license_id = '{lic}'"));
    assert_eq!(found, "1\n");

    // A data subject can be found by pseudonym under the keyring.
    let ring = Keyring::parse(KEYS, "test").unwrap();
    let email = packages[1].planted.iter().find(|v| v.kind == Kind::Email).unwrap().value.to_lowercase();
    let token = ring.all_tokens(Kind::Email, email.as_bytes()).pop().unwrap();
    let hits = ch.query(&format!("SELECT count() FROM sl.diagnostic_packages FINAL WHERE has(subjects, '{token}')"));
    assert_ne!(hits, "0\n", "package found by its sender's pseudonym");

    // No planted value anywhere: every column of every table, with the stored messages decoded.
    let mut everything = String::new();
    for table in ["diagnostic_packages", "package_quarantine", "schema_migrations", "access_log"] {
        everything.push_str(&ch.query(&format!("SELECT * FROM sl.{table} FORMAT TSV")));
    }
    for hex_eml in ch.query("SELECT hex(sanitized_eml) FROM sl.diagnostic_packages").lines() {
        let raw: Vec<u8> =
            (0..hex_eml.len()).step_by(2).map(|i| u8::from_str_radix(&hex_eml[i..i + 2], 16).unwrap()).collect();
        visible_text(&raw, &mut everything);
    }
    for p in &packages {
        let unsupported: Vec<&str> =
            p.planted.iter().filter(|v| v.unsupported).flat_map(|v| v.value.split_whitespace()).collect();
        for v in p.planted.iter().filter(|v| !v.unsupported) {
            if v.kind == Kind::Name {
                for w in v.value.split_whitespace().filter(|w| w.chars().count() >= 3 && !unsupported.contains(w)) {
                    assert!(!common::contains_word(&everything, w), "name word {w:?} found in ClickHouse");
                }
            } else {
                assert!(!everything.contains(&v.value), "{:?} found in ClickHouse", v.kind);
            }
        }
    }
}
