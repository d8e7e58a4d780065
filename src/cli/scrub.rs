//! `scrubline scrub`: sanitize files and directory trees into an output directory (or stdin
//! to stdout), then print what was found, as counts per kind.
//!
//! Exit status: 0 all clean; 2 an input could not be read or an output not written;
//! 3 some content could not be parsed and was quarantined (left out, listed in
//! `OUT/.scrubline/quarantine.ndjson` by file, line and reason).

use super::setup::{self, EngineArgs};
use crate::engine::Kind;
use crate::engine::{KindCounts, Scratch, Scrubber};
use crate::formats::{safe_file_name, scrub_document, scrub_ndjson, FileOutcome, FileType, Rejected};
use crate::packages::mbox::{self, MboxItem, MboxReader};
use crate::packages::{Manifest, PackageSanitizer};
use crate::sinks::directory::PendingFile;
use crate::sources::chunks::LineChunks;
use crate::sources::files::{list_inputs, InputFile};
use anyhow::{Context, Result};
use std::collections::HashSet;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// JSON and CSV are parsed whole; beyond this size a file is refused rather than buffered.
const MAX_STRUCTURED: u64 = 256 << 20;

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum FormatArg {
    Text,
    Json,
    Ndjson,
    Csv,
}

impl From<FormatArg> for FileType {
    fn from(f: FormatArg) -> FileType {
        match f {
            FormatArg::Text => FileType::Text,
            FormatArg::Json => FileType::Json,
            FormatArg::Ndjson => FileType::Ndjson,
            FormatArg::Csv => FileType::Csv,
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
    /// Treat every input as this type instead of going by file extension.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Files scrubbed in parallel (default: the number of cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Files and directories to scrub; `-` alone reads standard input and writes standard output.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Default)]
struct Totals {
    files: usize,
    bytes: u64,
    counts: KindCounts,
    quarantined: Vec<(PathBuf, Rejected)>,
    failed: Vec<String>,
}

pub fn run(a: ScrubArgs) -> Result<ExitCode> {
    let stdin_only = a.paths.len() == 1 && a.paths[0].as_os_str() == "-";
    if !stdin_only && a.out.is_none() {
        anyhow::bail!("--out DIR is required (or give `-` alone to scrub standard input to standard output)");
    }
    if a.paths.len() > 1 && a.paths.iter().any(|p| p.as_os_str() == "-") {
        anyhow::bail!("`-` (standard input) cannot be mixed with other paths");
    }
    let scrubber = setup::scrubber(&a.engine)?;
    let intake = PackageSanitizer::new(&scrubber, setup::packages_config(&a.engine)?)?;
    let started = Instant::now();
    let totals = if stdin_only {
        stdin_to_stdout(&scrubber, &intake, a.format.map_or(FileType::Text, Into::into))?
    } else {
        let out = a.out.clone().expect("checked above");
        files_to_dir(&scrubber, &intake, &a, &out)?
    };
    report(&totals, started.elapsed(), a.out.as_deref());
    Ok(if !totals.failed.is_empty() {
        ExitCode::from(2)
    } else if !totals.quarantined.is_empty() {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

fn stdin_to_stdout(s: &Scrubber, intake: &PackageSanitizer<'_>, ty: FileType) -> Result<Totals> {
    let mut t = Totals::default();
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let outcome = scrub_stream(s, intake, ty, std::io::stdin().lock(), &mut w, &AtomicU64::new(0))
        .context("scrubbing standard input")?;
    w.flush()?;
    t.files = 1;
    t.bytes = outcome.bytes;
    t.counts = outcome.counts;
    t.quarantined = outcome.rejected.into_iter().map(|r| (PathBuf::from("-"), r)).collect();
    Ok(t)
}

struct StreamOutcome {
    bytes: u64,
    counts: KindCounts,
    rejected: Vec<Rejected>,
    /// For mail: one manifest per sanitized message.
    manifests: Vec<Manifest>,
}

/// Scrub one input stream into `w`. Text and NDJSON stream in line-bounded chunks; JSON and
/// CSV are parsed whole. Returns `Err` only for I/O failures; unparseable content is reported
/// in `rejected` and left out of the output.
fn scrub_stream(
    s: &Scrubber,
    intake: &PackageSanitizer<'_>,
    ty: FileType,
    mut r: impl Read,
    w: &mut impl Write,
    progress: &AtomicU64,
) -> Result<StreamOutcome> {
    let mut scratch = Scratch::default();
    let mut o = StreamOutcome { bytes: 0, counts: KindCounts::default(), rejected: Vec::new(), manifests: Vec::new() };
    match ty {
        FileType::Text | FileType::Ndjson => {
            let mut chunks = LineChunks::new(r);
            let mut line = 1;
            while let Some(chunk) = chunks.next_chunk()? {
                o.bytes += chunk.len() as u64;
                progress.fetch_add(chunk.len() as u64, Ordering::Relaxed);
                if ty == FileType::Text {
                    let res = s.scrub_with(chunk, &mut scratch);
                    o.counts.add(&res.findings);
                    w.write_all(&res.text)?;
                } else {
                    let mut out = FileOutcome::default();
                    scrub_ndjson(s, chunk, line, &mut scratch, &mut out);
                    o.counts.merge(&out.counts);
                    o.rejected.extend(out.rejected);
                    w.write_all(&out.output)?;
                    line += memchr::memchr_iter(b'\n', chunk).count();
                }
            }
        }
        FileType::Eml => {
            let limit = intake.limits().max_message_bytes;
            let mut raw = Vec::new();
            r.by_ref().take(limit + 1).read_to_end(&mut raw)?;
            o.bytes = raw.len() as u64;
            progress.fetch_add(o.bytes, Ordering::Relaxed);
            match intake.sanitize(&raw) {
                Ok(p) => {
                    w.write_all(&p.eml)?;
                    add_findings(&mut o.counts, &p.manifest);
                    o.manifests.push(p.manifest);
                }
                Err(q) => o
                    .rejected
                    .push(Rejected { line: 0, reason: format!("quarantined ({}): {}", q.reason.label(), q.reason) }),
            }
        }
        FileType::Mbox => {
            let mut reader = MboxReader::new(std::io::BufReader::new(r), intake.limits().max_message_bytes);
            let mut index = 0;
            while let Some(item) = reader.next_message()? {
                index += 1;
                let raw = match item {
                    MboxItem::Message(m) => m,
                    MboxItem::TooLarge { bytes } => {
                        o.bytes += bytes;
                        let reason = format!("message {index} quarantined (too_large): {bytes} bytes");
                        o.rejected.push(Rejected { line: index, reason });
                        continue;
                    }
                };
                o.bytes += raw.len() as u64;
                progress.fetch_add(raw.len() as u64, Ordering::Relaxed);
                match intake.sanitize(&raw) {
                    Ok(p) => {
                        mbox::write_message(w, &p.eml)?;
                        add_findings(&mut o.counts, &p.manifest);
                        o.manifests.push(p.manifest);
                    }
                    Err(q) => o.rejected.push(Rejected {
                        line: index,
                        reason: format!("message {index} quarantined ({}): {}", q.reason.label(), q.reason),
                    }),
                }
            }
        }
        FileType::Json | FileType::Csv => {
            let mut buf = Vec::new();
            r.by_ref().take(MAX_STRUCTURED + 1).read_to_end(&mut buf)?;
            o.bytes = buf.len() as u64;
            progress.fetch_add(o.bytes, Ordering::Relaxed);
            if o.bytes > MAX_STRUCTURED {
                o.rejected.push(Rejected { line: 0, reason: format!("larger than {} MiB", MAX_STRUCTURED >> 20) });
                return Ok(o);
            }
            let out = scrub_document(s, ty, &buf, &mut scratch);
            o.counts = out.counts;
            o.rejected = out.rejected;
            w.write_all(&out.output)?;
        }
    }
    Ok(o)
}

fn add_findings(counts: &mut KindCounts, m: &Manifest) {
    for (k, n) in &m.findings {
        if let Some(kind) = Kind::from_id(k) {
            counts.add_kind(kind, *n);
        }
    }
}

/// Output path for an input: each component scrubbed too (file names carry names and
/// e-mail addresses), made unique within the run.
fn output_paths(s: &Scrubber, inputs: &[InputFile]) -> Vec<PathBuf> {
    let mut scratch = Scratch::default();
    let mut used = HashSet::new();
    inputs
        .iter()
        .map(|f| {
            let mut p = PathBuf::new();
            let mut components = f.relative.components().peekable();
            while let Some(c) = components.next() {
                let name = c.as_os_str().to_string_lossy();
                if components.peek().is_none() {
                    p.push(safe_file_name(s, &name, &mut scratch));
                } else {
                    p.push(s.scrub_str(&name, &mut scratch).0.replace(['/', '\\'], "_"));
                }
            }
            let mut candidate = p.clone();
            let mut n = 2;
            while !used.insert(candidate.clone()) {
                let mut name = p.file_name().unwrap_or_default().to_os_string();
                name.push(format!(".{n}"));
                candidate = p.with_file_name(name);
                n += 1;
            }
            candidate
        })
        .collect()
}

fn files_to_dir(s: &Scrubber, intake: &PackageSanitizer<'_>, a: &ScrubArgs, out: &Path) -> Result<Totals> {
    let (inputs, list_errors) = list_inputs(&a.paths);
    let mut totals = Totals::default();
    for e in list_errors {
        totals.failed.push(format!("cannot read {}: {}", e.path.display(), e.message));
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating output directory {}", out.display()))?;
    let dests = output_paths(s, &inputs);
    let total_bytes: u64 = inputs.iter().filter_map(|f| std::fs::metadata(&f.path).ok()).map(|m| m.len()).sum();
    let jobs = a.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let next = AtomicUsize::new(0);
    let done_files = AtomicUsize::new(0);
    let done_bytes = AtomicU64::new(0);
    let finished = AtomicBool::new(false);
    let results = Mutex::new(Totals::default());
    std::thread::scope(|scope| {
        scope.spawn(|| progress(&finished, &done_files, &done_bytes, inputs.len(), total_bytes));
        let workers: Vec<_> = (0..jobs.min(inputs.len().max(1)))
            .map(|_| {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    let r = scrub_file(s, intake, a.format.map(Into::into), input, out, &dests[i], &done_bytes);
                    done_files.fetch_add(1, Ordering::Relaxed);
                    let mut t = results.lock().expect("a worker panicked");
                    match r {
                        Ok(o) => {
                            t.files += 1;
                            t.bytes += o.bytes;
                            t.counts.merge(&o.counts);
                            t.quarantined.extend(o.rejected.into_iter().map(|r| (dests[i].clone(), r)));
                        }
                        Err(e) => t.failed.push(format!("{}: {e:#}", input.path.display())),
                    }
                })
            })
            .collect();
        for w in workers {
            let _ = w.join();
        }
        finished.store(true, Ordering::Relaxed);
    });
    let r = results.into_inner().expect("a worker panicked");
    totals.files = r.files;
    totals.bytes = r.bytes;
    totals.counts = r.counts;
    totals.quarantined = r.quarantined;
    totals.failed.extend(r.failed);
    if !totals.quarantined.is_empty() {
        write_quarantine(out, &totals.quarantined)?;
    }
    Ok(totals)
}

fn scrub_file(
    s: &Scrubber,
    intake: &PackageSanitizer<'_>,
    forced: Option<FileType>,
    input: &InputFile,
    out: &Path,
    dest: &Path,
    progress: &AtomicU64,
) -> Result<StreamOutcome> {
    let f = std::fs::File::open(&input.path).context("cannot read")?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, f);
    let ty = match forced {
        Some(t) => t,
        None => FileType::detect(&input.path, reader.fill_buf().context("cannot read")?),
    };
    let mut pending =
        PendingFile::create(out, dest).with_context(|| format!("cannot write {}", out.join(dest).display()))?;
    let outcome = match scrub_stream(s, intake, ty, reader, &mut PendingWriter(&mut pending), progress) {
        Ok(o) => o,
        Err(e) => {
            pending.abandon();
            return Err(e);
        }
    };
    // A document rejected whole (JSON, CSV, a quarantined message) leaves no output behind.
    if matches!(ty, FileType::Json | FileType::Csv | FileType::Eml) && !outcome.rejected.is_empty() {
        pending.abandon();
        return Ok(outcome);
    }
    pending.commit().context("cannot finish output file")?;
    if matches!(ty, FileType::Eml | FileType::Mbox) {
        write_manifests(out, dest, ty, &outcome.manifests)?;
    }
    Ok(outcome)
}

/// Manifests next to the sanitized mail: `x.eml.manifest.json`, or one line per message in
/// `x.mbox.manifests.ndjson`.
fn write_manifests(out: &Path, dest: &Path, ty: FileType, manifests: &[Manifest]) -> Result<()> {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    let mut text = Vec::new();
    if ty == FileType::Eml {
        name.push(".manifest.json");
        serde_json::to_writer_pretty(&mut text, &manifests[0])?;
    } else {
        name.push(".manifests.ndjson");
        for m in manifests {
            serde_json::to_writer(&mut text, m)?;
            text.push(b'\n');
        }
    }
    let mut f = PendingFile::create(out, &dest.with_file_name(name))?;
    f.write_all(&text)?;
    f.commit()?;
    Ok(())
}

struct PendingWriter<'a>(&'a mut PendingFile);

impl Write for PendingWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write_all(buf)?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn write_quarantine(out: &Path, q: &[(PathBuf, Rejected)]) -> Result<()> {
    let dir = out.join(".scrubline");
    std::fs::create_dir_all(&dir)?;
    let mut text = String::new();
    for (path, r) in q {
        let rec = serde_json::json!({"file": path.to_string_lossy(), "line": r.line, "reason": r.reason});
        text.push_str(&rec.to_string());
        text.push('\n');
    }
    std::fs::write(dir.join("quarantine.ndjson"), text)?;
    Ok(())
}

fn progress(finished: &AtomicBool, files: &AtomicUsize, bytes: &AtomicU64, total_files: usize, total_bytes: u64) {
    let start = Instant::now();
    let mut last = start;
    while !finished.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        if last.elapsed() >= Duration::from_secs(2) {
            last = Instant::now();
            let b = bytes.load(Ordering::Relaxed);
            eprintln!(
                "progress: {}/{} files, {:.1}/{:.1} MB, {:.1} MB/s",
                files.load(Ordering::Relaxed),
                total_files,
                b as f64 / 1e6,
                total_bytes as f64 / 1e6,
                b as f64 / 1e6 / start.elapsed().as_secs_f64()
            );
        }
    }
}

fn report(t: &Totals, elapsed: Duration, out: Option<&Path>) {
    let secs = elapsed.as_secs_f64().max(1e-9);
    eprintln!(
        "scrubbed {} file(s), {:.2} MB in {:.2} s ({:.1} MB/s)",
        t.files,
        t.bytes as f64 / 1e6,
        secs,
        t.bytes as f64 / 1e6 / secs
    );
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
