//! Prometheus metrics, through the `metrics` facade. Names follow Prometheus conventions
//! (`_total` for counters, base units such as seconds and bytes). Labels never carry a
//! personal value: only kinds, reasons, outcomes and statuses.

use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram, Unit};
use std::net::SocketAddr;

pub const PACKAGES: &str = "scrubline_packages_total";
pub const PACKAGE_QUARANTINE: &str = "scrubline_package_quarantine_total";
pub const PACKAGE_BYTES: &str = "scrubline_package_bytes_total";
pub const FINDINGS: &str = "scrubline_findings_total";
pub const INSERT_SECONDS: &str = "scrubline_clickhouse_insert_duration_seconds";
pub const INSERT_ROWS: &str = "scrubline_clickhouse_insert_rows";
pub const HTTP_REQUESTS: &str = "scrubline_http_requests_total";
pub const BUILD_INFO: &str = "scrubline_build_info";
pub const EVENTS: &str = "scrubline_events_total";
pub const CONSUMER_LAG: &str = "scrubline_kafka_consumer_lag";
pub const EVENTS_REJECTED: &str = "scrubline_events_rejected_total";
pub const DEAD_LETTERS: &str = "scrubline_dead_letters_total";
pub const BATCH_STORED_AT: &str = "scrubline_last_batch_stored_timestamp_seconds";
pub const RETENTION_ROWS: &str = "scrubline_retention_rows_removed_total";
pub const RETENTION_RUNS: &str = "scrubline_retention_runs_total";
pub const SUBJECT_REQUESTS: &str = "scrubline_subject_requests_total";
pub const VERIFY_FAILURES: &str = "scrubline_verify_failures_total";
pub const CANARY_RUNS: &str = "scrubline_canary_runs_total";
pub const CANARY_LEAKS: &str = "scrubline_canary_leaks_total";
pub const CANARY_LAST_OK: &str = "scrubline_canary_last_ok_timestamp_seconds";
pub const INSERT_FAILURES: &str = "scrubline_clickhouse_insert_failures_total";

/// Every metric name the binary exports; the dashboards may use only these.
pub const ALL: &[&str] = &[
    PACKAGES,
    PACKAGE_QUARANTINE,
    PACKAGE_BYTES,
    FINDINGS,
    INSERT_SECONDS,
    INSERT_ROWS,
    HTTP_REQUESTS,
    BUILD_INFO,
    EVENTS,
    CONSUMER_LAG,
    EVENTS_REJECTED,
    DEAD_LETTERS,
    BATCH_STORED_AT,
    RETENTION_ROWS,
    RETENTION_RUNS,
    SUBJECT_REQUESTS,
    VERIFY_FAILURES,
    CANARY_RUNS,
    CANARY_LEAKS,
    CANARY_LAST_OK,
    INSERT_FAILURES,
];

/// Serve `/metrics` on `listen`. Must run inside a Tokio runtime.
pub fn install(listen: SocketAddr) -> anyhow::Result<()> {
    metrics_exporter_prometheus::PrometheusBuilder::new()
        .with_http_listener(listen)
        .set_buckets_for_metric(
            metrics_exporter_prometheus::Matcher::Suffix("_duration_seconds".into()),
            &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0],
        )?
        .install()?;
    describe();
    gauge!(BUILD_INFO, "version" => env!("CARGO_PKG_VERSION")).set(1.0);
    // Exported from the start (at 0): a dashboard or alert on the last gate must not wait for
    // its first refusal to see the series.
    counter!(VERIFY_FAILURES).absolute(0);
    Ok(())
}

fn describe() {
    describe_counter!(PACKAGES, "Diagnostic packages processed, by outcome (stored, quarantined, suppressed).");
    describe_counter!(PACKAGE_QUARANTINE, "Diagnostic packages quarantined, by reason.");
    describe_counter!(PACKAGE_BYTES, Unit::Bytes, "Raw bytes of diagnostic packages received.");
    describe_counter!(FINDINGS, "Personal values found and scrubbed, by kind.");
    describe_histogram!(INSERT_SECONDS, Unit::Seconds, "Time to insert one batch into ClickHouse, by table.");
    describe_histogram!(INSERT_ROWS, "Rows per ClickHouse insert, by table.");
    describe_counter!(HTTP_REQUESTS, "Requests to the support service, by result and status.");
    describe_gauge!(BUILD_INFO, "Always 1; the version label names the build.");
    describe_counter!(EVENTS, "Telemetry events, by outcome (counted, duplicate, suppressed, rejected).");
    describe_gauge!(
        CONSUMER_LAG,
        "Records between the last stored offset and the partition's end, by topic and partition."
    );
    describe_counter!(EVENTS_REJECTED, "Telemetry events rejected, by reason.");
    describe_counter!(DEAD_LETTERS, "Records sent to a dead-letter topic (position and reason only), by topic.");
    describe_gauge!(
        BATCH_STORED_AT,
        Unit::Seconds,
        "Unix time a consumer last stored a batch, by pipeline (packages, telemetry)."
    );
    describe_counter!(RETENTION_ROWS, "Rows removed by retention, by table.");
    describe_counter!(RETENTION_RUNS, "Retention runs, by outcome (ok, error).");
    describe_counter!(SUBJECT_REQUESTS, "Data-subject requests handled, by action and outcome.");
    describe_counter!(
        VERIFY_FAILURES,
        "Outputs refused by the output verifier (the last gate), by the kind that survived or `unreadable`."
    );
    describe_counter!(CANARY_RUNS, "Leak canary runs, by outcome (ok, leak, held_back, misrouted, timeout, error).");
    describe_counter!(CANARY_LEAKS, "Canary values found where the pipeline writes (tables, dead-letter topics).");
    describe_gauge!(
        CANARY_LAST_OK,
        Unit::Seconds,
        "Unix time of the last canary run with outcome ok (the canary's start until the first)."
    );
    describe_counter!(INSERT_FAILURES, "Inserts given up without retrying, by table (canary results only).");
}

/// A canary run ended; `leaks` is how many places held one of its values.
pub fn canary_run(outcome: &'static str, leaks: u64) {
    counter!(CANARY_RUNS, "outcome" => outcome).increment(1);
    counter!(CANARY_LEAKS).increment(leaks);
    if outcome == "ok" {
        gauge!(CANARY_LAST_OK).set(unix_seconds());
    }
}

/// The canary's series exist from its start, at zero, so alerts see them before a first leak.
pub fn canary_started() {
    for outcome in ["ok", "leak", "held_back", "misrouted", "timeout", "error"] {
        counter!(CANARY_RUNS, "outcome" => outcome).absolute(0);
    }
    counter!(CANARY_LEAKS).absolute(0);
    // Counted from the start: a canary that never once comes back clean alerts too.
    gauge!(CANARY_LAST_OK).set(unix_seconds());
}

fn unix_seconds() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64())
}

pub fn insert_failed(table: &'static str) {
    counter!(INSERT_FAILURES, "table" => table).increment(1);
}

pub fn package_stored(bytes: u64, findings: &std::collections::BTreeMap<String, u64>) {
    counter!(PACKAGES, "outcome" => "stored").increment(1);
    counter!(PACKAGE_BYTES).increment(bytes);
    for (kind, n) in findings {
        counter!(FINDINGS, "kind" => kind.clone()).increment(*n);
    }
}

pub fn package_suppressed() {
    counter!(PACKAGES, "outcome" => "suppressed").increment(1);
}

pub fn package_quarantined(bytes: u64, reason: &'static str) {
    counter!(PACKAGES, "outcome" => "quarantined").increment(1);
    counter!(PACKAGE_QUARANTINE, "reason" => reason).increment(1);
    counter!(PACKAGE_BYTES).increment(bytes);
}

pub fn insert_done(table: &'static str, rows: usize, seconds: f64) {
    histogram!(INSERT_SECONDS, "table" => table).record(seconds);
    histogram!(INSERT_ROWS, "table" => table).record(rows as f64);
}

pub fn http_request(result: &'static str, status: u16) {
    counter!(HTTP_REQUESTS, "result" => result, "status" => status.to_string()).increment(1);
}

pub fn event(outcome: &'static str) {
    counter!(EVENTS, "outcome" => outcome).increment(1);
}

pub fn event_rejected(reason: &'static str) {
    counter!(EVENTS, "outcome" => "rejected").increment(1);
    counter!(EVENTS_REJECTED, "reason" => reason).increment(1);
}

pub fn dead_letters(topic: &str, n: usize) {
    counter!(DEAD_LETTERS, "topic" => topic.to_string()).increment(n as u64);
}

pub fn batch_stored(pipeline: &'static str) {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64());
    gauge!(BATCH_STORED_AT, "pipeline" => pipeline).set(now);
}

pub fn retention_removed(table: &'static str, rows: u64) {
    counter!(RETENTION_ROWS, "table" => table).increment(rows);
}

pub fn retention_run(outcome: &'static str) {
    counter!(RETENTION_RUNS, "outcome" => outcome).increment(1);
}

pub fn subject_request(action: &'static str, outcome: &'static str) {
    counter!(SUBJECT_REQUESTS, "action" => action, "outcome" => outcome).increment(1);
}

/// The output verifier refused something about to leave; `kind` is a kind id or `unreadable`.
pub fn verify_failed(kind: &'static str) {
    counter!(VERIFY_FAILURES, "kind" => kind).increment(1);
}
