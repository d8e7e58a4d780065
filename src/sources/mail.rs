//! Messages from files for local runs: `.eml` files, mbox files and maildir folders (any file
//! that starts like a mail), one message at a time.

use super::files::{list_inputs, InputFile, ListError};
use crate::packages::mbox::{MboxItem, MboxReader};
use crate::reading::{classify, Content};
use std::io::{BufRead, Read};
use std::path::PathBuf;

pub enum MailItem {
    Message { input: usize, index: usize, raw: Vec<u8> },
    TooLarge { input: usize, index: usize, bytes: u64 },
}

#[derive(Debug, Default)]
pub struct MailWalk {
    pub inputs: Vec<InputFile>,
    pub errors: Vec<String>,
    /// Files that are not mail (left alone).
    pub skipped: usize,
}

/// Call `f` for each message under `paths`; `max` bounds one message. `f` gets the index of the
/// input file (into `MailWalk::inputs`) and of the message within it (1-based; 1 for `.eml`).
pub fn for_each_message(paths: &[PathBuf], max: u64, mut f: impl FnMut(&MailWalk, MailItem)) -> MailWalk {
    let (inputs, list_errors) = list_inputs(paths);
    let mut walk = MailWalk {
        inputs,
        errors: list_errors
            .into_iter()
            .map(|ListError { path, message }| format!("{}: {message}", path.display()))
            .collect(),
        skipped: 0,
    };
    for i in 0..walk.inputs.len() {
        let path = walk.inputs[i].path.clone();
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) => {
                walk.errors.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
        let head = match reader.fill_buf() {
            Ok(h) => h.to_vec(),
            Err(e) => {
                walk.errors.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match classify(&name, "", &head) {
            Content::Mail => {
                let mut raw = Vec::new();
                match reader.take(max + 1).read_to_end(&mut raw) {
                    Ok(n) if n as u64 > max => f(&walk, MailItem::TooLarge { input: i, index: 1, bytes: n as u64 }),
                    Ok(_) => f(&walk, MailItem::Message { input: i, index: 1, raw }),
                    Err(e) => walk.errors.push(format!("{}: {e}", path.display())),
                }
            }
            Content::Mbox => {
                let mut mbox = MboxReader::new(reader, max);
                let mut index = 0;
                loop {
                    match mbox.next_message() {
                        Ok(Some(MboxItem::Message(raw))) => {
                            index += 1;
                            f(&walk, MailItem::Message { input: i, index, raw });
                        }
                        Ok(Some(MboxItem::TooLarge { bytes })) => {
                            index += 1;
                            f(&walk, MailItem::TooLarge { input: i, index, bytes });
                        }
                        Ok(None) => break,
                        Err(e) => {
                            walk.errors.push(format!("{}: {e}", path.display()));
                            break;
                        }
                    }
                }
            }
            _ => walk.skipped += 1,
        }
    }
    walk
}
