//! Writes the bench inputs (`bench_inputs()`) as files, for measuring the whole process on
//! them: `cargo run --release -p scrubline-synth --example write_bench_inputs [DIR]` writes
//! `DIR/bench_<name>.txt` (default DIR: the system's temporary directory).
fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).map_or_else(std::env::temp_dir, std::path::PathBuf::from);
    for (name, data) in scrubline_synth::bench_inputs() {
        let path = dir.join(format!("bench_{name}.txt"));
        std::fs::write(&path, data)?;
        println!("{}", path.display());
    }
    Ok(())
}
