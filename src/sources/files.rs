//! Files and directory trees given on the command line, each with the path it will have
//! under the output directory.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    /// Where the result goes, relative to the output directory.
    pub relative: PathBuf,
}

/// A path that could not be listed; the message names the path and the OS error only.
#[derive(Debug)]
pub struct ListError {
    pub path: PathBuf,
    pub message: String,
}

/// Expand files and directories into the files under them, in a stable order. A file given
/// directly keeps its file name; files under a directory keep their path below it.
pub fn list_inputs(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<ListError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        match std::fs::metadata(root) {
            Ok(m) if m.is_dir() => {
                for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
                    match entry {
                        Ok(e) if e.file_type().is_file() => {
                            let relative = e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf();
                            files.push(InputFile { path: e.path().to_path_buf(), relative });
                        }
                        Ok(_) => {}
                        Err(e) => errors.push(ListError {
                            path: e.path().map(Path::to_path_buf).unwrap_or_else(|| root.clone()),
                            message: e.io_error().map_or_else(|| e.to_string(), |io| io.to_string()),
                        }),
                    }
                }
            }
            Ok(_) => files.push(InputFile {
                path: root.clone(),
                relative: root.file_name().map(PathBuf::from).unwrap_or_else(|| root.clone()),
            }),
            Err(e) => errors.push(ListError { path: root.clone(), message: e.to_string() }),
        }
    }
    (files, errors)
}
