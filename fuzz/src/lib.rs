//! What every target shares: the default rule pack's scrubber, package sanitizer and output
//! verifier, built once per fuzzing process (building them takes tens of milliseconds; each
//! input should cost only its own work).

use scrubline::engine::{Keyring, RulePack, Scrubber};
use scrubline::packages::{PackageSanitizer, PackagesConfig};
use scrubline::verify::Verifier;
use std::sync::OnceLock;

/// With a key, as in production: pseudonyms are exercised, not only redaction.
pub fn scrubber() -> &'static Scrubber {
    static S: OnceLock<Scrubber> = OnceLock::new();
    S.get_or_init(|| {
        Scrubber::new(&RulePack::embedded_default(), Some(Keyring::ephemeral([7; 32])))
            .expect("the embedded pack compiles")
    })
}

pub fn sanitizer() -> &'static PackageSanitizer<'static> {
    static P: OnceLock<PackageSanitizer<'static>> = OnceLock::new();
    P.get_or_init(|| {
        PackageSanitizer::new(scrubber(), PackagesConfig::embedded_default()).expect("the embedded config is valid")
    })
}

pub fn verifier() -> &'static Verifier {
    static V: OnceLock<Verifier> = OnceLock::new();
    V.get_or_init(|| Verifier::new(scrubber()))
}
