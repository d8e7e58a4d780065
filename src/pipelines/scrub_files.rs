//! Sanitizing files and directory trees into an output directory, or standard input to
//! standard output: each file read through the reading path, scrubbed, checked by the output
//! verifier, and written atomically; what cannot be read, scrubbed or verified is quarantined
//! with a reason. `cli/scrub.rs` maps the command's arguments onto this.

use crate::engine::Kind;
use crate::engine::{KindCounts, Scratch, Scrubber};
use crate::packages::mbox::{self, MboxItem, MboxReader};
use crate::packages::{Manifest, PackageSanitizer};
use crate::reading::charset::{self, StreamDecoder};
use crate::reading::{
    classify, safe_file_name, scrub_document, scrub_ndjson, scrub_plain, scrub_text, Content, FileOutcome, Rejected,
    Survivor, TextFormat,
};
use crate::sinks::directory::PendingFile;
use crate::sources::chunks::LineChunks;
use crate::sources::files::InputFile;
use crate::verify::Verifier;
use anyhow::{Context, Result};
use std::collections::HashSet;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// JSON, CSV, HTML and archives are read whole; beyond this size a file is refused rather
/// than buffered.
const MAX_WHOLE: u64 = 256 << 20;

/// What a run did: files and bytes read, findings, what was quarantined (by file) and what
/// failed (an input that could not be read, an output not written).
#[derive(Default)]
pub struct Totals {
    pub files: usize,
    pub bytes: u64,
    pub counts: KindCounts,
    pub quarantined: Vec<(PathBuf, Rejected)>,
    pub failed: Vec<String>,
}

/// What every worker shares: the engine, the package sanitizer, the last gate, and how many
/// workers there are.
#[derive(Clone, Copy)]
pub struct Tools<'a> {
    pub s: &'a Scrubber,
    pub intake: &'a PackageSanitizer<'a>,
    pub verifier: &'a Verifier,
    /// Worker threads: files in parallel, or the chunks of one large text (scrubbed in
    /// parallel, written in order).
    pub jobs: usize,
}

/// Standard input to standard output (`forced`: the format, else by the first bytes).
pub fn stdin_to_stdout(t: &Tools<'_>, forced: Option<TextFormat>) -> Result<Totals> {
    let mut totals = Totals::default();
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let mut r = std::io::BufReader::with_capacity(1 << 16, std::io::stdin().lock());
    let content = match forced {
        Some(f) => Content::Text(f),
        None => classify("", "", r.fill_buf().context("reading standard input")?),
    };
    let outcome =
        scrub_stream(t, content, "-", r, &mut w, &AtomicU64::new(0), None).context("scrubbing standard input")?;
    w.flush()?;
    totals.files = 1;
    totals.bytes = outcome.bytes;
    totals.counts = outcome.counts;
    totals.quarantined = outcome.rejected.into_iter().map(|r| (PathBuf::from("-"), r)).collect();
    Ok(totals)
}

struct StreamOutcome {
    bytes: u64,
    counts: KindCounts,
    rejected: Vec<Rejected>,
    /// For a message or an archive: its manifest (an mbox writes its own as it goes).
    manifest: Option<Manifest>,
    /// Nothing of the input may be kept (a document rejected whole, a failed verification):
    /// the output is abandoned.
    abandon: bool,
}

impl StreamOutcome {
    fn new() -> Self {
        StreamOutcome { bytes: 0, counts: KindCounts::default(), rejected: Vec::new(), manifest: None, abandon: false }
    }

    fn refuse(&mut self, line: usize, label: &'static str, reason: String) {
        self.rejected.push(Rejected { line, label, reason, survivor: None });
        self.abandon = true;
    }

    /// The last gate refused the output: nothing of this input is written.
    fn verify_failed(&mut self, line: usize, f: crate::verify::VerifyFailure) {
        crate::self_metrics::verify_failed(f.label());
        let survivor = Some(Survivor { label: f.label(), part: f.path.clone() });
        self.rejected.push(Rejected { line, label: "verify_failed", reason: f.to_string(), survivor });
        self.abandon = true;
    }

    fn quarantined(&mut self, line: usize, q: crate::packages::Quarantined) {
        let survivor = match q.reason {
            crate::packages::QuarantineReason::VerifyFailed(ref f) => {
                Some(Survivor { label: f.label(), part: f.path.clone() })
            }
            _ => None,
        };
        self.rejected.push(Rejected { line, label: q.reason.label(), reason: q.reason.to_string(), survivor });
    }
}

/// Scrub one input into `w`, by what it is. Returns `Err` only for I/O failures; what cannot
/// be read, scrubbed and verified is reported in `rejected` and never written.
/// `mbox_manifests`: where an mbox's per-message manifests go, one JSON line each, as they
/// are made (an mbox of a million messages must not hold a million manifests in memory);
/// none: they are counted and not kept.
fn scrub_stream(
    t: &Tools<'_>,
    content: Content,
    path: &str,
    mut r: impl BufRead,
    w: &mut impl Write,
    progress: &AtomicU64,
    mut mbox_manifests: Option<&mut PendingFile>,
) -> Result<StreamOutcome> {
    let mut o = StreamOutcome::new();
    match content {
        Content::Text(fmt @ (TextFormat::Plain | TextFormat::Ndjson)) => {
            text_stream(t, fmt, path, r, w, progress, &mut o)?
        }
        Content::Text(fmt) => {
            let buf = read_whole(&mut r, &mut o, progress)?;
            if o.abandon {
                return Ok(o);
            }
            let text = match charset::decode(&buf, None) {
                Ok(d) => d.text,
                Err(why) => {
                    o.refuse(0, "undecodable", why.to_string());
                    return Ok(o);
                }
            };
            let out = scrub_document(t.s, fmt, text.as_bytes(), &mut Scratch::default());
            o.counts = out.counts;
            if !out.rejected.is_empty() {
                o.rejected = out.rejected;
                o.abandon = true;
                return Ok(o);
            }
            if let Err(f) = t.verifier.text(&out.output, path) {
                o.verify_failed(0, f);
                return Ok(o);
            }
            w.write_all(&out.output)?;
        }
        Content::Zip => {
            let buf = read_whole(&mut r, &mut o, progress)?;
            if o.abandon {
                return Ok(o);
            }
            match t.intake.sanitize_archive(&buf) {
                Ok((bytes, manifest)) => {
                    w.write_all(&bytes)?;
                    add_findings(&mut o.counts, &manifest);
                    o.manifest = Some(manifest);
                }
                Err(q) => {
                    o.quarantined(0, q);
                    o.abandon = true;
                }
            }
        }
        Content::Mail => {
            let limit = t.intake.limits().max_message_bytes;
            let mut raw = Vec::new();
            r.by_ref().take(limit + 1).read_to_end(&mut raw)?;
            o.bytes = raw.len() as u64;
            progress.fetch_add(o.bytes, Ordering::Relaxed);
            match t.intake.sanitize(&raw) {
                Ok(p) => {
                    w.write_all(&p.eml)?;
                    add_findings(&mut o.counts, &p.manifest);
                    o.manifest = Some(p.manifest);
                }
                Err(q) => {
                    o.quarantined(0, q);
                    o.abandon = true;
                }
            }
        }
        Content::Mbox => {
            // Messages are sanitized by the workers and written in their order.
            let mut reader = MboxReader::new(r, t.intake.limits().max_message_bytes);
            let mut index = 0;
            super::ordered::in_order(
                t.jobs,
                || {
                    let Some(item) = reader.next_message()? else { return Ok(None) };
                    index += 1;
                    Ok(Some((index, item)))
                },
                || (),
                |_, (index, item)| match item {
                    MboxItem::Message(raw) => (index, raw.len() as u64, Some(t.intake.sanitize(&raw))),
                    MboxItem::TooLarge { bytes } => (index, bytes, None),
                },
                |(index, bytes, result)| {
                    o.bytes += bytes;
                    match result {
                        None => {
                            let reason = format!("message {index}: {bytes} bytes exceed the size limit");
                            o.rejected.push(Rejected { line: index, label: "too_large", reason, survivor: None });
                        }
                        Some(Ok(p)) => {
                            progress.fetch_add(bytes, Ordering::Relaxed);
                            mbox::write_message(w, &p.eml)?;
                            add_findings(&mut o.counts, &p.manifest);
                            if let Some(m) = mbox_manifests.as_deref_mut() {
                                let mut line = serde_json::to_vec(&p.manifest)?;
                                line.push(b'\n');
                                m.write_all(&line)?;
                            }
                        }
                        Some(Err(q)) => {
                            progress.fetch_add(bytes, Ordering::Relaxed);
                            o.quarantined(index, q);
                        }
                    }
                    Ok(true)
                },
            )?;
        }
        Content::Binary(why) => o.refuse(0, "binary", why.to_string()),
    }
    Ok(o)
}

/// Read a whole input of at most [`MAX_WHOLE`] bytes (refused beyond, nothing buffered).
fn read_whole(r: &mut impl BufRead, o: &mut StreamOutcome, progress: &AtomicU64) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    r.take(MAX_WHOLE + 1).read_to_end(&mut buf)?;
    o.bytes = buf.len() as u64;
    progress.fetch_add(o.bytes, Ordering::Relaxed);
    if o.bytes > MAX_WHOLE {
        o.refuse(0, "too_large", format!("larger than {} MiB", MAX_WHOLE >> 20));
    }
    Ok(buf)
}

/// Text and NDJSON stream in line-bounded chunks, decoded to UTF-8 on the way (UTF-16 logs
/// included). Each chunk's output is verified before it is written; the first chunk that
/// fails stops the file. Decoding that turns out doubtful stops it too.
/// Plain text and NDJSON, in chunks that end on a line boundary: read and written here, in
/// order; scrubbed and verified by `t.jobs` workers in parallel, each with its own scratch.
/// At most a few chunks per worker are in flight, so memory stays bounded. The first chunk
/// that is refused (undecodable, unparsable or failing the verifier) ends the output there.
fn text_stream(
    t: &Tools<'_>,
    fmt: TextFormat,
    path: &str,
    mut r: impl BufRead,
    w: &mut impl Write,
    progress: &AtomicU64,
    o: &mut StreamOutcome,
) -> Result<()> {
    let head = r.fill_buf()?.to_vec();
    let mut decoder = StreamDecoder::new(&head, None);
    let charset = decoder.charset();
    let mut chunks = LineChunks::new(DecodingReader::new(r, &mut decoder));
    let mut writer = ChunkWriter { doubt: Default::default(), charset };
    let mut line = 1;
    super::ordered::in_order(
        t.jobs,
        || {
            let Some(chunk) = chunks.next_chunk()? else { return Ok(None) };
            progress.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            let start = line;
            line += memchr::memchr_iter(b'\n', chunk).count();
            Ok(Some((start, chunk.to_vec())))
        },
        Scratch::default,
        |scratch, (line, chunk)| scrub_chunk(t, fmt, path, &chunk, line, scratch),
        |r| writer.take(r, w, o),
    )
}

/// One chunk's result: its output and counts, or why the stream stops there.
struct ChunkResult {
    /// What makes the decoded text doubtful, judged in order with the chunks before.
    doubt: charset::DoubtCounts,
    line: usize,
    out: Vec<u8>,
    bytes: u64,
    counts: KindCounts,
    rejected: Vec<Rejected>,
    stop: Option<ChunkStop>,
}

enum ChunkStop {
    Refused { line: usize, label: &'static str, reason: String },
    Verify { line: usize, failure: crate::verify::VerifyFailure },
}

/// What the writer keeps across chunks: the decoding's doubt, judged in input order.
struct ChunkWriter {
    doubt: charset::DoubtCounts,
    charset: charset::Charset,
}

impl ChunkWriter {
    /// Write one chunk's result, or record why the stream stops there (`Ok(false)`).
    fn take(&mut self, r: ChunkResult, w: &mut impl Write, o: &mut StreamOutcome) -> Result<bool> {
        self.doubt.merge(&r.doubt);
        if let Err(why) = self.doubt.verdict(self.charset) {
            o.refuse(r.line, "undecodable", why.to_string());
            return Ok(false);
        }
        o.bytes += r.bytes;
        o.counts.merge(&r.counts);
        o.rejected.extend(r.rejected);
        match r.stop {
            Some(ChunkStop::Refused { line, label, reason }) => {
                o.refuse(line, label, reason);
                Ok(false)
            }
            Some(ChunkStop::Verify { line, failure }) => {
                o.verify_failed(line, failure);
                Ok(false)
            }
            None => {
                w.write_all(&r.out)?;
                Ok(true)
            }
        }
    }
}

/// Scrub and verify one chunk (`line`: the 1-based line it starts on).
fn scrub_chunk(
    t: &Tools<'_>,
    fmt: TextFormat,
    path: &str,
    chunk: &[u8],
    line: usize,
    scratch: &mut Scratch,
) -> ChunkResult {
    let mut doubt = charset::DoubtCounts::default();
    doubt.add(std::str::from_utf8(chunk).unwrap_or("\u{fffd}"));
    let mut r = ChunkResult {
        doubt,
        line,
        out: Vec::new(),
        bytes: chunk.len() as u64,
        counts: KindCounts::default(),
        rejected: Vec::new(),
        stop: None,
    };
    let end_line = line + memchr::memchr_iter(b'\n', chunk).count();
    let out: std::borrow::Cow<'_, [u8]> =
        if fmt == TextFormat::Plain && memchr::memmem::find(chunk, b"begin ").is_some() {
            // uuencoded files inside a log are opened by the reading path.
            let text = std::str::from_utf8(chunk).unwrap_or_default();
            match scrub_text(t.s, fmt, text, scratch) {
                Ok(res) => {
                    r.counts.merge(&res.counts);
                    std::borrow::Cow::Owned(res.text.into_bytes())
                }
                Err(why) => {
                    r.stop = Some(ChunkStop::Refused { line, label: "parse_error", reason: why });
                    return r;
                }
            }
        } else if fmt == TextFormat::Plain {
            scrub_plain(t.s, chunk, scratch, &mut r.counts)
        } else {
            let mut out = FileOutcome::default();
            scrub_ndjson(t.s, chunk, line, scratch, &mut out);
            r.counts.merge(&out.counts);
            r.rejected.extend(out.rejected);
            std::borrow::Cow::Owned(out.output)
        };
    if let Err(failure) = t.verifier.text(&out, path) {
        r.stop = Some(ChunkStop::Verify { line: end_line, failure });
        return r;
    }
    r.out = out.into_owned();
    r
}

/// A reader that yields the input decoded to UTF-8 (see [`StreamDecoder`]); UTF-8 input
/// passes through, checked but not copied into a new encoding.
struct DecodingReader<'d, R> {
    inner: R,
    decoder: &'d mut StreamDecoder,
    raw: Vec<u8>,
    text: String,
    served: usize,
    done: bool,
}

impl<'d, R: Read> DecodingReader<'d, R> {
    fn new(inner: R, decoder: &'d mut StreamDecoder) -> Self {
        DecodingReader { inner, decoder, raw: vec![0; 1 << 16], text: String::new(), served: 0, done: false }
    }
}

impl<R: Read> Read for DecodingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.served == self.text.len() {
            if self.done {
                return Ok(0);
            }
            self.text.clear();
            self.served = 0;
            let n = self.inner.read(&mut self.raw)?;
            self.done = n == 0;
            self.decoder.decode(&self.raw[..n], self.done, &mut self.text);
        }
        let n = buf.len().min(self.text.len() - self.served);
        buf[..n].copy_from_slice(&self.text.as_bytes()[self.served..self.served + n]);
        self.served += n;
        Ok(n)
    }
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

/// Every input into `out` at its relative path (`format`: forced, else by name and first
/// bytes); `OUT/.scrubline/` gets the manifests and the quarantine list.
pub fn files_to_dir(t: &Tools<'_>, format: Option<TextFormat>, inputs: &[InputFile], out: &Path) -> Result<Totals> {
    let mut totals = Totals::default();
    std::fs::create_dir_all(out).with_context(|| format!("creating output directory {}", out.display()))?;
    let dests = output_paths(t.s, inputs);
    let sizes: Vec<u64> = inputs.iter().map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len())).collect();
    let total_bytes: u64 = sizes.iter().sum();
    // Largest files first: the last to start are the small ones, so the workers finish
    // together instead of one working through a big file alone at the end.
    let mut order: Vec<usize> = (0..inputs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let jobs = t.jobs;
    // One input: its chunks get every worker; many: one worker per file.
    let t = &Tools { jobs: if inputs.len() == 1 { jobs } else { 1 }, ..*t };
    let next = AtomicUsize::new(0);
    let done_files = AtomicUsize::new(0);
    let done_bytes = AtomicU64::new(0);
    let finished = AtomicBool::new(false);
    let results = Mutex::new(Totals::default());
    std::thread::scope(|scope| {
        scope.spawn(|| progress(&finished, &done_files, &done_bytes, inputs.len(), total_bytes));
        let workers: Vec<_> = (0..jobs.min(inputs.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let input = &inputs[i];
                        let r = scrub_file(t, format, input, out, &dests[i], &done_bytes);
                        done_files.fetch_add(1, Ordering::Relaxed);
                        let mut res = results.lock().expect("a worker panicked");
                        match r {
                            Ok(o) => {
                                res.files += 1;
                                res.bytes += o.bytes;
                                res.counts.merge(&o.counts);
                                res.quarantined.extend(o.rejected.into_iter().map(|r| (dests[i].clone(), r)));
                            }
                            Err(e) => res.failed.push(format!("{}: {e:#}", input.path.display())),
                        }
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
    // Workers finish in any order; what is reported is not.
    totals.quarantined.sort_by(|a, b| a.0.cmp(&b.0));
    totals.failed.sort();
    if !totals.quarantined.is_empty() {
        write_quarantine(out, &totals.quarantined)?;
    }
    Ok(totals)
}

fn scrub_file(
    t: &Tools<'_>,
    forced: Option<TextFormat>,
    input: &InputFile,
    out: &Path,
    dest: &Path,
    progress: &AtomicU64,
) -> Result<StreamOutcome> {
    let f = std::fs::File::open(&input.path).context("cannot read")?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, f);
    let content = match forced {
        Some(f) => Content::Text(f),
        None => {
            let name = input.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            classify(&name, "", reader.fill_buf().context("cannot read")?)
        }
    };
    let mut pending =
        PendingFile::create(out, dest).with_context(|| format!("cannot write {}", out.join(dest).display()))?;
    let shown = dest.to_string_lossy();
    let mut mbox_manifests = match content {
        Content::Mbox => Some(PendingFile::create(out, &manifest_path(dest, content))?),
        _ => None,
    };
    let outcome = match scrub_stream(
        t,
        content,
        &shown,
        reader,
        &mut PendingWriter(&mut pending),
        progress,
        mbox_manifests.as_mut(),
    ) {
        Ok(o) => o,
        Err(e) => {
            pending.abandon();
            if let Some(m) = mbox_manifests {
                m.abandon();
            }
            return Err(e);
        }
    };
    // What could not be read, scrubbed and verified leaves no output behind.
    if outcome.abandon {
        pending.abandon();
        if let Some(m) = mbox_manifests {
            m.abandon();
        }
        return Ok(outcome);
    }
    pending.commit().context("cannot finish output file")?;
    if let Some(m) = mbox_manifests {
        m.commit().context("cannot finish the manifests file")?;
    }
    if matches!(content, Content::Mail | Content::Zip) {
        write_manifest(out, dest, content, outcome.manifest.as_ref())?;
    }
    Ok(outcome)
}

/// Where a file's manifest goes: `x.eml.manifest.json`, `x.zip.manifest.json`, or one line
/// per message in `x.mbox.manifests.ndjson`.
fn manifest_path(dest: &Path, content: Content) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(if content == Content::Mbox { ".manifests.ndjson" } else { ".manifest.json" });
    dest.with_file_name(name)
}

/// The manifest next to a sanitized message or archive.
fn write_manifest(out: &Path, dest: &Path, content: Content, manifest: Option<&Manifest>) -> Result<()> {
    let Some(m) = manifest else { return Ok(()) };
    let mut f = PendingFile::create(out, &manifest_path(dest, content))?;
    f.write_all(&serde_json::to_vec_pretty(m)?)?;
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
    std::fs::create_dir_all(dir.as_path())?;
    let mut text = String::new();
    for (path, r) in q {
        let mut rec = serde_json::json!({
            "file": path.to_string_lossy(), "line": r.line, "reason_label": r.label, "reason": r.reason,
        });
        if let Some(f) = &r.survivor {
            rec["kind"] = f.label.into();
            rec["part"] = f.part.clone().into();
        }
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
