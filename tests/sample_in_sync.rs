//! The bundled sample under samples/diagnostics is what `scrubline sample` generates with
//! its defaults; regenerate it with `cargo run -- sample --out samples/diagnostics` when
//! the generator changes.

use scrubline::synth::corpus;

#[test]
fn bundled_sample_matches_the_generator() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/diagnostics");
    for (i, doc) in corpus(20261123, 12).iter().enumerate() {
        let name = format!("{:03}-{:?}.{}", i, doc.format, doc.format.extension()).to_lowercase();
        let on_disk = std::fs::read_to_string(dir.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(on_disk, doc.text, "{name} is stale: regenerate samples/diagnostics");
    }
}

#[test]
fn bundled_telemetry_sample_matches_the_generator() {
    let names = scrubline::synth::NamePool::from_pack(&scrubline::engine::RulePack::embedded_default());
    let t = scrubline::synth::telemetry::events(&names, 20261123, 2000);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/telemetry/events.ndjson");
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        t.ndjson,
        "stale: cargo run -- sample --out samples/diagnostics --telemetry samples/telemetry/events.ndjson"
    );
}
