//! JSON, NDJSON and CSV documents (the first byte picks the reader). A document that does not
//! parse is rejected whole: its output must then be empty, never the input passed through.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scrubline::engine::Scratch;
use scrubline::reading::{scrub_document, TextFormat};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, input)) = data.split_first() else { return };
    let fmt = match pick % 3 {
        0 => TextFormat::Json,
        1 => TextFormat::Ndjson,
        _ => TextFormat::Csv,
    };
    let out = scrub_document(scrubline_fuzz::scrubber(), fmt, input, &mut Scratch::default());
    if fmt != TextFormat::Ndjson && !out.rejected.is_empty() {
        assert!(out.output.is_empty(), "a rejected {fmt:?} document produced output");
    }
});
