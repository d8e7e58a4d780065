//! Retention against a real ClickHouse server (18.16 here): rows on both sides of every
//! table's cut-off, whole expired months dropped as partitions, the straddling month
//! trimmed row by row, tables without personal data untouched, a dry run that changes
//! nothing, a second run that finds nothing, and a policy below the legal minimum refused.

mod common;

use common::clickhouse::ClickHouse;
use std::process::Command;

fn scrubline(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_scrubline")).args(args).output().unwrap()
}

fn ok(o: std::process::Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// Dates in each table, as of 2026-11-23 with the default policy.
const PACKAGES: &[&str] = &["2023-10-05", "2023-11-22", "2023-11-23", "2024-06-01", "2026-11-20"]; // 3y: before 2023-11-23
const QUARANTINE: &[&str] = &["2026-07-01", "2026-08-24", "2026-08-25", "2026-11-01"]; // 90d: before 2026-08-25
const ACCESS: &[&str] = &["2025-10-31", "2025-11-22", "2025-11-23", "2026-01-01"]; // 1y: before 2025-11-23
const OLD: &[&str] = &["2019-03-01", "2026-11-22"]; // counters: forever

fn load(ch: &ClickHouse) {
    for (i, d) in PACKAGES.iter().enumerate() {
        ch.query(&format!(
            "INSERT INTO sl.diagnostic_packages (package_id, received_at, license_id, ticket, app_version, subjects, \
             findings_total, parts_total, parts_removed, bytes_before, bytes_after, manifest, sanitized_eml, source, ingested_at) \
             VALUES ('p{i}', toDateTime('{d} 12:00:00'), 'LIC-1', '', '', [], 0, 1, 0, 10, 10, '{{}}', 'x', 'test', now())"
        ));
    }
    for (i, d) in QUARANTINE.iter().enumerate() {
        ch.query(&format!(
            "INSERT INTO sl.package_quarantine (package_id, received_at, reason_label, reason, bytes, source) \
             VALUES ('q{i}', toDateTime('{d} 00:00:01'), 'mime', 'broken', 1, 'test')"
        ));
    }
    for d in ACCESS {
        ch.query(&format!(
            "INSERT INTO sl.access_log (at, principal, role, method, path, package_id, status, duration_ms, result) \
             VALUES (toDateTime('{d} 23:59:59'), 'alice', 'support', 'GET', '/api/packages', '', 200, 1, 'granted')"
        ));
    }
    for d in OLD {
        ch.query(&format!(
            "INSERT INTO sl.usage_counters (bucket, license_id, kind, module, app_version, country, region, detail, \
             kafka_partition, batch_start, batch_end, events, quantity, duration_ms) \
             VALUES (toDateTime('{d} 10:00:00'), 'LIC-1', 'module_launch', 'm', '1', 'PL', '', '', 0, 0, 0, 1, 1, 0)"
        ));
        ch.query(&format!("INSERT INTO sl.seat_days (day, license_id, seat) VALUES (toDate('{d}'), 'LIC-1', 's')"));
    }
}

fn dates(ch: &ClickHouse, table: &str, col: &str) -> String {
    ch.query(&format!("SELECT toString(toDate({col})) FROM sl.{table} ORDER BY {col} FORMAT TSV"))
}

#[test]
fn expired_rows_go_and_nothing_else() {
    let ch = ClickHouse::start();
    let url = ch.url();
    let db = ["--clickhouse-url", url.as_str(), "--clickhouse-database", "sl"];
    ok(scrubline(&[&["migrate"][..], &db].concat()));
    load(&ch);
    let apply =
        |extra: &[&str]| ok(scrubline(&[&["retention", "apply", "--as-of", "2026-11-23"][..], &db, extra].concat()));

    let before: Vec<String> =
        ["diagnostic_packages", "package_quarantine", "access_log", "usage_counters", "seat_days"]
            .iter()
            .map(|t| ch.query(&format!("SELECT count() FROM sl.{t}")))
            .collect();
    let dry = apply(&["--dry-run"]);
    assert!(dry.contains("diagnostic_packages    keep 3y       before 2023-11-23: would remove 2 row(s), dropping partition(s) 202310"), "{dry}");
    assert!(dry.contains("package_quarantine     keep 90d      before 2026-08-25: would remove 2 row(s), dropping partition(s) 202607"), "{dry}");
    assert!(dry.contains("access_log             keep 1y       before 2025-11-23: would remove 2 row(s), dropping partition(s) 202510"), "{dry}");
    assert!(dry.contains("usage_counters         keep forever  nothing expires"), "{dry}");
    let after_dry: Vec<String> =
        ["diagnostic_packages", "package_quarantine", "access_log", "usage_counters", "seat_days"]
            .iter()
            .map(|t| ch.query(&format!("SELECT count() FROM sl.{t}")))
            .collect();
    assert_eq!(before, after_dry, "a dry run changes nothing");

    let done = apply(&[]);
    assert!(done.contains("removed 2 row(s), dropping partition(s) 202310"), "{done}");
    assert_eq!(dates(&ch, "diagnostic_packages", "received_at"), "2023-11-23\n2024-06-01\n2026-11-20\n");
    assert_eq!(dates(&ch, "package_quarantine", "received_at"), "2026-08-25\n2026-11-01\n");
    assert_eq!(dates(&ch, "access_log", "at"), "2025-11-23\n2026-01-01\n");
    assert_eq!(dates(&ch, "usage_counters", "bucket"), "2019-03-01\n2026-11-22\n");
    assert_eq!(dates(&ch, "seat_days", "day"), "2019-03-01\n2026-11-22\n");
    let parts = ch.query(
        "SELECT table, partition_id FROM system.parts WHERE database = 'sl' AND active \
         AND partition_id IN ('202310', '202607', '202510') FORMAT TSV",
    );
    assert_eq!(parts, "", "expired months are dropped whole");

    let again = apply(&[]);
    assert!(!again.contains("removed 1") && !again.contains("removed 2"), "{again}");
    assert!(again.contains("diagnostic_packages    keep 3y       before 2023-11-23: removed 0 row(s)"), "{again}");

    // A policy below the one-year minimum for the access log is refused before anything runs.
    let dir = tempfile::tempdir().unwrap();
    let short = dir.path().join("short.toml");
    std::fs::write(&short, "[keep]\naccess_log = \"30d\"\n").unwrap();
    let refused =
        scrubline(&[&["retention", "apply", "--retention-policy", short.to_str().unwrap()][..], &db].concat());
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("must be kept at least 1y"));
    assert_eq!(dates(&ch, "access_log", "at"), "2025-11-23\n2026-01-01\n");
}
