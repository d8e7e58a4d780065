//! Single-thread throughput of scrubbing followed by the output verifier (the last gate reads
//! every output back), over the engine bench's inputs.
//!
//! Run: `cargo bench --bench verify` (criterion prints MiB/s as `thrpt`; the closing lines
//! print MB/s without and with the verifier over a fixed number of passes). The engine alone:
//! `cargo bench -p scrubline-engine --bench engine`.

use criterion::{criterion_group, Criterion, Throughput};
use scrubline::engine::{RulePack, Scratch, Scrubber};
use scrubline::synth::bench_inputs as inputs;
use scrubline::verify::Verifier;
use std::time::Instant;

fn bench(c: &mut Criterion) {
    let scrubber = Scrubber::new(&RulePack::embedded_default(), None).expect("default pack");
    let verifier = Verifier::new(&scrubber);
    let mut g = c.benchmark_group("scrub_and_verify");
    for (name, data) in inputs() {
        g.throughput(Throughput::Bytes(data.len() as u64));
        let mut scratch = Scratch::default();
        g.bench_function(name, |b| {
            b.iter(|| {
                let out = scrubber.scrub_with(&data, &mut scratch);
                verifier.text(&out.text, "bench").is_ok()
            })
        });
    }
    g.finish();
}

/// A plain figure for the README: MB/s (10^6 bytes) over twenty passes per input, without
/// and with the output verifier.
fn summary() {
    let scrubber = Scrubber::new(&RulePack::embedded_default(), None).expect("default pack");
    let verifier = Verifier::new(&scrubber);
    let mut scratch = Scratch::default();
    let (mut slowest, mut slowest_verified) = (f64::MAX, f64::MAX);
    for (name, data) in inputs() {
        let passes = 20;
        let mut findings = 0;
        let t = Instant::now();
        for _ in 0..passes {
            findings = scrubber.scrub_with(&data, &mut scratch).findings.len();
        }
        let secs = t.elapsed().as_secs_f64();
        let t = Instant::now();
        for _ in 0..passes {
            let out = scrubber.scrub_with(&data, &mut scratch);
            assert!(verifier.text(&out.text, name).is_ok(), "{name}: the verifier refused generated output");
        }
        let verified = t.elapsed().as_secs_f64();
        let lines = memchr::memchr_iter(b'\n', &data).count();
        let (mbs, mbs_verified) =
            ((data.len() * passes) as f64 / 1e6 / secs, (data.len() * passes) as f64 / 1e6 / verified);
        slowest = slowest.min(mbs);
        slowest_verified = slowest_verified.min(mbs_verified);
        println!(
            "summary {name}: {:.1} MB, {mbs:.0} MB/s, with the verifier {mbs_verified:.0} MB/s, {:.0} lines/s, {} findings per pass (1 thread)",
            data.len() as f64 / 1e6,
            (lines * passes) as f64 / secs,
            findings
        );
    }
    println!("summary minimum over inputs: {slowest:.0} MB/s, with the verifier {slowest_verified:.0} MB/s");
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    summary();
}
