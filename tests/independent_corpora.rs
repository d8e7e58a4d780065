//! Recall and precision on input this project's engine did not generate, held to the figures
//! scrubline promises:
//!
//! - `tests/corpus/support`: realistic Polish/Bulgarian support mail (other mail writers,
//!   UTF-16 logs, zips, HTML, forwards), written by a Python generator with Faker apart from
//!   `src/synth`, committed with its truth file;
//! - `tests/corpus/precision`: synthetic logs in the formats of real systems (sshd, Apache,
//!   Windows, HDFS, Android, macOS…), regenerated here into a temporary directory, nearly all of
//!   whose tokens must survive.
//!
//! Both go through the `scrubline scrub` binary as a user runs it and are scored by the Python
//! scorers next to them (standard library only; they decode every layer themselves). The
//! figures are printed; see them with
//! `cargo test --release --test independent_corpora -- --nocapture`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Kinds that must never leak: checksummed ids, e-mail and IP addresses, secrets.
const NO_LEAK: &[&str] = &["pesel", "egn", "nip", "regon", "eik", "iban", "card", "id_card", "email", "ip", "secret"];
/// Kinds judged by context, allowed at most 1% leaks.
const ONE_PERCENT: &[&str] = &["name", "login", "phone", "address", "customs_agent", "postal_code", "geo"];
/// Share of must-keep tokens that must come out untouched.
const KEEP_SURVIVAL: f64 = 0.999;
/// Lines of the precision corpus changed although no planted value sits on them: the share
/// allowed (log readers must be able to trust what they read).
const CHANGED_WITHOUT_PLANTED: f64 = 0.001;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn python(args: &[&str]) -> Vec<u8> {
    let out = Command::new("python3")
        .args(args)
        .output()
        .expect("python3 runs the corpus scorers: install it (scripts/setup.sh does)");
    assert!(out.status.success(), "python3 {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// One scorer's JSON verdict on `output` against `truth` (paths relative to `input`).
fn score(script: &str, truth: &Path, input: &Path, output: &Path) -> Value {
    let json = python(&[
        root().join(script).to_str().unwrap(),
        "--truth",
        truth.to_str().unwrap(),
        "--input-root",
        input.to_str().unwrap(),
        "--output-root",
        output.to_str().unwrap(),
        "--json",
    ]);
    serde_json::from_slice(&json).unwrap()
}

fn scrub(input: &Path, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_scrubline"))
        .args(["scrub", "--out"])
        .arg(out)
        .arg(input)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "scrubline scrub {}", input.display());
}

/// Per kind: planted, leaked; checked against the thresholds, printed as a table.
fn check_kinds(corpus: &str, kinds: &[(String, u64, u64)], failures: &mut Vec<String>) {
    println!("{corpus}: kind planted leaked");
    for (kind, planted, leaked) in kinds {
        let share = *leaked as f64 / (*planted).max(1) as f64;
        println!("{corpus}: {kind:<14} {planted:>7} {leaked:>6} {:>6.2}%", share * 100.0);
        let limit = if NO_LEAK.contains(&kind.as_str()) {
            0.0
        } else if ONE_PERCENT.contains(&kind.as_str()) {
            0.01
        } else {
            failures.push(format!("{corpus}: kind {kind} has no threshold here"));
            continue;
        };
        if share > limit {
            failures.push(format!("{corpus}: {kind} leaked {leaked} of {planted} (limit {:.0}%)", limit * 100.0));
        }
    }
}

fn check_keep(corpus: &str, total: u64, lost: u64, failures: &mut Vec<String>) {
    let survival = 1.0 - lost as f64 / total.max(1) as f64;
    println!("{corpus}: must-keep tokens {total}, lost {lost}, survival {:.3}%", survival * 100.0);
    if total == 0 || survival < KEEP_SURVIVAL {
        failures.push(format!("{corpus}: keep survival {survival:.5} below {KEEP_SURVIVAL}"));
    }
}

#[test]
fn support_mail_from_the_independent_generator() {
    let corpus = root().join("support");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("scrubbed");
    scrub(&corpus.join("out"), &out);
    let v = score("score.py", &corpus.join("truth.jsonl"), &corpus, &out);
    let kinds: Vec<(String, u64, u64)> = v["kinds"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, t)| (k.clone(), t["planted"].as_u64().unwrap(), t["leaked"].as_u64().unwrap()))
        .collect();
    let mut failures = Vec::new();
    assert!(kinds.iter().map(|k| k.1).sum::<u64>() > 10_000, "the corpus plants over 10,000 values");
    check_kinds("support", &kinds, &mut failures);
    check_keep("support", v["keep"]["total"].as_u64().unwrap(), v["keep"]["lost"].as_u64().unwrap(), &mut failures);
    let missing = v["missing_files"].as_array().unwrap();
    println!("support: files quarantined or missing: {}", missing.len());
    if !missing.is_empty() {
        failures.push(format!("support: quarantined or missing: {missing:?}"));
    }
    for leak in v["leaks"].as_array().unwrap().iter().take(20) {
        println!("support: leaked {leak}");
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn logs_in_the_formats_of_real_systems() {
    let tmp = tempfile::tempdir().unwrap();
    let generated = tmp.path().join("precision");
    python(&[root().join("precision/generate.py").to_str().unwrap(), "--root", generated.to_str().unwrap()]);
    let out = tmp.path().join("scrubbed");
    scrub(&generated.join("out"), &out);
    let v = score("precision/score_lines.py", &generated.join("truth.jsonl"), &generated, &out);
    let t = &v["total"];
    let planted = t["planted_by_kind"].as_object().unwrap();
    let leaked = t["leaked_by_kind"].as_object().unwrap();
    let kinds: Vec<(String, u64, u64)> = planted
        .iter()
        .map(|(k, n)| (k.clone(), n.as_u64().unwrap(), leaked.get(k).and_then(Value::as_u64).unwrap_or(0)))
        .collect();
    let mut failures = Vec::new();
    check_kinds("precision", &kinds, &mut failures);
    check_keep("precision", t["keep_total"].as_u64().unwrap(), t["keep_lost"].as_u64().unwrap(), &mut failures);
    let lines = t["lines"].as_u64().unwrap();
    let stray = t["changed_without_planted"].as_u64().unwrap();
    println!(
        "precision: lines {lines}, changed {}, changed without a planted value {stray}",
        t["changed"].as_u64().unwrap()
    );
    if lines < 30_000 || stray as f64 > lines as f64 * CHANGED_WITHOUT_PLANTED {
        failures.push(format!("precision: {stray} of {lines} lines changed without a planted value"));
    }
    let mismatched = t["line_count_mismatch"].as_array().unwrap();
    let missing = t["missing"].as_array().unwrap();
    if !mismatched.is_empty() || !missing.is_empty() {
        failures.push(format!("precision: line counts changed {mismatched:?}, missing {missing:?}"));
    }
    for e in v["examples"].as_array().unwrap().iter().take(10) {
        println!("precision: example {e}");
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
