//! The views of one text the verifier checks: the text itself and every layer peeled off it
//! (see [`crate::reading::layers`]), two layers deep.

use crate::reading::layers::{backslash_unescape, base64_runs, html_unescape, percent_decode, uudecode_blocks};
use std::borrow::Cow;

/// The lines of `text` that `decode` changes, decoded, one per line. An escape never spans a
/// line end, so the lines it leaves alone (already checked as the text itself) are not
/// copied and checked again: a log with Windows paths or URLs is not re-read whole per layer.
fn changed_lines(text: &[u8], trigger: u8, decode: fn(&[u8]) -> Cow<'_, [u8]>) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut from = 0;
    // Only the lines that hold the trigger byte are visited.
    while let Some(p) = memchr::memchr(trigger, &text[from..]) {
        let at = from + p;
        let start = memchr::memrchr(b'\n', &text[from..at]).map_or(from, |q| from + q + 1);
        let end = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |q| at + q);
        let line = &text[start..end];
        if let Cow::Owned(v) = decode(line) {
            if v != line {
                out.extend_from_slice(&v);
                out.push(b'\n');
            }
        }
        from = (end + 1).min(text.len());
        if end >= text.len() {
            break;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// [`layers`] with the HTML text view of the whole text, as it was read before
/// [`markup_regions`]: the reference the regions are tested against.
#[cfg(test)]
pub(super) fn layers_whole(text: &[u8]) -> Vec<Vec<u8>> {
    let mut views = layers(text);
    if memchr::memmem::find(text, b"</").is_some() || memchr::memmem::find(text, b"<br").is_some() {
        views.push(crate::engine::html_text_only(text));
    }
    views
}

/// Views derived from `text` by decoding one layer, excluding `text` itself. Only layers that
/// are present are decoded, so plain text costs a few `memchr` scans.
pub(super) fn layers(text: &[u8]) -> Vec<Vec<u8>> {
    let mut views = Vec::new();
    views.extend(changed_lines(text, b'&', html_unescape));
    if memchr::memmem::find(text, b"</").is_some() || memchr::memmem::find(text, b"<br").is_some() {
        views.extend(markup_regions(text).into_iter().map(|(from, to)| crate::engine::html_text_only(&text[from..to])));
    }
    views.extend(changed_lines(text, b'%', percent_decode));
    views.extend(changed_lines(text, b'\\', backslash_unescape));
    views.extend(base64_runs(text));
    if memchr::memmem::find(text, b"begin ").is_some() {
        views.extend(uudecode_blocks(text).into_iter().map(|(_, bytes)| bytes));
    }
    views
}

/// The stretches of `text` whose HTML text view can differ from the text itself, each read as
/// the whole text's view reads it. Lines without markup read the same either way, and are
/// checked as the text itself; a log with a few tags is not read twice whole.
///
/// A stretch starts at a line start in text (never inside a tag, comment or script) and ends
/// at a line end after every construct begun in it has ended, found by the text view's own
/// reading of each construct (`html_markup_end`: a tag runs to the next `>` however far, a
/// comment to `-->`, a script or style to its closing tag, else to the end of the text).
/// So the view of a stretch is the whole view's bytes for it.
///
/// What is read across lines must stay in one stretch too. Each stretch takes in, on both
/// sides, the blank lines and the lines that may continue an encoding across line ends
/// (base64 lines, uuencoded lines), then one line more: the line before it (cue words are
/// read on a value's own line; a base64 run's or a uuencoded block's first line) and the line
/// after it (a key block's first line after its header, a run's last line, a block's `end`).
///
/// Linear in the text: each line with markup is walked from once.
pub(super) fn markup_regions(text: &[u8]) -> Vec<(usize, usize)> {
    let n = text.len();
    let line_start = |at: usize| memchr::memrchr(b'\n', &text[..at]).map_or(0, |p| p + 1);
    let line_end = |at: usize| memchr::memchr(b'\n', &text[at..]).map_or(n, |p| at + p + 1);
    // Blank lines and lines that may carry an encoding on: taken in without ending a stretch.
    let passes = |line: &[u8]| {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        line.iter().all(u8::is_ascii_whitespace)
            || line.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'))
            || line.iter().all(|&b| (0x20..=0x60).contains(&b))
    };
    // From the start of the line at `at` back through passing lines, then one line more.
    let back = |at: usize| {
        let mut start = line_start(at);
        while start > 0 {
            start = line_start(start - 1);
            if !passes(&text[start..line_end(start)]) {
                break;
            }
        }
        start
    };
    // From the end of the line holding byte `at` on through passing lines, then one line more.
    let on = |at: usize| {
        let mut to = line_end(at);
        while to < n {
            let next = line_end(to);
            let pass = passes(&text[to..next]);
            to = next;
            if !pass {
                break;
            }
        }
        to
    };
    let mut regions: Vec<(usize, usize)> = Vec::new();
    // The end of the line where the last construct ended: constructs ending before it (more
    // on the same line) change nothing, so a long line of tags is not walked per tag.
    let mut core_end = 0;
    let mut i = 0;
    while let Some(p) = memchr::memchr2(b'<', b'&', &text[i..]).map(|p| i + p) {
        let end = if text[p] == b'&' { p + 1 } else { crate::engine::html_markup_end(text, p) };
        let last_byte = end.saturating_sub(1).max(p);
        if last_byte >= core_end {
            core_end = line_end(last_byte);
            let to = on(last_byte);
            match regions.last_mut() {
                Some(last) if p < last.1 => last.1 = last.1.max(to),
                _ => {
                    let start = back(p);
                    match regions.last_mut() {
                        Some(last) if start <= last.1 => last.1 = last.1.max(to),
                        _ => regions.push((start, to)),
                    }
                }
            }
        }
        i = end.max(p + 1);
    }
    regions
}
