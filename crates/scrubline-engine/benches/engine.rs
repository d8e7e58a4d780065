//! Single-thread throughput of the scrubbing engine alone (no output verifier) with the full
//! default rule pack, over generated diagnostic logs, config dumps and mixed text. Builds
//! without any of the application's I/O crates.
//!
//! Run: `cargo bench -p scrubline-engine --bench engine` (criterion prints MiB/s as `thrpt`;
//! the closing lines print MB/s measured over a fixed number of passes). The application's
//! `cargo bench --bench verify` prints the same inputs with the output verifier.

use criterion::{criterion_group, Criterion, Throughput};
use scrubline_engine::{KindCounts, RulePack, Scratch, Scrubber};
use scrubline_synth::bench_inputs as inputs;
use std::time::Instant;

fn bench(c: &mut Criterion) {
    let scrubber = Scrubber::new(&RulePack::embedded_default(), None).expect("default pack");
    let mut g = c.benchmark_group("scrub");
    for (name, data) in inputs() {
        g.throughput(Throughput::Bytes(data.len() as u64));
        let mut scratch = Scratch::default();
        g.bench_function(name, |b| b.iter(|| scrubber.scrub_with(&data, &mut scratch).findings.len()));
    }
    g.finish();
}

/// A plain figure for the README: MB/s (10^6 bytes) over twenty passes per input.
fn summary() {
    let scrubber = Scrubber::new(&RulePack::embedded_default(), None).expect("default pack");
    let mut scratch = Scratch::default();
    let mut slowest = f64::MAX;
    for (name, data) in inputs() {
        let passes = 20;
        let mut findings = 0;
        let t = Instant::now();
        for _ in 0..passes {
            findings = scrubber.scrub_with(&data, &mut scratch).findings.len();
        }
        let mbs = (data.len() * passes) as f64 / 1e6 / t.elapsed().as_secs_f64();
        // Outside the timing: what the findings were taken on, per reason.
        let mut counts = KindCounts::default();
        counts.add(&scrubber.scrub_with(&data, &mut scratch).findings);
        slowest = slowest.min(mbs);
        println!(
            "summary {name}: {:.1} MB, {mbs:.0} MB/s, {findings} findings per pass (1 thread)",
            data.len() as f64 / 1e6
        );
        let reasons: Vec<String> = counts.reasons(&scrubber).into_iter().map(|(r, n)| format!("{r} {n}")).collect();
        println!("  per reason: {}", reasons.join(", "));
    }
    println!("summary minimum over inputs: {slowest:.0} MB/s");
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    summary();
}
