//! How a file is scrubbed, by its type: line-delimited JSON line by line, JSON and CSV with
//! their field names as context, everything else as text. The diagnostic-package path adds
//! MIME (`.eml`) behind the same entry point.

use crate::engine::structured::{csv::scrub_csv, json::scrub_json};
use crate::engine::{KindCounts, Scratch, Scrubber};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    Text,
    Json,
    Ndjson,
    Csv,
    /// One RFC 5322 message: sanitized as a diagnostic package (see [`crate::packages`]).
    Eml,
    /// Many messages in one mbox file.
    Mbox,
}

impl FileType {
    pub fn from_path(path: &Path) -> FileType {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("ndjson" | "jsonl") => FileType::Ndjson,
            Some("json") => FileType::Json,
            Some("csv" | "tsv") => FileType::Csv,
            Some("eml" | "msg822") => FileType::Eml,
            Some("mbox" | "mbx") => FileType::Mbox,
            _ => FileType::Text,
        }
    }

    /// The type by extension, except that mail is recognised by its first bytes (an mbox
    /// separator, or a mail header block) whatever the name says: maildir names such as
    /// `1700000000.M1P1.host:2,S` have no useful extension, and mail scrubbed as text would
    /// let base64 bodies through.
    pub fn detect(path: &Path, head: &[u8]) -> FileType {
        let by_name = Self::from_path(path);
        if matches!(by_name, FileType::Json | FileType::Ndjson | FileType::Csv) {
            return by_name;
        }
        if head.starts_with(b"From ") && head.contains(&b'\n') {
            return FileType::Mbox;
        }
        if looks_like_mail(head) {
            return FileType::Eml;
        }
        by_name
    }
}

/// A header block (`Name: value` lines up to a blank line) naming at least two of the
/// headers every mail has.
///
/// ```
/// use scrubline::formats::FileType;
/// use std::path::Path;
/// let mail = b"Return-Path: <x@y>\nFrom: a@b\nSubject: hi\n\nbody";
/// assert_eq!(FileType::detect(Path::new("1700000000.M1P1.host:2,S"), mail), FileType::Eml);
/// assert_eq!(FileType::detect(Path::new("app.log"), b"2024-01-01 INFO started\n"), FileType::Text);
/// ```
fn looks_like_mail(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let mut known = 0;
    for line in text.lines() {
        if line.is_empty() {
            return known >= 2;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else { return false };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return false;
        }
        let n = name.to_ascii_lowercase();
        known += matches!(n.as_str(), "from" | "to" | "subject" | "date" | "message-id" | "received" | "return-path")
            as usize;
    }
    false
}

/// A part of the input that could not be parsed and was left out of the output (fail closed).
/// `line` is 1-based; `reason` names the parser's complaint, never the content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub line: usize,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct FileOutcome {
    pub output: Vec<u8>,
    pub counts: KindCounts,
    pub rejected: Vec<Rejected>,
}

/// Scrub a whole in-memory document of the given type. A JSON or CSV document that does not
/// parse is rejected whole (`output` empty), never passed through.
pub fn scrub_document(s: &Scrubber, ty: FileType, input: &[u8], scratch: &mut Scratch) -> FileOutcome {
    let mut out = FileOutcome::default();
    match ty {
        FileType::Text => {
            let r = s.scrub_with(input, scratch);
            out.counts.add(&r.findings);
            out.output = r.text.into_owned();
        }
        FileType::Json => match scrub_json(s, input, scratch, &mut out.counts) {
            Ok(v) => {
                out.output = v;
                out.output.push(b'\n');
            }
            Err(e) => out.rejected.push(Rejected { line: 0, reason: e.to_string() }),
        },
        FileType::Csv => match scrub_csv(s, input, scratch, &mut out.counts) {
            Ok(v) => out.output = v,
            Err(e) => out.rejected.push(Rejected { line: 0, reason: e.to_string() }),
        },
        FileType::Ndjson => scrub_ndjson(s, input, 1, scratch, &mut out),
        // Scrubbing mail as text would miss base64 and quoted-printable bodies: fail closed.
        FileType::Eml | FileType::Mbox => {
            out.rejected.push(Rejected { line: 0, reason: "mail goes through the package sanitizer".into() })
        }
    }
    out
}

/// Line-delimited JSON: each valid line is scrubbed as JSON; an invalid line is reported and
/// left out. `first_line` numbers lines when the input is a chunk of a larger file.
pub fn scrub_ndjson(s: &Scrubber, input: &[u8], first_line: usize, scratch: &mut Scratch, out: &mut FileOutcome) {
    for (i, line) in input.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match scrub_json(s, line, scratch, &mut out.counts) {
            Ok(v) => {
                out.output.extend_from_slice(&v);
                out.output.push(b'\n');
            }
            Err(e) => out.rejected.push(Rejected { line: first_line + i, reason: e.to_string() }),
        }
    }
}

/// A file name with personal data scrubbed out, safe to use as one path component. The
/// extension is kept apart ("jan@firma.pl.txt" would otherwise read as one address).
pub fn safe_file_name(s: &Scrubber, name: &str, scratch: &mut Scratch) -> String {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 8 && !ext.contains(['/', '\\']) => (stem, Some(ext)),
        _ => (name, None),
    };
    let (scrubbed, _) = s.scrub_str(stem, scratch);
    let mut safe = scrubbed.replace(['/', '\\'], "_");
    if let Some(ext) = ext {
        safe.push('.');
        safe.push_str(ext);
    }
    safe
}

/// Names that say a file holds text the engine can scrub.
pub fn is_text_name(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some(
            "log"
                | "txt"
                | "xml"
                | "json"
                | "ndjson"
                | "jsonl"
                | "ini"
                | "cfg"
                | "conf"
                | "config"
                | "csv"
                | "tsv"
                | "yaml"
                | "yml"
                | "properties"
                | "md"
                | "html"
                | "htm"
                | "trace"
                | "out"
                | "err"
        )
    )
}
