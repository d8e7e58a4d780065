//! The engine on any bytes: every finding lies inside the input, in order and without
//! overlap, and without a finding the output is the input unchanged.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = scrubline_fuzz::scrubber();
    let out = s.scrub(data);
    let mut at = 0;
    for f in &out.findings {
        assert!(f.start >= at && f.start < f.end && f.end <= data.len(), "finding {:?} out of order or bounds", f.kind);
        at = f.end;
    }
    if out.findings.is_empty() {
        assert_eq!(&out.text[..], data, "no findings, yet the text changed");
    }
});
