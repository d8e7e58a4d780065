//! Single-thread throughput of the scrubbing engine with the full default rule pack, over
//! generated diagnostic logs and config dumps (and the whole mixed corpus).
//!
//! Run: `cargo bench --bench engine` (criterion prints MiB/s as `thrpt`; the closing lines
//! also print MB/s measured over a fixed number of passes).

use criterion::{criterion_group, Criterion, Throughput};
use scrubline::engine::{RulePack, Scratch, Scrubber};
use scrubline::synth::{corpus, log, Format, LOG_PII_SHARE};
use scrubline::verify::Verifier;
use std::time::Instant;

fn input(formats: &[Format], min_bytes: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(min_bytes + 65536);
    let mut seed = 1;
    while out.len() < min_bytes {
        for d in corpus(seed, 60) {
            if formats.contains(&d.format) {
                out.extend_from_slice(d.text.as_bytes());
            }
        }
        seed += 1;
    }
    out
}

fn logs(pii_share: f64, min_bytes: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut seed = 1;
    while out.len() < min_bytes {
        out.extend_from_slice(log(seed, 2000, pii_share).text.as_bytes());
        seed += 1;
    }
    out
}

fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("logs", logs(LOG_PII_SHARE, 8 << 20)),
        ("logs_every_line_personal", logs(1.0, 8 << 20)),
        ("config_dumps", input(&[Format::Ini, Format::Xml], 8 << 20)),
        ("mixed_text", input(&[Format::Log, Format::Xml, Format::Ini, Format::Mail], 8 << 20)),
    ]
}

fn bench(c: &mut Criterion) {
    let scrubber = Scrubber::new(&RulePack::embedded_default(), None).expect("default pack");
    let mut g = c.benchmark_group("scrub");
    for (name, data) in inputs() {
        g.throughput(Throughput::Bytes(data.len() as u64));
        let mut scratch = Scratch::default();
        g.bench_function(name, |b| b.iter(|| scrubber.scrub_with(&data, &mut scratch).findings.len()));
    }
    g.finish();
    // The same with the last gate: the output verifier reads every output back.
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
        println!(
            "summary {name}: {:.1} MB, {:.0} MB/s, with the verifier {:.0} MB/s, {:.0} lines/s, {} findings per pass (1 thread)",
            data.len() as f64 / 1e6,
            (data.len() * passes) as f64 / 1e6 / secs,
            (data.len() * passes) as f64 / 1e6 / verified,
            (lines * passes) as f64 / secs,
            findings
        );
    }
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    summary();
}
