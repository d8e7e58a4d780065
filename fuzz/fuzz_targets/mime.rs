//! The MIME walk: any bytes as a support e-mail. It must end in a sanitized message or a
//! quarantine record, never a panic or a hang. (The released message passes the last gate
//! again, read by a verifier of its own: cheap, and it keeps the gate from depending on the
//! sanitizer's state; the target's real yield is panics, hangs and memory blow-ups.)
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(out) = scrubline_fuzz::sanitizer().sanitize(data) {
        assert!(scrubline_fuzz::verifier().message(&out.eml).is_ok(), "a released message fails the last gate");
        assert_eq!(out.manifest.bytes_after, out.eml.len() as u64);
    }
});
