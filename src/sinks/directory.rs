//! Writes results under an output directory, each through a temporary file renamed into
//! place, so a reader never sees half a file and an interrupted run leaves no partial output.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

pub struct PendingFile {
    tmp: PathBuf,
    dest: PathBuf,
    writer: BufWriter<File>,
}

impl PendingFile {
    pub fn create(out_dir: &Path, relative: &Path) -> std::io::Result<PendingFile> {
        let dest = out_dir.join(relative);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut name = dest.file_name().unwrap_or_default().to_os_string();
        name.push(".scrubline-tmp");
        let tmp = dest.with_file_name(name);
        Ok(PendingFile { writer: BufWriter::with_capacity(1 << 20, File::create(&tmp)?), tmp, dest })
    }

    pub fn write_all(&mut self, data: &[u8]) -> std::io::Result<()> {
        self.writer.write_all(data)
    }

    pub fn commit(self) -> std::io::Result<()> {
        let file = self.writer.into_inner().map_err(|e| e.into_error())?;
        file.sync_data()?;
        std::fs::rename(&self.tmp, &self.dest)
    }

    /// Drop the partial output (used when the input turned out unscrubbable).
    pub fn abandon(self) {
        drop(self.writer);
        let _ = std::fs::remove_file(&self.tmp);
    }
}
