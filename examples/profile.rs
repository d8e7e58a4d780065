//! Repeats the engine over generated logs for profiling: `cargo run --release --example profile`.
use scrubline::engine::{RulePack, Scratch, Scrubber};
use scrubline::synth::{corpus, Format};

fn main() {
    let s = Scrubber::new(&RulePack::embedded_default(), None).unwrap();
    let data: Vec<u8> = corpus(1, 600)
        .iter()
        .filter(|d| d.format == Format::Log)
        .flat_map(|d| d.text.bytes())
        .collect();
    let mut scratch = Scratch::default();
    let t = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..600 {
        n += s.scrub_with(&data, &mut scratch).findings.len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} bytes, {n} findings, {:.0} MB/s",
        data.len(),
        (data.len() * 600) as f64 / 1e6 / secs
    );
}
