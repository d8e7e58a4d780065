//! `scrubline run`: the telemetry job, events from an NDJSON file (or stdin) to usage counters
//! and daily active seats in a local folder. Without `--config` it runs the embedded default,
//! which needs no file at all: the sample events (`scrubline sample`'s, generated in memory),
//! MaxMind's test database (compiled in) and `scrubline-out/telemetry` as its output; it works
//! from any folder and from an installed binary. `config/local.toml` is the same job as a file
//! to copy and edit.

use super::setup::{self, EngineArgs};
use crate::telemetry::event::format_rfc3339;
use crate::telemetry::geo::Geo;
use crate::telemetry::mapping::{EventMapping, MappingError};
use crate::telemetry::{active_seats_by_day, Counters, Processor};
use anyhow::{Context, Result};
use serde::Deserialize;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct RunArgs {
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Job configuration (TOML, like config/local.toml); without it, the embedded default.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Events file (NDJSON, `-` for stdin); overrides the config.
    #[arg(long)]
    pub events: Option<PathBuf>,
    /// Output folder; overrides the config.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// MaxMind-format database; overrides the config.
    #[arg(long)]
    pub geoip: Option<PathBuf>,
    /// Also store the counters in ClickHouse (re-running the same file replaces, not adds).
    #[arg(long)]
    pub to_clickhouse: bool,
    #[command(flatten)]
    pub clickhouse: crate::sinks::clickhouse::ClickHouseArgs,
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

/// A job configuration file (config/local.toml is one); `telemetry consume --config` reads
/// its `[events]` mapping too. Unknown keys are errors, so a typo is named with its line.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct JobConfig {
    #[serde(default)]
    source: SourceConfig,
    #[serde(default)]
    sink: SinkConfig,
    #[serde(default)]
    geoip: GeoConfig,
    /// How the installed base's records map to canonical events.
    #[serde(default)]
    pub(crate) events: Option<EventMapping>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SourceConfig {
    events: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SinkConfig {
    dir: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct GeoConfig {
    database: Option<PathBuf>,
}

/// Read and check a job configuration: TOML errors carry their line; a mapping that cannot
/// work is named with the line of the offending entry.
pub(crate) fn load_job(path: &std::path::Path) -> Result<JobConfig> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let cfg: JobConfig = toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    if let Some(m) = &cfg.events {
        if let Err(e) = m.validate() {
            let needle = match &e {
                MappingError::UnknownField(f) | MappingError::UnknownDefault(f) | MappingError::EmptyPath(f) => {
                    f.clone()
                }
                MappingError::UnknownKind(_, to) => to.clone(),
            };
            let line = text.lines().position(|l| l.contains(needle.as_str())).map_or(0, |i| i + 1);
            anyhow::bail!("{}: line {line}: {e}", path.display());
        }
    }
    Ok(cfg)
}

/// `scrubline check-config FILE`.
pub fn check_config(path: &std::path::Path) -> Result<ExitCode> {
    let cfg = load_job(path)?;
    let mapped = cfg.events.as_ref().map_or(0, |m| m.map.len());
    eprintln!("{}: ok ({mapped} mapped field(s))", path.display());
    Ok(ExitCode::SUCCESS)
}

/// MaxMind's test database (tests/data/geoip, Apache-2.0 or MIT): the embedded default's.
const EMBEDDED_GEOIP: &[u8] = include_bytes!("../../tests/data/geoip/GeoIP2-City-Test.mmdb");
/// The embedded default's events: what `scrubline sample` writes to samples/telemetry.
use super::sample::{DEFAULT_EVENTS as EMBEDDED_EVENTS, DEFAULT_SEED as EMBEDDED_SEED};

pub fn run(a: &RunArgs) -> Result<ExitCode> {
    let embedded = a.config.is_none();
    let cfg: JobConfig = match &a.config {
        Some(path) => load_job(path)?,
        None => JobConfig::default(),
    };
    let mapping = cfg.events.clone().map(std::sync::Arc::new);
    let events = a.events.clone().or(cfg.source.events);
    if events.is_none() && !embedded {
        anyhow::bail!("no events file (give --events or [source] events)");
    }
    if let Some(p) = events.as_ref().filter(|p| p.as_os_str() != "-") {
        // Checked before any work, so a mistyped path prints nothing that looks like a result.
        std::fs::metadata(p).with_context(|| format!("cannot read {}", p.display()))?;
    }
    let out = match a.out.clone().or(cfg.sink.dir) {
        Some(o) => o,
        None if embedded => PathBuf::from("scrubline-out/telemetry"),
        None => anyhow::bail!("no output folder (give --out or [sink] dir)"),
    };
    let geo = match a.geoip.clone().or(cfg.geoip.database) {
        Some(p) => Geo::open(&p).with_context(|| format!("opening GeoIP database {}", p.display()))?,
        None if embedded => Geo::from_bytes(EMBEDDED_GEOIP.to_vec()).context("the embedded GeoIP test database")?,
        None => Geo::none(),
    };
    let scrubber = setup::scrubber(&a.engine)?;
    let seat_key = match setup::keyring(&a.engine)? {
        Some(k) => k,
        None => {
            eprintln!("note: seat pseudonyms use a key for this run only: distinct seats are exact within it");
            crate::keyring_file::ephemeral()
        }
    };
    let mut proc = Processor::new(&scrubber, &geo, &seat_key).with_mapping(mapping);
    if a.to_clickhouse {
        // Storing where objections are on file: honour them here too.
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let list = rt
            .block_on(crate::sinks::clickhouse::subjects::load_suppression(&a.clickhouse.db_client()))
            .context("loading the suppression list")?;
        proc = proc.with_suppression(std::sync::Arc::new(list));
    }
    let mut counters = Counters::default();
    let mut rejected = Vec::new();
    let source_label = match &events {
        Some(p) => p.display().to_string(),
        None => format!("embedded sample ({EMBEDDED_EVENTS} events, seed {EMBEDDED_SEED})"),
    };
    let reader: Box<dyn BufRead> = match &events {
        Some(p) if p.as_os_str() == "-" => Box::new(std::io::stdin().lock()),
        Some(p) => Box::new(std::io::BufReader::new(
            std::fs::File::open(p).with_context(|| format!("cannot read {}", p.display()))?,
        )),
        None => {
            let names = crate::synth::NamePool::from_pack(&crate::engine::RulePack::embedded_default());
            let sample = crate::synth::telemetry::events(&names, EMBEDDED_SEED, EMBEDDED_EVENTS);
            Box::new(std::io::Cursor::new(sample.ndjson.into_bytes()))
        }
    };
    eprintln!("reading events from {source_label}");
    let mut lines = 0i64;
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = line.context("reading events")?;
        lines = i as i64 + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match proc.add(&line, &mut counters) {
            Ok(()) => {}
            // The detail names a field or a class, never a value.
            Err(r) => rejected.push(serde_json::json!({ "line": i + 1, "reason": r.label(), "detail": r.to_string() })),
        }
    }
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    // Through a temporary file renamed into place: a reader never sees half a file.
    fn write<T: serde::Serialize>(out: &std::path::Path, name: &str, rows: &[T]) -> Result<()> {
        let mut f = crate::sinks::directory::PendingFile::create(out, std::path::Path::new(name))?;
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
    let seats: Vec<_> = active_seats_by_day(&counters)
        .into_iter()
        .map(|((day, lic), n)| serde_json::json!({ "day": crate::calendar::format_date(day as i64), "license_id": lic, "active_seats": n }))
        .collect();
    let (n_usage, n_seats) = (usage.len(), seats.len());
    write(&out, "usage_counters.ndjson", &usage)?;
    write(&out, "active_seats_daily.ndjson", &seats)?;
    write(&out, "rejected.ndjson", &rejected)?;
    if a.to_clickhouse {
        store_in_clickhouse(a, events.as_deref(), &source_label, &counters, lines)?;
    }
    eprintln!(
        "counted {} event(s) ({} duplicate(s) skipped, {} from people who objected dropped) into {n_usage} counter row(s) and {n_seats} license-day(s); rejected {}",
        counters.events,
        counters.duplicates,
        counters.suppressed,
        counters.rejected.values().sum::<u64>()
    );
    for (reason, n) in &counters.rejected {
        eprintln!("  rejected {reason:<14} {n}");
    }
    eprintln!("wrote {}", out.display());
    setup::note_missing_key(&scrubber, counters.events > 0);
    Ok(ExitCode::SUCCESS)
}

/// A file has no Kafka offsets: its rows get partition -1 and a batch start derived from the
/// file's path and size, so running the same file again replaces its rows instead of adding.
fn store_in_clickhouse(
    a: &RunArgs,
    events: Option<&std::path::Path>,
    label: &str,
    c: &Counters,
    lines: i64,
) -> Result<()> {
    use crate::sinks::clickhouse::insert;
    use crate::sinks::clickhouse::telemetry::{seat_rows, usage_rows};
    use sha2::{Digest, Sha256};
    let size = events.and_then(|e| std::fs::metadata(e).ok()).map_or(0, |m| m.len());
    let digest = Sha256::digest(format!("{label}\0{size}").as_bytes());
    let batch_start = i64::from_le_bytes(digest[..8].try_into().expect("8 bytes")) & i64::MAX;
    let usage = usage_rows(c, -1, batch_start, batch_start.saturating_add(lines));
    let seats = seat_rows(c);
    let client = a.clickhouse.db_client();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    rt.block_on(async {
        insert(&client, "usage_counters", &usage).await?;
        insert(&client, "seat_days", &seats).await
    })
    .context("storing counters in ClickHouse")?;
    eprintln!("stored {} counter row(s) and {} seat-day(s) in ClickHouse", usage.len(), seats.len());
    Ok(())
}
