//! Telemetry events per second on one thread: parse, validate, GeoIP, seat pseudonym,
//! scrub the free-form dimensions, aggregate. (Storage is a few aggregated rows per batch;
//! the insert cost is in the ClickHouse tests' latency histogram, not here.)
//!
//! Run: `cargo bench --bench telemetry` (criterion prints elements/s; the closing line events/s).

use criterion::{criterion_group, Criterion, Throughput};
use scrubline::engine::{Keyring, RulePack, Scrubber};
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

fn summary() {
    let (s, g, k, lines) = setup();
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    let rounds = 5;
    let t = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(run(&s, &g, &k, &lines));
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "summary telemetry: {:.0} events/s, {:.1} MB/s (1 thread, {} events of {} bytes on average)",
        (lines.len() * rounds) as f64 / secs,
        (bytes * rounds) as f64 / 1e6 / secs,
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
