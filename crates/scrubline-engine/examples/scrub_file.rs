//! The engine alone on one file, for instruction counts:
//! `cargo build --release -p scrubline-engine --example scrub_file`, then
//! `valgrind --tool=callgrind target/release/examples/scrub_file FILE` (start-up included).
//! `REPS=N` repeats the pass; it prints the findings and the speed on standard error.
use scrubline_engine::{RulePack, Scratch, Scrubber};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: scrub_file FILE");
        std::process::exit(2);
    };
    let data = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let s = Scrubber::new(&RulePack::embedded_default(), None).expect("the embedded pack builds");
    let mut scratch = Scratch::default();
    let reps: usize = std::env::var("REPS").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let t = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..reps {
        n = s.scrub_with(&data, &mut scratch).findings.len();
    }
    let secs = t.elapsed().as_secs_f64();
    eprintln!("{n} findings, {:.1} MB/s", (data.len() * reps) as f64 / 1e6 / secs);
}
