//! Reads a stream in chunks that end on a line boundary, so big logs are scrubbed in bounded
//! memory. A chunk never ends inside a private-key block: the block would otherwise be split
//! and its tail pass through unrecognised.

use std::io::Read;

pub const CHUNK: usize = 1 << 20;
/// A single line (or key block) longer than this is refused rather than buffered.
pub const MAX_CHUNK: usize = 64 << 20;

#[derive(Debug, thiserror::Error)]
pub enum ChunkError {
    #[error("read failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("a line or key block longer than {} MiB", MAX_CHUNK >> 20)]
    TooLong,
}

pub struct LineChunks<R> {
    reader: R,
    buf: Vec<u8>,
    /// Bytes of `buf` already handed out by the previous call.
    consumed: usize,
    eof: bool,
}

impl<R: Read> LineChunks<R> {
    pub fn new(reader: R) -> Self {
        LineChunks { reader, buf: Vec::with_capacity(CHUNK + 4096), consumed: 0, eof: false }
    }

    /// The next chunk, or `None` at the end of the input.
    pub fn next_chunk(&mut self) -> Result<Option<&[u8]>, ChunkError> {
        self.buf.drain(..self.consumed);
        self.consumed = 0;
        let mut want = CHUNK;
        loop {
            while !self.eof && self.buf.len() < want {
                let old = self.buf.len();
                // Grow by at most 256 KiB per read: readers hand out 64 KiB at a time, and
                // zero-filling the whole chunk before every read cost more than the scrubbing.
                self.buf.resize(want.min(old + (256 << 10)), 0);
                let n = self.reader.read(&mut self.buf[old..])?;
                self.buf.truncate(old + n);
                self.eof = n == 0;
            }
            if self.buf.is_empty() {
                return Ok(None);
            }
            let cut = if self.eof { Some(self.buf.len()) } else { safe_cut(&self.buf) };
            match cut {
                Some(c) if c > 0 => {
                    self.consumed = c;
                    return Ok(Some(&self.buf[..c]));
                }
                _ if want >= MAX_CHUNK => return Err(ChunkError::TooLong),
                _ => want = (want * 2).min(MAX_CHUNK),
            }
        }
    }
}

/// The last position to cut at: after the last newline, but before an unterminated
/// `-----BEGIN` block. `None` when no such position exists yet.
fn safe_cut(buf: &[u8]) -> Option<usize> {
    let mut cut = memchr::memrchr(b'\n', buf)? + 1;
    if let Some(begin) = memchr::memmem::rfind(&buf[..cut], b"-----BEGIN ") {
        if memchr::memmem::find(&buf[begin..cut], b"-----END ").is_none() {
            cut = memchr::memrchr(b'\n', &buf[..begin]).map_or(0, |p| p + 1);
        }
    }
    (cut > 0).then_some(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_end_on_lines_and_keep_key_blocks_whole() {
        assert_eq!(safe_cut(b"a\nb\nc"), Some(4));
        assert_eq!(safe_cut(b"abc"), None);
        assert_eq!(safe_cut(b"x\n-----BEGIN PRIVATE KEY-----\nAAAA\n"), Some(2));
        assert_eq!(safe_cut(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\nz\n"), Some(61));
    }

    #[test]
    fn reassembles_the_input_exactly() {
        let text: Vec<u8> = (0..300_000).flat_map(|i| format!("line {i}\n").into_bytes()).collect();
        let mut c = LineChunks::new(&text[..]);
        let mut out = Vec::new();
        let mut chunks = 0;
        while let Some(ch) = c.next_chunk().unwrap() {
            assert!(ch.ends_with(b"\n"));
            out.extend_from_slice(ch);
            chunks += 1;
        }
        assert_eq!(out, text);
        assert!(chunks >= 1);
    }
}
