//! `scrubline scrub`: sanitize files and directory trees into an output directory (or stdin
//! to stdout), then print what was found, as counts per kind.
//!
//! Exit status: 0 all clean; 2 an input could not be read or an output not written;
//! 3 some content could not be parsed and was quarantined (left out, listed in
//! `OUT/.scrubline/quarantine.ndjson` by file, line and reason).

use super::setup::{self, EngineArgs};
use crate::packages::PackageSanitizer;
use crate::pipelines::scrub_files::{files_to_dir, stdin_to_stdout, Tools, Totals};
use crate::reading::TextFormat;
use crate::sources::files::list_inputs;
use crate::verify::Verifier;
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum FormatArg {
    Text,
    Json,
    Ndjson,
    Csv,
    Html,
}

impl From<FormatArg> for TextFormat {
    fn from(f: FormatArg) -> TextFormat {
        match f {
            FormatArg::Text => TextFormat::Plain,
            FormatArg::Json => TextFormat::Json,
            FormatArg::Ndjson => TextFormat::Ndjson,
            FormatArg::Csv => TextFormat::Csv,
            FormatArg::Html => TextFormat::Html,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct ScrubArgs {
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Output directory; each result goes to the input's relative path under it.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Treat every input as text of this format instead of going by its name and first bytes.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Worker threads (default: the number of cores): files in parallel, or the chunks of a
    /// single large text (standard input, one file) in parallel, written in order.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Files and directories to scrub; `-` alone reads standard input and writes standard output.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

pub fn run(a: ScrubArgs) -> Result<ExitCode> {
    let stdin_only = a.paths.len() == 1 && a.paths[0].as_os_str() == "-";
    if !stdin_only && a.out.is_none() {
        anyhow::bail!("--out DIR is required (or give `-` alone to scrub standard input to standard output)");
    }
    if a.paths.len() > 1 && a.paths.iter().any(|p| p.as_os_str() == "-") {
        anyhow::bail!("`-` (standard input) cannot be mixed with other paths");
    }
    // Inputs are checked before any work: a missing path is an error, not an empty result.
    let (inputs, list_errors) = if stdin_only { (Vec::new(), Vec::new()) } else { list_inputs(&a.paths) };
    if !list_errors.is_empty() {
        for e in &list_errors {
            eprintln!("error: cannot read {}: {}", e.path.display(), e.message);
        }
        return Ok(ExitCode::from(2));
    }
    let scrubber = setup::scrubber(&a.engine)?;
    let intake = PackageSanitizer::new(&scrubber, setup::packages_config(&a.engine)?)?;
    let verifier = Verifier::new(&scrubber);
    let jobs = setup::threads_or_cores(a.jobs);
    let tools = Tools { s: &scrubber, intake: &intake, verifier: &verifier, jobs };
    let started = Instant::now();
    let totals = if stdin_only {
        stdin_to_stdout(&tools, a.format.map(Into::into))?
    } else {
        let out = a.out.clone().expect("checked above");
        files_to_dir(&tools, a.format.map(Into::into), &inputs, &out)?
    };
    report(&totals, started.elapsed(), a.out.as_deref());
    setup::note_missing_key(&scrubber, totals.counts.total() > 0);
    Ok(if !totals.failed.is_empty() {
        ExitCode::from(2)
    } else if !totals.quarantined.is_empty() {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

fn report(t: &Totals, elapsed: Duration, out: Option<&Path>) {
    let secs = elapsed.as_secs_f64().max(1e-9);
    // A rate over a tiny input or a blink of time says more about start-up than speed.
    let rate = if secs >= 0.5 && t.bytes >= 1_000_000 {
        format!(" ({:.1} MB/s)", t.bytes as f64 / 1e6 / secs)
    } else {
        String::new()
    };
    eprintln!("scrubbed {} file(s), {:.2} MB in {:.2} s{rate}", t.files, t.bytes as f64 / 1e6, secs);
    if t.counts.total() == 0 {
        eprintln!("findings: none");
    } else {
        eprintln!("findings ({} in all):", t.counts.total());
        for (k, n) in t.counts.iter() {
            eprintln!("  {:<14} {n}", k.id());
        }
    }
    if !t.quarantined.is_empty() {
        let place = out.map_or_else(
            || "listed above".to_string(),
            |o| format!("listed in {}", o.join(".scrubline/quarantine.ndjson").display()),
        );
        eprintln!("quarantined: {} part(s) could not be parsed and were left out, {place}", t.quarantined.len());
        if out.is_none() {
            for (_, r) in &t.quarantined {
                eprintln!("  line {}: {}", r.line, r.reason);
            }
        }
    }
    for f in &t.failed {
        eprintln!("error: {f}");
    }
}
