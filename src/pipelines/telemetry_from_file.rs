//! Telemetry events from a file (or standard input, or the embedded sample) into counter
//! files, and optionally ClickHouse: what `scrubline run` does once its configuration is
//! resolved (`cli/run.rs`).

use crate::telemetry::event::format_rfc3339;
use crate::telemetry::{active_seats_by_day, Counters, Processor};
use anyhow::{Context, Result};
use std::io::BufRead;
use std::path::Path;

/// What counting a file gave: the counters, the rejections (line, reason class and detail;
/// never a value) and how many lines were read.
pub struct FileCount {
    pub counters: Counters,
    pub rejected: Vec<serde_json::Value>,
    pub lines: i64,
}

/// Count every line of `reader` (one event per line; blank lines skipped).
pub fn count_events(proc: &mut Processor<'_>, reader: impl BufRead) -> Result<FileCount> {
    let mut count = FileCount { counters: Counters::default(), rejected: Vec::new(), lines: 0 };
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = line.context("reading events")?;
        count.lines = i as i64 + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if let Err(r) = proc.add(&line, &mut count.counters) {
            // The detail names a field or a class, never a value.
            count.rejected.push(serde_json::json!({ "line": i + 1, "reason": r.label(), "detail": r.to_string() }));
        }
    }
    Ok(count)
}

/// One line of `usage_counters.ndjson`.
#[derive(serde::Serialize)]
struct UsageOut<'a> {
    bucket: String,
    license_id: &'a str,
    kind: &'a str,
    module: &'a str,
    app_version: &'a str,
    country: &'a str,
    region: &'a str,
    detail: &'a str,
    events: u64,
    quantity: u64,
    duration_ms: u64,
}

/// `usage_counters.ndjson`, `active_seats_daily.ndjson`, `remote_help_counters.ndjson`,
/// `remote_help_initiators_daily.ndjson` (distinct initiators) and `rejected.ndjson` under `out`,
/// each written through a temporary file renamed into place. Returns the counter rows and
/// license-days written.
pub fn write_counters(out: &Path, count: &FileCount) -> Result<(usize, usize)> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    fn write<T: serde::Serialize>(out: &Path, name: &str, rows: &[T]) -> Result<()> {
        let mut f = crate::sinks::directory::PendingFile::create(out, Path::new(name))?;
        let mut line = Vec::with_capacity(256);
        for r in rows {
            line.clear();
            serde_json::to_writer(&mut line, r)?;
            line.push(b'\n');
            f.write_all(&line)?;
        }
        f.commit()?;
        Ok(())
    }
    let counters = &count.counters;
    let mut keys: Vec<_> = counters.usage.iter().collect();
    keys.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let usage: Vec<UsageOut<'_>> = keys
        .into_iter()
        .map(|(k, v)| UsageOut {
            bucket: format_rfc3339(k.bucket as i64),
            license_id: &k.license_id,
            kind: k.kind,
            module: &k.module,
            app_version: &k.app_version,
            country: &k.country,
            region: &k.region,
            detail: &k.detail,
            events: v.events,
            quantity: v.quantity,
            duration_ms: v.duration_ms,
        })
        .collect();
    let seats: Vec<_> = active_seats_by_day(counters)
        .into_iter()
        .map(|((day, lic), n)| serde_json::json!({ "day": crate::calendar::format_date(day as i64), "license_id": lic, "active_seats": n }))
        .collect();
    let help: Vec<_> = counters
        .remote_help
        .iter()
        .map(|(k, v)| {
            serde_json::json!({
                "bucket": format_rfc3339(k.bucket as i64), "license_id": k.license_id, "function": k.function,
                "sessions": v.sessions, "uses": v.uses, "duration_ms": v.duration_ms,
            })
        })
        .collect();
    let mut initiators: std::collections::BTreeMap<(u32, &str), u64> = std::collections::BTreeMap::new();
    for (day, lic, _) in &counters.initiator_days {
        *initiators.entry((*day, lic)).or_default() += 1;
    }
    let initiators: Vec<_> = initiators
        .into_iter()
        .map(|((day, lic), n)| serde_json::json!({ "day": crate::calendar::format_date(day as i64), "license_id": lic, "initiators": n }))
        .collect();
    write(out, "usage_counters.ndjson", &usage)?;
    write(out, "active_seats_daily.ndjson", &seats)?;
    write(out, "remote_help_counters.ndjson", &help)?;
    write(out, "remote_help_initiators_daily.ndjson", &initiators)?;
    write(out, "rejected.ndjson", &count.rejected)?;
    Ok((usage.len(), seats.len()))
}

/// A file has no Kafka offsets: its rows get partition -1 and a batch start derived from the
/// file's path and size, so running the same file again replaces its rows instead of adding.
pub fn store_in_clickhouse(
    client: &clickhouse::Client,
    events: Option<&std::path::Path>,
    label: &str,
    count: &FileCount,
) -> Result<()> {
    let (c, lines) = (&count.counters, count.lines);
    use crate::sinks::clickhouse::insert;
    use crate::sinks::clickhouse::telemetry::{initiator_rows, remote_help_rows, seat_rows, usage_rows};
    use sha2::{Digest, Sha256};
    let size = events.and_then(|e| std::fs::metadata(e).ok()).map_or(0, |m| m.len());
    let digest = Sha256::digest(format!("{label}\0{size}").as_bytes());
    let batch_start = i64::from_le_bytes(digest[..8].try_into().expect("8 bytes")) & i64::MAX;
    let usage = usage_rows(c, -1, batch_start, batch_start.saturating_add(lines));
    let seats = seat_rows(c);
    let help = remote_help_rows(c, -1, batch_start, batch_start.saturating_add(lines));
    let initiators = initiator_rows(c);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    rt.block_on(async {
        insert(client, "usage_counters", &usage).await?;
        insert(client, "seat_days", &seats).await?;
        insert(client, "remote_help_counters", &help).await?;
        insert(client, "remote_help_initiators", &initiators).await
    })
    .context("storing counters in ClickHouse")?;
    eprintln!("stored {} counter row(s) and {} seat-day(s) in ClickHouse", usage.len(), seats.len());
    Ok(())
}
