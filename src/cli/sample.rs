//! `scrubline sample`: write the synthetic diagnostic corpus to a directory, for trying the
//! pipeline and for benchmarks. Everything in it is generated; nothing is real.

use crate::synth::corpus;
use anyhow::{Context, Result};
use std::path::PathBuf;

/// The sample's defaults: the bundled samples and `scrubline run`'s embedded events use them.
pub const DEFAULT_SEED: u64 = 20261123;
pub const DEFAULT_EVENTS: usize = 2000;

#[derive(clap::Args, Debug)]
pub struct SampleArgs {
    /// Directory to write the sample into (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Number of documents (cycling through log, xml, ini, json, csv and mail text).
    #[arg(long, default_value_t = 12)]
    pub docs: usize,
    /// Also write generated telemetry events (NDJSON) to this file.
    #[arg(long)]
    pub telemetry: Option<PathBuf>,
    /// Number of telemetry events.
    #[arg(long, default_value_t = DEFAULT_EVENTS)]
    pub events: usize,
}

pub fn run(a: &SampleArgs) -> Result<()> {
    std::fs::create_dir_all(&a.out).with_context(|| format!("creating {}", a.out.display()))?;
    for (i, doc) in corpus(a.seed, a.docs).iter().enumerate() {
        let name = format!("{:03}-{:?}.{}", i, doc.format, doc.format.extension()).to_lowercase();
        let path = a.out.join(name);
        std::fs::write(&path, &doc.text).with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(path) = &a.telemetry {
        let names = crate::synth::NamePool::from_pack(&crate::engine::RulePack::embedded_default());
        let t = crate::synth::telemetry::events(&names, a.seed, a.events);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, t.ndjson).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {} synthetic telemetry events to {}", a.events, path.display());
    }
    eprintln!("wrote {} synthetic documents to {}", a.docs, a.out.display());
    Ok(())
}
