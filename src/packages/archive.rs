//! Zip archives inside packages: each entry is scrubbed like an attachment (archives inside
//! archives recursively, to the depth limit) and a new archive is written. Sizes in the
//! archive's directory are not trusted: expansion is counted while reading, so a zip bomb
//! stops after at most the limit, with the package quarantined.

use super::mime_out::{line_ending, Writer};
use super::walk::{Outcome, Piece, Walk};
use super::QuarantineReason;
use crate::engine::KindCounts;
use crate::reading::{is_text_name, safe_file_name};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;

/// Small entries compress as they like; the ratio limit applies past this many bytes.
const RATIO_FLOOR: u64 = 1 << 20;

fn content_type(name: &str) -> &'static str {
    if is_text_name(name) {
        "text/plain"
    } else if name.to_ascii_lowercase().ends_with(".zip") {
        "application/zip"
    } else {
        "application/octet-stream"
    }
}

/// Read an entry, stopping as soon as it passes the expansion budget or the ratio limit.
fn read_bounded(
    r: &mut impl Read,
    compressed: u64,
    budget: u64,
    ratio: u64,
) -> Result<Result<Vec<u8>, String>, QuarantineReason> {
    let mut data = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => return Ok(Ok(data)),
            Ok(n) => n,
            Err(e) => return Ok(Err(format!("entry cannot be decompressed: {e}"))),
        };
        data.extend_from_slice(&buf[..n]);
        let len = data.len() as u64;
        if len > budget {
            return Err(QuarantineReason::ExpandsTooMuch { limit: budget });
        }
        if len > RATIO_FLOOR && len / compressed.max(1) > ratio {
            return Err(QuarantineReason::CompressionRatio { ratio: len / compressed.max(1), limit: ratio });
        }
    }
}

pub(super) fn sanitize_zip(
    w: &mut Walk<'_>,
    bytes: &[u8],
    depth: usize,
    path: &str,
) -> Result<Outcome, QuarantineReason> {
    if depth > w.limits.max_depth {
        return Err(QuarantineReason::TooDeep { limit: w.limits.max_depth });
    }
    let mut ar = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => return Ok(Outcome::Remove(format!("archive cannot be read: {e}"))),
    };
    if ar.len() > w.limits.max_archive_entries {
        return Err(QuarantineReason::TooManyEntries { entries: ar.len(), limit: w.limits.max_archive_entries });
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..ar.len() {
        let meta = ar.by_index_raw(i).map(|f| (f.name().to_string(), f.encrypted(), f.is_dir(), f.compressed_size()));
        let (name, encrypted, is_dir, compressed) = match meta {
            Ok(m) => m,
            Err(e) => {
                w.record(
                    format!("{path}/entry-{}", i + 1),
                    "application/octet-stream",
                    0,
                    &Outcome::Remove(format!("entry cannot be read: {e}")),
                );
                continue;
            }
        };
        if is_dir {
            continue;
        }
        let safe = safe_entry_name(w, &name);
        let entry_path = format!("{path}/{safe}");
        let ctype = content_type(&name);
        if encrypted {
            w.record(entry_path, ctype, compressed, &Outcome::Remove("encrypted archive entry".into()));
            continue;
        }
        let budget = w.limits.max_expanded_bytes.saturating_sub(w.expanded);
        let data = match ar.by_index(i) {
            Ok(mut f) => read_bounded(&mut f, compressed, budget, w.limits.max_compression_ratio)?,
            Err(e) => Err(format!("entry cannot be read: {e}")),
        };
        let data = match data {
            Ok(d) => d,
            Err(reason) => {
                w.record(entry_path, ctype, compressed, &Outcome::Remove(reason));
                continue;
            }
        };
        w.expanded += data.len() as u64;
        // Archives and messages record their own members and parts; texts and removals here.
        let bytes = match w.member(&name, &data, depth, &entry_path)? {
            Piece::Text { text, counts, .. } => {
                let bytes = text.into_bytes();
                let outcome = Outcome::Keep { bytes: bytes.clone(), counts };
                w.record(entry_path, ctype, data.len() as u64, &outcome);
                Some(bytes)
            }
            Piece::Archive(bytes) => Some(bytes),
            Piece::Message(entity) => Some(Writer::new(line_ending(&data), &super::package_id(&data)).message(&entity)),
            Piece::Removed(why) => {
                w.record(entry_path, ctype, data.len() as u64, &Outcome::Remove(why));
                None
            }
        };
        if let Some(bytes) = bytes {
            // Starting a deflate stream clears a few hundred KiB of compressor state: for a small
            // entry that cost more than the rest of its sanitizing, and saved little.
            let method = if bytes.len() < STORE_BELOW {
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            };
            let opts = SimpleFileOptions::default().compression_method(method);
            out.start_file(safe.as_str(), opts).map_err(|e| QuarantineReason::Assemble(e.to_string()))?;
            out.write_all(&bytes).map_err(|e| QuarantineReason::Assemble(e.to_string()))?;
        }
    }
    let bytes = out.finish().map_err(|e| QuarantineReason::Assemble(e.to_string()))?.into_inner();
    // The entries were recorded one by one; the archive itself adds no findings of its own.
    Ok(Outcome::Keep { bytes, counts: KindCounts::default() })
}

/// Sanitized archive entries smaller than this are stored, larger ones deflated.
const STORE_BELOW: usize = 16 << 10;

/// An entry path with every component scrubbed, `..` and empty components dropped.
fn safe_entry_name(w: &mut Walk<'_>, name: &str) -> String {
    let parts: Vec<&str> = name.split(['/', '\\']).filter(|c| !c.is_empty() && *c != "." && *c != "..").collect();
    let last = parts.len().saturating_sub(1);
    let cleaned: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i == last {
                safe_file_name(w.s, c, &mut w.scratch)
            } else {
                w.s.scrub_str(c, &mut w.scratch).0.replace('/', "_")
            }
        })
        .collect();
    if cleaned.is_empty() {
        "entry".into()
    } else {
        cleaned.join("/")
    }
}
