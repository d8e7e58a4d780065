//! Inputs the fuzzers (`fuzz/`, README "Fuzzing") found to crash the engine, reduced to what
//! triggers each crash. Every one must now scrub without a panic.

use scrubline_engine::{RulePack, Scrubber};

fn scrub(text: &[u8]) -> usize {
    let s = Scrubber::new(&RulePack::embedded_default(), None).unwrap();
    s.scrub(text).findings.len()
}

/// `fuzz/artifacts/mime/crash-083bb54e…`: an address whose house number is followed by ". "
/// at the very end of the text; the sentence-end check read the character after the space.
#[test]
fn address_ending_in_dot_space_at_end_of_text() {
    for text in ["adres: ul. Polna 12. ", "ul. Kwiatowa 5/2. ", "Adres: Warszawa, ul. Długa 7. "] {
        scrub(text.as_bytes());
    }
}
