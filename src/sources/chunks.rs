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
    /// Zero-filled once as it grows; `filled` bytes of it hold input. Reads go straight into
    /// the spare part, so nothing is zeroed again per read (readers hand out a few KiB at a
    /// time, and zeroing the chunk's rest before each read cost more than the scrubbing).
    buf: Vec<u8>,
    filled: usize,
    /// Bytes of `buf` already handed out by the previous call.
    consumed: usize,
    eof: bool,
}

impl<R: Read> LineChunks<R> {
    pub fn new(reader: R) -> Self {
        LineChunks { reader, buf: Vec::new(), filled: 0, consumed: 0, eof: false }
    }

    /// The next chunk, or `None` at the end of the input.
    pub fn next_chunk(&mut self) -> Result<Option<&[u8]>, ChunkError> {
        self.buf.copy_within(self.consumed..self.filled, 0);
        self.filled -= self.consumed;
        self.consumed = 0;
        let mut want = CHUNK;
        loop {
            while !self.eof && self.filled < want {
                // Grown (and zeroed) 256 KiB at a time as input arrives: a small file does not
                // pay for a whole chunk.
                if self.filled == self.buf.len() {
                    self.buf.resize(want.min(self.buf.len() + (256 << 10)), 0);
                }
                let upto = self.buf.len().min(want);
                let n = self.reader.read(&mut self.buf[self.filled..upto])?;
                self.filled += n;
                self.eof = n == 0;
            }
            if self.filled == 0 {
                return Ok(None);
            }
            let cut = if self.eof { Some(self.filled) } else { safe_cut(&self.buf[..self.filled]) };
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

    /// A reader that hands out a few bytes per call, as pipes and decoders do.
    struct Trickle<'a>(&'a [u8]);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(4093);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn small_reads_and_long_lines_reassemble_exactly() {
        // A line longer than a chunk makes the buffer grow; the rest still comes out in order.
        let mut text: Vec<u8> = (0..100_000).flat_map(|i| format!("line {i}\n").into_bytes()).collect();
        text.extend(std::iter::repeat_n(b'x', CHUNK * 2 + 17));
        text.extend_from_slice(b"\nlast line without an end");
        let mut c = LineChunks::new(Trickle(&text));
        let mut out = Vec::new();
        while let Some(ch) = c.next_chunk().unwrap() {
            out.extend_from_slice(ch);
        }
        assert_eq!(out, text);
    }
}
