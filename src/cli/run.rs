//! `scrubline run`: the telemetry job, events from an NDJSON file (or stdin) to usage counters
//! and daily active seats in a local folder. Without `--config` it runs the embedded default,
//! which needs no file at all: the sample events (`scrubline sample`'s, generated in memory),
//! MaxMind's test database (compiled in) and `scrubline-out/telemetry` as its output; it works
//! from any folder and from an installed binary. `config/local.toml` is the same job as a file
//! to copy and edit.

use super::setup::{self, EngineArgs};
use crate::pipelines::telemetry_from_file::{count_events, store_in_clickhouse, write_counters};
use crate::telemetry::geo::Geo;
use crate::telemetry::mapping::{EventMapping, MappingError};
use crate::telemetry::Processor;
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
    let count = count_events(&mut proc, reader)?;
    let (n_usage, n_seats) = write_counters(&out, &count)?;
    if a.to_clickhouse {
        store_in_clickhouse(&a.clickhouse.db_client(), events.as_deref(), &source_label, &count)?;
    }
    eprintln!(
        "counted {} event(s) ({} duplicate(s) skipped, {} from people who objected dropped) into {n_usage} counter row(s) and {n_seats} license-day(s); rejected {}",
        count.counters.events,
        count.counters.duplicates,
        count.counters.suppressed,
        count.counters.rejected.values().sum::<u64>()
    );
    for (reason, n) in &count.counters.rejected {
        eprintln!("  rejected {reason:<14} {n}");
    }
    eprintln!("wrote {}", out.display());
    setup::note_missing_key(&scrubber, count.counters.events > 0);
    Ok(ExitCode::SUCCESS)
}
