//! A rule pack directory on disk (`rules/<pack>/`): the engine compiles texts, this reads them.

use crate::engine::{PackFiles, RuleError, RulePack};
use std::path::{Path, PathBuf};

/// Why a rule pack directory could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PackDirError {
    #[error("cannot read rule file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Rules(#[from] RuleError),
}

/// Load a pack from a directory holding `pack.toml` and optionally `fields.toml`,
/// `context.toml`, `dictionaries/names.tsv`, `dictionaries/common_words.txt`; a missing
/// optional file is the embedded default's.
pub fn load(dir: &Path) -> Result<RulePack, PackDirError> {
    let read = |rel: &str, required: bool| -> Result<Option<String>, PackDirError> {
        let path = dir.join(rel);
        match std::fs::read_to_string(&path) {
            Ok(s) => Ok(Some(s)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => Ok(None),
            Err(source) => Err(PackDirError::Read { path, source }),
        }
    };
    let pack = read("pack.toml", true)?.unwrap_or_default();
    let fields = read("fields.toml", false)?;
    let context = read("context.toml", false)?;
    let names = read("dictionaries/names.tsv", false)?;
    let common_words = read("dictionaries/common_words.txt", false)?;
    Ok(RulePack::from_files(&PackFiles {
        pack: &pack,
        fields: fields.as_deref(),
        context: context.as_deref(),
        names: names.as_deref(),
        common_words: common_words.as_deref(),
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_pack_toml_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let e = load(dir.path()).unwrap_err().to_string();
        assert!(e.contains("pack.toml"), "{e}");
    }

    #[test]
    fn the_shipped_default_directory_loads_like_the_embedded_pack() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/default");
        let p = load(&dir).unwrap();
        let e = RulePack::embedded_default();
        assert_eq!((p.name(), p.version(), p.names().len()), (e.name(), e.version(), e.names().len()));
    }
}
