//! Scrubbing text by its format, once it is UTF-8: field names as context for JSON and CSV,
//! hidden characters decoded in HTML, uuencoded files inside text opened and put back.

use super::charset;
use super::content::{classify, Content, TextFormat};
use super::layers::{uudecode_blocks, uuencode, uuencode_name};
use crate::engine::{scrub_csv, scrub_json};
use crate::engine::{KindCounts, Scratch, Scrubber};
use std::borrow::Cow;

/// A part of the input that was left out of the output (fail closed): it could not be read,
/// parsed, scrubbed or verified. `line` is 1-based (0: the whole input); `label` is a short
/// class for counting (`parse_error`, `verify_failed`, …); `reason` says what went wrong in
/// words, never with content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub line: usize,
    pub label: &'static str,
    pub reason: String,
    /// For `verify_failed`: the kind that survived and where, never the value.
    pub survivor: Option<Survivor>,
}

/// What the output verifier found left in a part, as recorded in a quarantine row: the
/// kind's id (or `unreadable`) and the part's path, never the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Survivor {
    pub label: &'static str,
    pub part: String,
}

impl Rejected {
    pub fn parse_error(line: usize, reason: String) -> Rejected {
        Rejected { line, label: "parse_error", reason, survivor: None }
    }
}

#[derive(Debug, Default)]
pub struct FileOutcome {
    pub output: Vec<u8>,
    pub counts: KindCounts,
    pub rejected: Vec<Rejected>,
}

/// Scrub a whole in-memory document (UTF-8) of the given format. A JSON or CSV document that
/// does not parse is rejected whole (`output` empty), never passed through.
pub fn scrub_document(s: &Scrubber, fmt: TextFormat, input: &[u8], scratch: &mut Scratch) -> FileOutcome {
    let mut out = FileOutcome::default();
    match fmt {
        TextFormat::Plain => out.output = scrub_plain(s, input, scratch, &mut out.counts).into_owned(),
        TextFormat::Html => {
            let r = s.scrub_html(input, scratch);
            out.counts.add(&r.findings);
            out.output = r.text.into_owned();
        }
        TextFormat::Json => match scrub_json(s, input, scratch, &mut out.counts) {
            Ok(v) => out.output = v,
            Err(e) => {
                // JSON lines under a `.json` name (many loggers do that) are read as such.
                let mut lines = FileOutcome::default();
                scrub_ndjson(s, input, 1, scratch, &mut lines);
                if lines.rejected.is_empty() && memchr::memchr(b'\n', input).is_some() {
                    return lines;
                }
                out.counts = KindCounts::default();
                out.rejected.push(Rejected::parse_error(0, e.to_string()));
            }
        },
        TextFormat::Csv => match scrub_csv(s, input, scratch, &mut out.counts) {
            Ok(v) => out.output = v,
            Err(e) => out.rejected.push(Rejected::parse_error(0, e.to_string())),
        },
        TextFormat::Ndjson => scrub_ndjson(s, input, 1, scratch, &mut out),
    }
    out
}

/// Plain text, where a line that is a JSON object (structured logs: Serilog, log4net's JSON
/// layout, Python's `json.dumps` with `\u` escapes) is read as JSON, its keys as context and
/// its escapes undone; lines that do not parse stay text.
pub fn scrub_plain<'a>(s: &Scrubber, input: &'a [u8], scratch: &mut Scratch, counts: &mut KindCounts) -> Cow<'a, [u8]> {
    if memchr::memmem::find(input, b"{\"").is_none() {
        let r = s.scrub_with(input, scratch);
        counts.add(&r.findings);
        return r.text;
    }
    let mut out = Vec::with_capacity(input.len() + 64);
    let mut run_start = 0;
    let mut pos = 0;
    let flush = |from: usize, to: usize, out: &mut Vec<u8>, scratch: &mut Scratch, counts: &mut KindCounts| {
        if from < to {
            let r = s.scrub_with(&input[from..to], scratch);
            counts.add(&r.findings);
            out.extend_from_slice(&r.text);
        }
    };
    for line in input.split_inclusive(|&b| b == b'\n') {
        let (body, ending) = split_line_ending(line);
        let trimmed = body.trim_ascii();
        if trimmed.starts_with(b"{") && trimmed.ends_with(b"}") {
            let mut line_counts = KindCounts::default();
            if let Ok(v) = scrub_json(s, body, scratch, &mut line_counts) {
                flush(run_start, pos, &mut out, scratch, counts);
                counts.merge(&line_counts);
                out.extend_from_slice(&v);
                out.extend_from_slice(ending);
                pos += line.len();
                run_start = pos;
                continue;
            }
        }
        pos += line.len();
    }
    flush(run_start, pos, &mut out, scratch, counts);
    Cow::Owned(out)
}

/// Line-delimited JSON: each line is scrubbed as JSON, blank lines kept; an invalid line is
/// reported and left out. `first_line` numbers lines when the input is a chunk of a file.
pub fn scrub_ndjson(s: &Scrubber, input: &[u8], first_line: usize, scratch: &mut Scratch, out: &mut FileOutcome) {
    for (i, line) in input.split_inclusive(|&b| b == b'\n').enumerate() {
        let (body, ending) = split_line_ending(line);
        if body.iter().all(u8::is_ascii_whitespace) {
            out.output.extend_from_slice(line);
            continue;
        }
        match scrub_json(s, body, scratch, &mut out.counts) {
            Ok(v) => {
                out.output.extend_from_slice(&v);
                out.output.extend_from_slice(ending);
            }
            Err(e) => out.rejected.push(Rejected::parse_error(first_line + i, e.to_string())),
        }
    }
}

fn split_line_ending(line: &[u8]) -> (&[u8], &[u8]) {
    let body_len = line.len() - line.iter().rev().take_while(|&&b| b == b'\n' || b == b'\r').count();
    (&line[..body_len], &line[body_len..])
}

/// Text scrubbed by [`scrub_text`].
#[derive(Debug, Default)]
pub struct TextOutcome {
    pub text: String,
    pub counts: KindCounts,
    /// uuencoded files inside the text that were removed, with the reason.
    pub removed: Vec<String>,
}

/// Scrub one text (a mail body, an attachment, an archive member) by its format. Plain text
/// may carry uuencoded files: each is decoded, read through this same path and encoded
/// again, or removed when it cannot be scrubbed. `Err` says why the text must be removed.
pub fn scrub_text(s: &Scrubber, fmt: TextFormat, text: &str, scratch: &mut Scratch) -> Result<TextOutcome, String> {
    let mut o = TextOutcome::default();
    let blocks =
        if fmt == TextFormat::Plain && text.contains("begin ") { uudecode_blocks(text.as_bytes()) } else { Vec::new() };
    if blocks.is_empty() {
        let r = scrub_document(s, fmt, text.as_bytes(), scratch);
        if let Some(rej) = r.rejected.first() {
            return Err(rej.reason.clone());
        }
        o.counts = r.counts;
        o.text = into_string(r.output);
        return Ok(o);
    }
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut pos = 0;
    for ((start, end), data) in blocks {
        let before = scrub_document(s, fmt, &text.as_bytes()[pos..start], scratch);
        o.counts.merge(&before.counts);
        o.text.push_str(&into_string(before.output));
        let name = uuencode_name(&text.as_bytes()[start..end]).to_string();
        let safe = safe_file_name(s, &name, scratch);
        match uuencoded_file(s, &name, &data, scratch) {
            Ok((clean, counts)) => {
                o.counts.merge(&counts);
                o.text.push_str(&uuencode(&safe, clean.as_bytes(), eol));
            }
            Err(why) => {
                o.text.push_str(&format!("[uuencoded file {safe} removed: {why}]{eol}"));
                o.removed.push(format!("{safe}: {why}"));
            }
        }
        pos = end;
    }
    let rest = scrub_document(s, fmt, &text.as_bytes()[pos..], scratch);
    o.counts.merge(&rest.counts);
    o.text.push_str(&into_string(rest.output));
    Ok(o)
}

fn uuencoded_file(
    s: &Scrubber,
    name: &str,
    data: &[u8],
    scratch: &mut Scratch,
) -> Result<(String, KindCounts), String> {
    match classify(name, "", data) {
        Content::Text(fmt) => {
            let decoded = charset::decode(data, None).map_err(|e| e.to_string())?;
            let r = scrub_document(s, fmt, decoded.text.as_bytes(), scratch);
            if let Some(rej) = r.rejected.first() {
                return Err(rej.reason.clone());
            }
            Ok((into_string(r.output), r.counts))
        }
        Content::Binary(why) => Err(why.to_string()),
        _ => Err("archives and mail inside uuencoded blocks are not opened".to_string()),
    }
}

/// The engine's output on UTF-8 input is UTF-8 (spans end on character boundaries and
/// replacements are ASCII); a lossy conversion only guards the impossible case.
fn into_string(v: Vec<u8>) -> String {
    String::from_utf8(v).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A file name with personal data scrubbed out, safe to use as one path component. The
/// extension is kept apart ("jan@firma.pl.txt" would otherwise read as one address).
pub fn safe_file_name(s: &Scrubber, name: &str, scratch: &mut Scratch) -> String {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 8 && !ext.contains(['/', '\\']) => (stem, Some(ext)),
        _ => (name, None),
    };
    // `Nowak_Jan_ZC415`: underscores join words in file names; the engine reads them as spaces.
    let underscored = stem.contains('_') && !stem.contains(' ');
    let spaced: Cow<'_, str> = if underscored { Cow::Owned(stem.replace('_', " ")) } else { Cow::Borrowed(stem) };
    let (scrubbed, findings) = s.scrub_str(&spaced, scratch);
    let scrubbed = match (findings.is_empty(), underscored) {
        (true, _) => Cow::Borrowed(stem),
        (false, true) => Cow::Owned(scrubbed.replace(' ', "_")),
        (false, false) => scrubbed,
    };
    let mut safe = scrubbed.replace(['/', '\\'], "_");
    if let Some(ext) = ext {
        safe.push('.');
        safe.push_str(ext);
    }
    safe
}
