//! How bytes become text. One decision, in one order, for every input scrubline reads (files,
//! mail bodies and attachments, archive members, and the verifier reading the output back):
//!
//! 1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) wins over everything;
//! 2. the NUL pattern of UTF-16 or UTF-32 text written without a mark (what .NET, PowerShell and
//!    many Windows tools write): a declared charset cannot be right when every other byte is 0;
//! 3. the declared charset (a MIME `charset=` parameter), unless it says UTF-8 and the bytes
//!    are not (mislabelled Windows text is common);
//! 4. UTF-8 when the bytes are valid UTF-8;
//! 5. windows-1251 when most high bytes are Cyrillic letters there, windows-1250 otherwise.
//!
//! Decoded text whose decoding is doubtful (NULs left over, many replacement characters, many
//! control characters) is refused with a reason: fail closed, it is never written as it came.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1250, WINDOWS_1251};
use std::borrow::Cow;

/// The encodings scrubline reads; all results are written as UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charset {
    /// Any encoding `encoding_rs` knows (UTF-8, UTF-16, the Windows and ISO code pages, KOI8…).
    Web(&'static Encoding),
    Utf32Le,
    Utf32Be,
}

impl Charset {
    pub fn name(self) -> &'static str {
        match self {
            Charset::Web(e) => e.name(),
            Charset::Utf32Le => "UTF-32LE",
            Charset::Utf32Be => "UTF-32BE",
        }
    }
}

/// What told the reader the encoding; shown in manifests ("why was this read as UTF-16?").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    ByteOrderMark,
    NulPattern,
    Declared,
    ValidUtf8,
    ByteStatistics,
}

#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub charset: Charset,
    pub evidence: Evidence,
}

/// Why decoded text is not trusted. Counts only, never content.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Doubtful {
    #[error("decoding as {charset} left {count} NUL characters: the encoding is not known")]
    Nul { charset: &'static str, count: usize },
    #[error("decoding as {charset} gave {count} replacement characters out of {chars}")]
    Replacement { charset: &'static str, count: usize, chars: usize },
    #[error("decoding as {charset} gave {count} control characters out of {chars}: binary data, not text")]
    Control { charset: &'static str, count: usize, chars: usize },
}

/// Bytes of a byte-order mark and the charset it announces.
pub fn bom(bytes: &[u8]) -> Option<(Charset, usize)> {
    if bytes.starts_with(&[0xff, 0xfe, 0, 0]) {
        Some((Charset::Utf32Le, 4))
    } else if bytes.starts_with(&[0, 0, 0xfe, 0xff]) {
        Some((Charset::Utf32Be, 4))
    } else if bytes.starts_with(&[0xef, 0xbb, 0xbf]) {
        Some((Charset::Web(UTF_8), 3))
    } else if bytes.starts_with(&[0xff, 0xfe]) {
        Some((Charset::Web(UTF_16LE), 2))
    } else if bytes.starts_with(&[0xfe, 0xff]) {
        Some((Charset::Web(UTF_16BE), 2))
    } else {
        None
    }
}

/// UTF-16 or UTF-32 without a mark, told by where the zero bytes sit: text in these encodings
/// is mostly ASCII-range characters (digits, spaces, punctuation even in Cyrillic text), whose
/// other bytes are 0. Looks at the first 64 KiB.
pub fn nul_pattern(bytes: &[u8]) -> Option<Charset> {
    let head = &bytes[..bytes.len().min(64 << 10)];
    if head.len() < 4 {
        return None;
    }
    let mut zeros = [0usize; 4];
    for (i, &b) in head.iter().enumerate() {
        zeros[i & 3] += (b == 0) as usize;
    }
    let quads = head.len() / 4;
    let (z0, z1, z2, z3) = (zeros[0], zeros[1], zeros[2], zeros[3]);
    let total: usize = zeros.iter().sum();
    if total * 20 < head.len() {
        return None; // under 5% zero bytes: not UTF-16/32
    }
    // UTF-32: three zero bytes in every four-byte unit for ASCII-range text.
    if z2 * 10 >= quads * 9 && z1 * 10 >= quads * 7 && z0 * 10 < quads {
        return Some(Charset::Utf32Le);
    }
    if z1 * 10 >= quads * 9 && z2 * 10 >= quads * 7 && z3 * 10 < quads {
        return Some(Charset::Utf32Be);
    }
    let (even, odd) = (z0 + z2, z1 + z3);
    let pairs = head.len() / 2;
    if odd * 5 >= pairs && even * 50 < pairs {
        Some(Charset::Web(UTF_16LE))
    } else if even * 5 >= pairs && odd * 50 < pairs {
        Some(Charset::Web(UTF_16BE))
    } else {
        None
    }
}

/// 1251 when most high bytes are Cyrillic letters in it, 1250 (Polish) otherwise.
pub fn guess_windows(bytes: &[u8]) -> &'static Encoding {
    let head = &bytes[..bytes.len().min(1 << 20)];
    let high = head.iter().filter(|&&b| b >= 0x80).count();
    let cyrillic = head.iter().filter(|&&b| b >= 0xc0).count();
    if high > 0 && cyrillic * 10 >= high * 7 {
        WINDOWS_1251
    } else {
        WINDOWS_1250
    }
}

/// Decide the charset of `bytes` (see the module docs). `declared` is a MIME charset label.
/// Returns the charset, what said so, and how many leading bytes are a byte-order mark.
pub fn sniff(bytes: &[u8], declared: Option<&str>) -> (Charset, Evidence, usize) {
    if let Some((cs, len)) = bom(bytes) {
        return (cs, Evidence::ByteOrderMark, len);
    }
    if let Some(cs) = nul_pattern(bytes) {
        return (cs, Evidence::NulPattern, 0);
    }
    if let Some(enc) = declared.and_then(|d| Encoding::for_label_no_replacement(d.trim().as_bytes())) {
        let utf16 = enc == UTF_16LE || enc == UTF_16BE;
        // Without a mark or a NUL pattern, text labelled UTF-16 is not UTF-16 (a wrong label on
        // an 8-bit body); UTF-8 labels on invalid UTF-8 are as common.
        let contradicted = utf16 || (enc == UTF_8 && std::str::from_utf8(prefix(bytes)).is_err());
        if !contradicted {
            return (Charset::Web(enc), Evidence::Declared, 0);
        }
    }
    if valid_utf8_prefix(bytes) {
        return (Charset::Web(UTF_8), Evidence::ValidUtf8, 0);
    }
    (Charset::Web(guess_windows(bytes)), Evidence::ByteStatistics, 0)
}

/// Up to 1 MiB, cut back to a character boundary (so a sniff of a huge file stays cheap).
fn prefix(bytes: &[u8]) -> &[u8] {
    if bytes.len() <= 1 << 20 {
        return bytes;
    }
    let mut end = 1 << 20;
    while end > 0 && bytes[end] & 0xc0 == 0x80 {
        end -= 1;
    }
    &bytes[..end]
}

fn valid_utf8_prefix(bytes: &[u8]) -> bool {
    match std::str::from_utf8(prefix(bytes)) {
        Ok(_) => true,
        // A character cut at the end of the window is still UTF-8.
        Err(e) => e.error_len().is_none() && bytes.len() > 1 << 20,
    }
}

/// Decode a whole buffer and check the result (see [`check`]).
pub fn decode<'a>(bytes: &'a [u8], declared: Option<&str>) -> Result<Decoded<'a>, Doubtful> {
    let (charset, evidence, skip) = sniff(bytes, declared);
    let body = &bytes[skip..];
    let text: Cow<'a, str> = match charset {
        Charset::Web(enc) if enc == UTF_8 => match std::str::from_utf8(body) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(body),
        },
        Charset::Web(enc) => enc.decode_without_bom_handling(body).0,
        Charset::Utf32Le | Charset::Utf32Be => Cow::Owned(decode_utf32(body, charset == Charset::Utf32Be)),
    };
    check(&text, charset)?;
    Ok(Decoded { text, charset, evidence })
}

fn decode_utf32(body: &[u8], big_endian: bool) -> String {
    let mut s = String::with_capacity(body.len() / 4);
    let mut units = body.chunks_exact(4);
    for u in &mut units {
        let v = if big_endian {
            u32::from_be_bytes([u[0], u[1], u[2], u[3]])
        } else {
            u32::from_le_bytes([u[0], u[1], u[2], u[3]])
        };
        s.push(char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    if !units.remainder().is_empty() {
        s.push(char::REPLACEMENT_CHARACTER);
    }
    s
}

/// Running counts of what makes decoded text doubtful; kept across the chunks of a stream.
#[derive(Clone, Copy, Debug, Default)]
pub struct DoubtCounts {
    pub chars: usize,
    pub nul: usize,
    pub replacement: usize,
    pub control: usize,
}

impl DoubtCounts {
    /// Add the counts of another stretch of the same stream.
    pub fn merge(&mut self, o: &DoubtCounts) {
        self.chars += o.chars;
        self.nul += o.nul;
        self.replacement += o.replacement;
        self.control += o.control;
    }

    pub fn add(&mut self, text: &str) {
        // Bytes < 0x20 are characters of their own in UTF-8, so counting bytes is exact for C0.
        // Eight bytes at a time: continuation bytes (10xxxxxx) found with a mask and added up
        // per byte lane, and the byte-by-byte look only for words holding a low byte other
        // than a tab or a line end.
        const HIGH: u64 = 0x8080_8080_8080_8080;
        const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        const ONES: u64 = 0x0101_0101_0101_0101;
        // Exact per-byte masks (bit 7 of each byte): below 0x20, and equal to `c`.
        let below_space = |v: u64| !(((v & LOW7) + ONES * 0x60) | v) & HIGH;
        let equal = |v: u64, c: u8| {
            let x = v ^ (ONES * c as u64);
            !(((x & LOW7) + LOW7) | x) & HIGH
        };
        let bytes = text.as_bytes();
        let mut continuation = 0usize;
        let mut words = bytes.chunks_exact(8);
        // Continuation bytes are added up per byte lane (no popcount instruction in the
        // baseline x86-64 target), and the lanes summed before any could overflow.
        let mut lanes = 0u64;
        let mut in_lanes = 0;
        for w in &mut words {
            let v = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
            // Bit 7 set and bit 6 clear; `v << 1` brings each byte's bit 6 under its bit 7.
            lanes += (v & !(v << 1) & HIGH) >> 7;
            in_lanes += 1;
            if in_lanes == 255 {
                continuation += sum_lanes(lanes);
                (lanes, in_lanes) = (0, 0);
            }
            // Tabs and line ends are the only low bytes of ordinary text: the byte-by-byte
            // look is for words holding another.
            let low = below_space(v);
            if low != 0 && low & !(equal(v, b'\n') | equal(v, b'\t') | equal(v, b'\r')) != 0 {
                self.control_bytes(w);
            }
        }
        continuation += sum_lanes(lanes);
        let rest = words.remainder();
        continuation += rest.iter().filter(|&&b| b & 0xc0 == 0x80).count();
        self.control_bytes(rest);
        self.chars += bytes.len() - continuation;
        if memchr::memchr(0xef, bytes).is_some() {
            self.replacement += text.matches(char::REPLACEMENT_CHARACTER).count();
        }
    }

    fn control_bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            match b {
                0 => self.nul += 1,
                b'\t' | b'\n' | b'\r' | 0x0c | 0x1b | 0x20.. => {}
                _ => self.control += 1,
            }
        }
    }

    /// The verdict: a few stray bytes are tolerated (a log with one corrupt line is still a
    /// log), a share that means the bytes were not this text is not.
    pub fn verdict(&self, charset: Charset) -> Result<(), Doubtful> {
        let name = charset.name();
        let chars = self.chars.max(1);
        if self.nul > 2 && self.nul * 1000 > chars {
            return Err(Doubtful::Nul { charset: name, count: self.nul });
        }
        if self.replacement > 8 && self.replacement * 100 > chars {
            return Err(Doubtful::Replacement { charset: name, count: self.replacement, chars });
        }
        if self.control > 8 && self.control * 100 > chars {
            return Err(Doubtful::Control { charset: name, count: self.control, chars });
        }
        Ok(())
    }
}

/// The sum of a word's eight byte lanes.
fn sum_lanes(v: u64) -> usize {
    const PAIRS: u64 = 0x00ff_00ff_00ff_00ff;
    let v = (v & PAIRS) + ((v >> 8) & PAIRS);
    (v.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize
}

/// Is decoded text believable as text?
pub fn check(text: &str, charset: Charset) -> Result<(), Doubtful> {
    let mut c = DoubtCounts::default();
    c.add(text);
    c.verdict(charset)
}

/// A streaming decoder to UTF-8 for files too large to hold: the charset is decided on the
/// first bytes (see [`sniff`]), then every chunk is converted. It counts no doubt: the
/// streaming path counts each decoded chunk where it is scrubbed, on the worker threads, and
/// judges the counts in input order (counting here too cost the reading thread a pass).
pub struct StreamDecoder {
    charset: Charset,
    evidence: Evidence,
    decoder: Option<encoding_rs::Decoder>,
    /// UTF-32 bytes left over from the previous chunk.
    carry: Vec<u8>,
    bom_left: usize,
    /// Pass-through for UTF-8 input: bytes of an incomplete character at the chunk's end.
    utf8_tail: Vec<u8>,
}

impl StreamDecoder {
    pub fn new(head: &[u8], declared: Option<&str>) -> StreamDecoder {
        let (charset, evidence, bom_len) = sniff(head, declared);
        let decoder = match charset {
            Charset::Web(enc) if enc != UTF_8 => Some(enc.new_decoder_without_bom_handling()),
            _ => None,
        };
        StreamDecoder { charset, evidence, decoder, carry: Vec::new(), bom_left: bom_len, utf8_tail: Vec::new() }
    }

    pub fn charset(&self) -> Charset {
        self.charset
    }

    pub fn evidence(&self) -> Evidence {
        self.evidence
    }

    /// True when the input needs no conversion (UTF-8): callers may then scrub bytes in place.
    pub fn is_utf8(&self) -> bool {
        self.charset == Charset::Web(UTF_8)
    }

    /// Convert the next chunk of input into `out` (UTF-8). `last` flushes what is pending.
    pub fn decode(&mut self, mut input: &[u8], last: bool, out: &mut String) {
        let skip = self.bom_left.min(input.len());
        input = &input[skip..];
        self.bom_left -= skip;
        match (&mut self.decoder, self.charset) {
            (Some(d), _) => {
                out.reserve(d.max_utf8_buffer_length(input.len()).unwrap_or(input.len() * 3));
                let (_, _, _) = d.decode_to_string(input, out, last);
            }
            (None, Charset::Utf32Le | Charset::Utf32Be) => {
                self.carry.extend_from_slice(input);
                let whole = self.carry.len() / 4 * 4;
                out.push_str(&decode_utf32(&self.carry[..whole], self.charset == Charset::Utf32Be));
                self.carry.drain(..whole);
                if last && !self.carry.is_empty() {
                    out.push(char::REPLACEMENT_CHARACTER);
                    self.carry.clear();
                }
            }
            (None, _) => {
                // The usual case, a whole read of valid UTF-8 and nothing pending: no copy to
                // the pending bytes, no second validation.
                if self.utf8_tail.is_empty() {
                    if let Ok(text) = std::str::from_utf8(input) {
                        out.push_str(text);
                        return;
                    }
                }
                self.utf8_tail.extend_from_slice(input);
                let valid_up_to = match std::str::from_utf8(&self.utf8_tail) {
                    Ok(text) => {
                        out.push_str(text);
                        self.utf8_tail.clear();
                        return;
                    }
                    Err(e) if e.error_len().is_none() && !last => e.valid_up_to(),
                    Err(_) => {
                        // Invalid bytes inside: lossy conversion of everything but a cut tail.
                        let keep = if last { 0 } else { incomplete_tail(&self.utf8_tail) };
                        let cut = self.utf8_tail.len() - keep;
                        out.push_str(&String::from_utf8_lossy(&self.utf8_tail[..cut]));
                        self.utf8_tail.drain(..cut);
                        return;
                    }
                };
                out.push_str(std::str::from_utf8(&self.utf8_tail[..valid_up_to]).expect("validated"));
                self.utf8_tail.drain(..valid_up_to);
            }
        }
    }
}

/// Length of an incomplete UTF-8 sequence at the end of `b` (0 if none).
fn incomplete_tail(b: &[u8]) -> usize {
    for k in 1..=3.min(b.len()) {
        let c = b[b.len() - k];
        if c & 0xc0 != 0x80 {
            let need = match c {
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf7 => 4,
                _ => 1,
            };
            return if need > k { k } else { 0 };
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xff, 0xfe] } else { Vec::new() };
        v.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        v
    }

    fn utf16be(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xfe, 0xff] } else { Vec::new() };
        v.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        v
    }

    const LOG: &str = "2025-03-11 09:12:30.123 INFO Użytkownik zalogowany, PESEL 44051401359\r\n\
                       2025-03-11 09:12:31.001 WARN Потребител влезе, ЕГН 7501010010\r\n";

    #[test]
    fn utf16_with_and_without_mark_in_both_orders() {
        for (bytes, ev) in [
            (utf16le(LOG, true), Evidence::ByteOrderMark),
            (utf16be(LOG, true), Evidence::ByteOrderMark),
            (utf16le(LOG, false), Evidence::NulPattern),
            (utf16be(LOG, false), Evidence::NulPattern),
        ] {
            // A wrong declared charset does not win over the bytes.
            let d = decode(&bytes, Some("windows-1251")).unwrap();
            assert_eq!(d.text, LOG);
            assert_eq!(d.evidence, ev);
        }
    }

    #[test]
    fn utf32_both_orders() {
        let le: Vec<u8> = LOG.chars().flat_map(|c| (c as u32).to_le_bytes()).collect();
        let be: Vec<u8> = LOG.chars().flat_map(|c| (c as u32).to_be_bytes()).collect();
        assert_eq!(decode(&le, None).unwrap().text, LOG);
        assert_eq!(decode(&be, None).unwrap().text, LOG);
        let mut bom_le = vec![0xff, 0xfe, 0, 0];
        bom_le.extend(&le);
        assert_eq!(decode(&bom_le, None).unwrap().charset, Charset::Utf32Le);
    }

    #[test]
    fn declared_then_utf8_then_windows_code_pages() {
        let (w1250, _, _) = WINDOWS_1250.encode("zażółć gęślą jaźń");
        let (w1251, _, _) = WINDOWS_1251.encode("Потребител Иванов");
        assert_eq!(decode(&w1250, None).unwrap().text, "zażółć gęślą jaźń");
        assert_eq!(decode(&w1251, None).unwrap().text, "Потребител Иванов");
        assert_eq!(decode(&w1250, Some("utf-8")).unwrap().text, "zażółć gęślą jaźń", "false UTF-8 label");
        let (iso2, _, _) = encoding_rs::ISO_8859_2.encode("Łódź");
        assert_eq!(decode(&iso2, Some("iso-8859-2")).unwrap().evidence, Evidence::Declared);
        assert_eq!(decode("Łódź".as_bytes(), None).unwrap().evidence, Evidence::ValidUtf8);
    }

    #[test]
    fn doubt_counts_equal_a_count_char_by_char() {
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        let alphabet = ['a', ' ', '\n', '\t', '\0', '\u{1}', '\u{1f}', 'ł', 'Ж', '€', '\u{fffd}', '😀', '\r', '\u{7f}'];
        for len in [0, 1, 7, 8, 9, 15, 16, 17, 100, 1000] {
            let text: String = (0..len)
                .map(|_| {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    alphabet[(rng % alphabet.len() as u64) as usize]
                })
                .collect();
            let mut c = DoubtCounts::default();
            c.add(&text);
            let low = |ch: char| ch < ' ';
            assert_eq!(c.chars, text.chars().count(), "{text:?}");
            assert_eq!(c.nul, text.chars().filter(|&ch| ch == '\0').count());
            assert_eq!(c.control, text.chars().filter(|&ch| low(ch) && !"\0\t\n\r\u{c}\u{1b}".contains(ch)).count());
            assert_eq!(c.replacement, text.chars().filter(|&ch| ch == '\u{fffd}').count());
        }
    }

    #[test]
    fn binary_is_doubtful_not_text() {
        let png: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        assert!(decode(&png, None).is_err());
        let with_nuls = b"abc\0\0\0def\0\0ghi\0\0\0\0 more text".repeat(20);
        assert!(decode(&with_nuls, Some("utf-8")).is_err());
    }

    #[test]
    fn streaming_equals_whole_whatever_the_chunking() {
        for bytes in [utf16le(LOG, true), utf16be(LOG, false), LOG.as_bytes().to_vec()] {
            for size in [1, 3, 7, 64] {
                let mut d = StreamDecoder::new(&bytes, None);
                let mut out = String::new();
                let chunks: Vec<&[u8]> = bytes.chunks(size).collect();
                for (i, c) in chunks.iter().enumerate() {
                    d.decode(c, i + 1 == chunks.len(), &mut out);
                }
                assert_eq!(out, LOG, "chunk size {size}");
                check(&out, d.charset()).unwrap();
            }
        }
    }

    /// UTF-8 with invalid bytes and characters cut at every place: each chunking gives what a
    /// lossy reading of the whole gives, whether a chunk arrives whole and valid (taken as it
    /// is) or with a character left pending from the one before.
    #[test]
    fn streaming_utf8_with_invalid_bytes_equals_lossy_whole() {
        let mut bytes = "Użytkownik Пётр zalogowany\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"bad \xff\xfe bytes, cut \xc5");
        bytes.extend_from_slice("\nżółw ок\n".as_bytes());
        bytes.extend_from_slice(b"\xe2\x82 end \xf0\x9f\x98");
        let whole = String::from_utf8_lossy(&bytes).into_owned();
        for size in 1..=bytes.len() {
            let mut d = StreamDecoder::new(b"plain text", Some("utf-8"));
            let mut out = String::new();
            let chunks: Vec<&[u8]> = bytes.chunks(size).collect();
            for (i, c) in chunks.iter().enumerate() {
                d.decode(c, i + 1 == chunks.len(), &mut out);
            }
            assert_eq!(out, whole, "chunk size {size}");
        }
    }
}
