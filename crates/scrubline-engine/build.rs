//! Turns the default pack's dictionaries into lookup tables at build time, so that loading the
//! embedded default pack reads no dictionary text (see `src/dictionary.rs`). A bad line in
//! them fails the build with the line's number.

#[allow(dead_code)]
#[path = "src/dictionary.rs"]
mod dictionary;

use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dicts = manifest.join("../../rules/default/dictionaries");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=src/dictionary.rs");

    let names_text = read(&dicts.join("names.tsv"));
    let mut names: Vec<(&str, u8)> = Vec::new();
    if let Err((line, message)) = dictionary::parse_names(&names_text, |n, flags, _| names.push((n, flags))) {
        panic!("rules/default/dictionaries/names.tsv line {line}: {message}");
    }
    let (exact, folded) = dictionary::name_tables(&names);
    write(&out.join("names.table"), &exact);
    write(&out.join("folded_names.table"), &folded);
    write(&out.join("first_names.bits"), &dictionary::first_name_bits(&names));

    let common = read(&dicts.join("common_words.txt"));
    let words = dictionary::word_list(&common);
    write(&out.join("common_words.table"), &dictionary::build_table(words.iter().map(|w| (w.as_bytes(), 1))));
}

fn read(path: &Path) -> String {
    println!("cargo:rerun-if-changed={}", path.display());
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
