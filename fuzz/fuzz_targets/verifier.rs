//! The output verifier on any bytes, as text, as a message and as an archive: a verdict, never
//! a panic (it reads what is about to leave, so it sees whatever the pipeline produced).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let v = scrubline_fuzz::verifier();
    let _ = v.text(data, "fuzz");
    let _ = v.message(data);
    let _ = v.archive(data, "fuzz");
});
