//! Diagnostic package intake without storage: generated MIME packages (bodies, six text
//! attachments, nested zips, a forwarded message, an image) parsed, scrubbed and re-assembled.
//!
//! Run: `cargo bench --bench packages` (criterion prints MiB/s; the closing lines packages/s,
//! and the package consumer's batch work on one and two threads).

use criterion::{criterion_group, Criterion, Throughput};
use scrubline::engine::{RulePack, Scrubber};
use scrubline::packages::{PackageSanitizer, PackagesConfig};
use scrubline::pipelines::packages_from_kafka::sanitize_all;
use scrubline::synth::{mail, NamePool};
use scrubline::verify::Verifier;
use std::time::Instant;

fn packages() -> Vec<Vec<u8>> {
    let names = NamePool::from_pack(&RulePack::embedded_default());
    (0..40).map(|seed| mail::package(&names, seed).raw).collect()
}

fn bench(c: &mut Criterion) {
    let scrubber = Scrubber::new(&RulePack::embedded_default(), None).expect("default pack");
    let intake = PackageSanitizer::new(&scrubber, PackagesConfig::embedded_default()).expect("default config");
    let pkgs = packages();
    let bytes: usize = pkgs.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group("packages");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("intake_40", |b| {
        b.iter(|| pkgs.iter().map(|p| intake.sanitize(p).map(|s| s.eml.len()).unwrap_or(0)).sum::<usize>())
    });
    g.finish();
}

fn summary() {
    let scrubber = Scrubber::new(&RulePack::embedded_default(), None).expect("default pack");
    let intake = PackageSanitizer::new(&scrubber, PackagesConfig::embedded_default()).expect("default config");
    let pkgs = packages();
    let bytes: usize = pkgs.iter().map(Vec::len).sum();
    let rounds = 10;
    let t = Instant::now();
    for _ in 0..rounds {
        for p in &pkgs {
            std::hint::black_box(intake.sanitize(p).map(|s| s.eml.len()).unwrap_or(0));
        }
    }
    let secs = t.elapsed().as_secs_f64();
    // The last gate alone, over the sanitized outputs: its share of the intake time.
    let verifier = Verifier::new(&scrubber);
    let outputs: Vec<Vec<u8>> = pkgs.iter().filter_map(|p| intake.sanitize(p).ok()).map(|s| s.eml).collect();
    let t = Instant::now();
    for _ in 0..rounds {
        for o in &outputs {
            assert!(verifier.message(o).is_ok());
        }
    }
    let verify = t.elapsed().as_secs_f64();
    println!(
        "summary packages: {} packages of {:.0} KB on average, {:.0} packages/s, {:.1} MB/s with the verifier, \
         {:.1} MB/s without it (the verifier alone: {:.0}% of intake time) (1 thread)",
        pkgs.len(),
        bytes as f64 / pkgs.len() as f64 / 1e3,
        (pkgs.len() * rounds) as f64 / secs,
        (bytes * rounds) as f64 / 1e6 / secs,
        (bytes * rounds) as f64 / 1e6 / (secs - verify).max(1e-9),
        verify / secs * 100.0
    );
    // The package consumer's work per batch, on one and on two threads.
    let raws: Vec<&[u8]> = pkgs.iter().map(Vec::as_slice).collect();
    for threads in [1, 2] {
        let t = Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(sanitize_all(&intake, &raws, threads).len());
        }
        println!(
            "summary consumer batch: {:.0} packages/s on {threads} thread(s)",
            (pkgs.len() * rounds) as f64 / t.elapsed().as_secs_f64()
        );
    }
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    summary();
}
