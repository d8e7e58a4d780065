//! Seed corpora for the fuzz targets (`fuzz/`), from the generators and the mail fixtures:
//! `cargo run --example fuzz_seeds -- fuzz/corpus`. Every seed is synthetic.

use scrubline::engine::RulePack;
use scrubline::synth::{mail, NamePool};
use scrubline_synth::{document, log, Format};
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::create_dir_all(dir).expect("corpus folder");
    std::fs::write(dir.join(name), bytes).expect("seed file");
}

fn mail_fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for root in ["tests/fixtures/mail", "tests/corpus"] {
        for e in walkdir::WalkDir::new(root).into_iter().flatten() {
            if e.path().extension().is_some_and(|x| x == "eml") {
                out.push(e.path().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "fuzz/corpus".into()));
    let names = NamePool::from_pack(&RulePack::embedded_default());
    let (mime, zip, structured, engine, verifier) =
        (root.join("mime"), root.join("zip"), root.join("structured"), root.join("engine"), root.join("verifier"));
    for seed in 0..40u64 {
        let p = mail::package(&names, 9_000 + seed);
        write(&mime, &format!("synth-{seed}.eml"), &p.raw);
        if seed < 10 {
            write(&verifier, &format!("mail-{seed}.eml"), &p.raw);
        }
    }
    for (i, path) in mail_fixtures().iter().enumerate() {
        write(&mime, &format!("fixture-{i}.eml"), &std::fs::read(path).expect("fixture"));
    }
    for (pick, format) in [(0u8, Format::Json), (2, Format::Csv)] {
        for seed in 0..10u64 {
            let d = document(&names, 500 + seed, format);
            let mut bytes = vec![pick];
            bytes.extend_from_slice(d.text.as_bytes());
            write(&structured, &format!("{format:?}-{seed}"), &bytes);
        }
    }
    for seed in 0..10u64 {
        let d = log(700 + seed, 40, 0.3);
        let mut ndjson = vec![1u8];
        for line in d.text.lines().filter(|l| l.starts_with('{')) {
            ndjson.extend_from_slice(line.as_bytes());
            ndjson.push(b'\n');
        }
        write(&structured, &format!("ndjson-{seed}"), &ndjson);
        write(&engine, &format!("log-{seed}"), d.text.as_bytes());
    }
    for format in Format::ALL {
        for seed in 0..5u64 {
            let d = document(&names, 800 + seed, format);
            write(&engine, &format!("{format:?}-{seed}"), d.text.as_bytes());
            write(&verifier, &format!("{format:?}-{seed}"), d.text.as_bytes());
        }
    }
    for seed in 0..10u64 {
        let a = document(&names, 900 + seed, Format::Log);
        let b = document(&names, 950 + seed, Format::Csv);
        let z = mail::zip(&[("logs/app.log", a.text.as_bytes()), ("export/contacts.csv", b.text.as_bytes())]);
        write(&zip, &format!("synth-{seed}.zip"), &z);
        if seed < 3 {
            write(&verifier, &format!("zip-{seed}.zip"), &z);
        }
    }
    eprintln!("seed corpora written under {}", root.display());
}
