//! Repeats the engine over a generated log for profiling:
//! `cargo run --release --example profile [pii_share]`.
use scrubline::engine::{RulePack, Scratch, Scrubber};

fn main() {
    let share: f64 = std::env::args().nth(1).map_or(scrubline::synth::LOG_PII_SHARE, |s| s.parse().expect("a number"));
    let s = Scrubber::new(&RulePack::embedded_default(), None).unwrap();
    let lines: usize = std::env::args().nth(2).map_or(4000, |s| s.parse().expect("a number"));
    let data = scrubline::synth::log(1, lines, share).text.into_bytes();
    let mut scratch = Scratch::default();
    let passes = std::env::var("PASSES").map_or((120_000_000 / data.len()).max(3), |p| p.parse().expect("a number"));
    let t = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..passes {
        n += s.scrub_with(&data, &mut scratch).findings.len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!("{} bytes, {n} findings, {:.0} MB/s", data.len(), (data.len() * passes) as f64 / 1e6 / secs);
}
