//! Zip reading: any bytes as an archive given on its own (`scrubline scrub logs.zip`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((out, _manifest)) = scrubline_fuzz::sanitizer().sanitize_archive(data) {
        assert!(scrubline_fuzz::verifier().archive(&out, "archive").is_ok(), "a released archive fails the last gate");
    }
});
