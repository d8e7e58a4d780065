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

/// Views derived from `text` by decoding one layer, excluding `text` itself. Only layers that
/// are present are decoded, so plain text costs a few `memchr` scans.
pub(super) fn layers(text: &[u8]) -> Vec<Vec<u8>> {
    let mut views = Vec::new();
    views.extend(changed_lines(text, b'&', html_unescape));
    if memchr::memmem::find(text, b"</").is_some() || memchr::memmem::find(text, b"<br").is_some() {
        views.push(crate::engine::html_text_only(text));
    }
    views.extend(changed_lines(text, b'%', percent_decode));
    views.extend(changed_lines(text, b'\\', backslash_unescape));
    views.extend(base64_runs(text));
    if memchr::memmem::find(text, b"begin ").is_some() {
        views.extend(uudecode_blocks(text).into_iter().map(|(_, bytes)| bytes));
    }
    views
}
