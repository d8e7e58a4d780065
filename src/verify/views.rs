//! The views of one text the verifier checks: the text itself and every layer peeled off it
//! (see [`crate::reading::layers`]), two layers deep.

use crate::reading::layers::{backslash_unescape, base64_runs, html_unescape, percent_decode, uudecode_blocks};
use std::borrow::Cow;

/// Views derived from `text` by decoding one layer, excluding `text` itself. Only layers that
/// are present are decoded, so plain text costs a few `memchr` scans.
pub(super) fn layers(text: &[u8]) -> Vec<Vec<u8>> {
    let mut views = Vec::new();
    if memchr::memchr(b'&', text).is_some() {
        if let Cow::Owned(v) = html_unescape(text) {
            views.push(v);
        }
    }
    if memchr::memmem::find(text, b"</").is_some() || memchr::memmem::find(text, b"<br").is_some() {
        views.push(crate::engine::structured::html::text_view(text).0);
    }
    if memchr::memchr(b'%', text).is_some() {
        if let Cow::Owned(v) = percent_decode(text) {
            views.push(v);
        }
    }
    if memchr::memchr(b'\\', text).is_some() {
        if let Cow::Owned(v) = backslash_unescape(text) {
            views.push(v);
        }
    }
    views.extend(base64_runs(text));
    if memchr::memmem::find(text, b"begin ").is_some() {
        views.extend(uudecode_blocks(text).into_iter().map(|(_, bytes)| bytes));
    }
    views
}
