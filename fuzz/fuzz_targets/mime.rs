//! The MIME walk: any bytes as a support e-mail. It must end in a sanitized message or a
//! quarantine record, never a panic, and a message it lets out must pass the last gate read
//! independently again (the sanitizer already ran it; this catches a gate that depends on
//! state of the walk).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(out) = scrubline_fuzz::sanitizer().sanitize(data) {
        assert!(scrubline_fuzz::verifier().message(&out.eml).is_ok(), "a released message fails the last gate");
        assert_eq!(out.manifest.bytes_after, out.eml.len() as u64);
    }
});
