//! Telemetry events per second on one thread: parse, validate, GeoIP, seat pseudonym,
//! scrub the free-form dimensions, aggregate. (Storage is a few aggregated rows per batch;
//! the insert cost is in the ClickHouse tests' latency histogram, not here.)
//!
//! Run: `cargo bench --bench telemetry` (criterion prints elements/s; the closing line events/s
//! for processing and for parsing the same events into `serde_json::Value` alone, and their
//! ratio, measured in the same run).

use criterion::{criterion_group, Criterion, Throughput};
use scrubline::engine::{Keyring, RulePack, Scrubber};
use scrubline::pipelines::chunks::map_shares;
use scrubline::synth::{telemetry, NamePool};
use scrubline::telemetry::geo::Geo;
use scrubline::telemetry::{Counters, Processor};
use std::time::Instant;

fn setup() -> (Scrubber, Geo, Keyring, Vec<String>) {
    let pack = RulePack::embedded_default();
    let names = NamePool::from_pack(&pack);
    let lines: Vec<String> =
        telemetry::events_with(&names, 3, 20_000, 0.0).ndjson.lines().map(str::to_string).collect();
    let geo =
        Geo::open(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/geoip/GeoIP2-City-Test.mmdb")))
            .unwrap();
    (Scrubber::new(&pack, None).unwrap(), geo, scrubline::keyring_file::ephemeral(), lines)
}

fn run(s: &Scrubber, g: &Geo, k: &Keyring, lines: &[String]) -> u64 {
    let mut p = Processor::new(s, g, k);
    let mut c = Counters::default();
    for l in lines {
        let _ = p.add(l.as_bytes(), &mut c);
    }
    c.events
}

fn bench(c: &mut Criterion) {
    let (s, g, k, lines) = setup();
    let mut grp = c.benchmark_group("telemetry");
    grp.throughput(Throughput::Elements(lines.len() as u64));
    grp.bench_function("events_20k", |b| b.iter(|| run(&s, &g, &k, &lines)));
    grp.finish();
}

/// The same on `threads` threads, each a contiguous share, counters merged (what
/// `telemetry consume --threads` does with a batch).
fn run_threads(s: &Scrubber, g: &Geo, k: &Keyring, lines: &[String], threads: usize) -> u64 {
    let shares = map_shares(lines.iter().collect::<Vec<_>>(), threads, |share| {
        let mut p = Processor::new(s, g, k);
        let mut c = Counters::default();
        for l in share {
            let _ = p.add(l.as_bytes(), &mut c);
        }
        c
    });
    let mut all = Counters::default();
    for c in shares {
        all.merge(c);
    }
    all.events
}

/// Parsing alone: the same events into `serde_json::Value`, the floor any processing stands on.
fn parse_only(lines: &[String]) -> usize {
    lines.iter().filter_map(|l| serde_json::from_slice::<serde_json::Value>(l.as_bytes()).ok()).count()
}

/// Events per second of `a` and of `b` over `lines`: rounds taken in turn, so both see the
/// same machine, and the best of 7 each (the figure least moved by noise).
fn rates(lines: &[String], mut a: impl FnMut() -> u64, mut b: impl FnMut() -> u64) -> (f64, f64) {
    let mut best = (0.0f64, 0.0f64);
    let time = |f: &mut dyn FnMut() -> u64| {
        let t = Instant::now();
        std::hint::black_box(f());
        lines.len() as f64 / t.elapsed().as_secs_f64()
    };
    for _ in 0..7 {
        best.0 = best.0.max(time(&mut a));
        best.1 = best.1.max(time(&mut b));
    }
    best
}

fn summary() {
    let (s, g, k, lines) = setup();
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    let (parse, process) = rates(&lines, || parse_only(&lines) as u64, || run(&s, &g, &k, &lines));
    let (one, two) = rates(&lines, || run_threads(&s, &g, &k, &lines, 1), || run_threads(&s, &g, &k, &lines, 2));
    println!("summary telemetry threads: {one:.0} events/s on 1 thread, {two:.0} on 2 = {:.2}x", two / one);
    println!(
        "summary telemetry: processing {:.0} events/s ({:.1} MB/s), parsing alone {:.0} events/s; \
         processing/parsing = {:.2} (aim: at least 0.5) (1 thread, {} events of {} bytes on average)",
        process,
        process * (bytes / lines.len()) as f64 / 1e6,
        parse,
        process / parse,
        lines.len(),
        bytes / lines.len()
    );
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    summary();
}
