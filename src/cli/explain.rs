//! `scrubline explain FILE|-`: each finding of a text with its place, kind, action and the
//! evidence it was taken on, for support staff and rule authors asking "why did this become
//! `[NAME]`?". Values are not printed unless `--show-values` is given (for local use on test
//! data).

use super::setup::{self, EngineArgs};
use anyhow::{Context, Result};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub engine: EngineArgs,
    /// The text to explain (`-` for standard input). Read through the same charset detection
    /// as `scrub`; explained as text (the field-name context of JSON and CSV is not shown).
    pub input: PathBuf,
    /// Also print each value found. Personal data on screen: only for test data or your own.
    #[arg(long)]
    pub show_values: bool,
}

pub fn run(a: &ExplainArgs) -> Result<ExitCode> {
    let mut raw = Vec::new();
    if a.input.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut raw).context("reading standard input")?;
    } else {
        raw = std::fs::read(&a.input).with_context(|| format!("cannot read {}", a.input.display()))?;
    }
    let decoded = crate::reading::charset::decode(&raw, None)
        .map_err(|d| anyhow::anyhow!("{}: not readable as text ({d})", a.input.display()))?;
    let text = decoded.text.as_bytes();
    let scrubber = setup::scrubber(&a.engine)?;
    let mut scratch = crate::engine::Scratch::default();
    let result = scrubber.scrub_with(text, &mut scratch);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(out, "line:col\tkind\taction\tevidence\trule{}", if a.show_values { "\tvalue" } else { "" })?;
    // Line starts, so each finding gets its line and column (in characters).
    let mut line = 1;
    let mut line_start = 0;
    let mut pos = 0;
    for f in &result.findings {
        while let Some(nl) = memchr::memchr(b'\n', &text[pos..f.start]) {
            line += 1;
            pos += nl + 1;
            line_start = pos;
        }
        pos = f.start;
        let col = String::from_utf8_lossy(&text[line_start..f.start]).chars().count() + 1;
        let action = format!("{:?}", f.action).to_lowercase();
        // The custom rule's id, or `built_in` for the engine's own detectors.
        let rule = f.custom_rule.and_then(|i| scrubber.custom_rule_id(i)).unwrap_or("built_in");
        write!(out, "{line}:{col}\t{}\t{action}\t{}\t{rule}", f.kind.id(), f.evidence.id())?;
        if a.show_values {
            write!(out, "\t{}", String::from_utf8_lossy(&text[f.start..f.end]))?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    eprintln!("{} finding(s), read as {}", result.findings.len(), decoded.charset.name());
    Ok(ExitCode::SUCCESS)
}
