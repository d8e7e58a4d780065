//! Every input a fuzzer found to crash (`fuzz/regressions/<target>/`, kept as found) run
//! through what its target runs, in the ordinary test suite: a crash fixed once stays fixed.
//! The targets themselves are in `fuzz/fuzz_targets/`; README "Fuzzing" has the commands.

use scrubline::engine::{Keyring, RulePack, Scratch, Scrubber};
use scrubline::packages::{PackageSanitizer, PackagesConfig};
use scrubline::reading::{scrub_document, TextFormat};
use scrubline::verify::Verifier;
use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut out: Vec<_> = entries
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn every_crash_the_fuzzers_found_is_handled() {
    let scrubber = Scrubber::new(&RulePack::embedded_default(), Some(Keyring::ephemeral([7; 32]))).unwrap();
    let sanitizer = PackageSanitizer::new(&scrubber, PackagesConfig::embedded_default()).unwrap();
    let verifier = Verifier::new(&scrubber);
    let mut ran = 0;
    for (name, data) in inputs("mime") {
        if let Ok(out) = sanitizer.sanitize(&data) {
            assert!(verifier.message(&out.eml).is_ok(), "mime/{name}: released output fails the last gate");
        }
        ran += 1;
    }
    for (name, data) in inputs("zip") {
        if let Ok((out, _)) = sanitizer.sanitize_archive(&data) {
            assert!(verifier.archive(&out, "archive").is_ok(), "zip/{name}: released output fails the last gate");
        }
        ran += 1;
    }
    for (_, data) in inputs("structured") {
        if let Some((&pick, input)) = data.split_first() {
            let fmt = [TextFormat::Json, TextFormat::Ndjson, TextFormat::Csv][pick as usize % 3];
            let out = scrub_document(&scrubber, fmt, input, &mut Scratch::default());
            if fmt != TextFormat::Ndjson && !out.rejected.is_empty() {
                assert!(out.output.is_empty(), "a rejected {fmt:?} document produced output");
            }
        }
        ran += 1;
    }
    for (_, data) in inputs("engine") {
        scrubber.scrub(&data);
        ran += 1;
    }
    for (_, data) in inputs("verifier") {
        let _ = (verifier.text(&data, "fuzz"), verifier.message(&data), verifier.archive(&data, "fuzz"));
        ran += 1;
    }
    assert!(ran >= 1, "the regression folders are read (fuzz/regressions/mime holds at least one)");
}
