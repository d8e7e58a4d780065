//! Word tables in one byte buffer, and the reading of the name dictionary's text.
//!
//! This file depends on `std` only: `build.rs` includes it to turn the default pack's
//! dictionaries into tables at build time, and the engine uses the same code to build a
//! pack's own dictionaries at start-up. So the embedded default costs nothing to load (its
//! tables are `include_bytes!`'d as they are), and a pack's own tables are the same shape
//! and are looked up by the same code.
//!
//! A table is an open-addressing hash table over words, each with one byte of flags:
//!
//! ```text
//! "SLW1"  slots: u32 (a power of two)  slot[slots]: u32 (0: empty, else an entry's offset)
//! entry:  len: u8  flags: u8  word: [u8; len]
//! ```
//! All integers little-endian; words are at most 255 bytes.

/// Flag of a name entry: listed as a first name.
pub const FIRST: u8 = 1;
/// Flag of a name entry: listed as a surname.
pub const LAST: u8 = 2;
/// Flag of a name entry: also an ordinary word, a name only with more evidence.
pub const AMBIGUOUS: u8 = 4;

const MAGIC: &[u8; 4] = b"SLW1";
const HEADER: usize = 8;

/// The hash both the builder and the lookup use: fixed, so a table built by `build.rs` is
/// read the same at run time on any machine.
#[inline]
pub fn hash(w: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = w.len() as u64;
    let mut chunks = w.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ v).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut tail = [0u8; 8];
        tail[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    }
    // The slot is taken from the low bits: fold the well-mixed high bits into them.
    h ^ (h >> 29)
}

/// Build a table. The first entry of a word wins, as dictionaries are written; a word longer
/// than 255 bytes is left out (no name or label is that long, and a lookup of such a word
/// then finds nothing, as it would have).
pub fn build_table<'a>(words: impl IntoIterator<Item = (&'a [u8], u8)>) -> Vec<u8> {
    let words: Vec<(&[u8], u8)> = words.into_iter().filter(|(w, _)| w.len() <= 255).collect();
    let slots = (words.len() * 2).next_power_of_two().max(16);
    let mask = slots - 1;
    let mut out = Vec::with_capacity(HEADER + slots * 4 + words.iter().map(|(w, _)| w.len() + 2).sum::<usize>());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(slots as u32).to_le_bytes());
    out.resize(HEADER + slots * 4, 0);
    for (w, flags) in words {
        let mut i = hash(w) as usize & mask;
        loop {
            let at = HEADER + i * 4;
            let s = read_u32(&out, at) as usize;
            if s == 0 {
                let offset = out.len() as u32;
                out[at..at + 4].copy_from_slice(&offset.to_le_bytes());
                out.push(w.len() as u8);
                out.push(flags);
                out.extend_from_slice(w);
                break;
            }
            if entry_word(&out, s) == w {
                break;
            }
            i = (i + 1) & mask;
        }
    }
    out
}

#[inline]
fn read_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

#[inline]
fn entry_word(b: &[u8], s: usize) -> &[u8] {
    let len = b[s] as usize;
    &b[s + 2..s + 2 + len]
}

/// A table as built by [`build_table`], borrowed or owned.
#[derive(Clone, Debug)]
pub struct WordTable {
    bytes: std::borrow::Cow<'static, [u8]>,
    mask: usize,
}

impl WordTable {
    /// Read a table's bytes; `None` if they are not a table (wrong magic, size or length).
    pub fn new(bytes: impl Into<std::borrow::Cow<'static, [u8]>>) -> Option<WordTable> {
        let bytes = bytes.into();
        if bytes.len() < HEADER || &bytes[..4] != MAGIC {
            return None;
        }
        let slots = read_u32(&bytes, 4) as usize;
        if !slots.is_power_of_two() || bytes.len() < HEADER + slots * 4 {
            return None;
        }
        // Every slot must point at a whole entry inside the buffer, so lookups cannot read
        // past it.
        let entries = HEADER + slots * 4;
        for i in 0..slots {
            let s = read_u32(&bytes, HEADER + i * 4) as usize;
            if s != 0 && (s < entries || s + 2 > bytes.len() || s + 2 + bytes[s] as usize > bytes.len()) {
                return None;
            }
        }
        Some(WordTable { bytes, mask: slots - 1 })
    }

    /// The flags of `w`, if it is in the table.
    #[inline]
    pub fn get(&self, w: &[u8]) -> Option<u8> {
        let b = &*self.bytes;
        let mut i = hash(w) as usize & self.mask;
        loop {
            let s = read_u32(b, HEADER + i * 4) as usize;
            if s == 0 {
                return None;
            }
            if b[s] as usize == w.len() && entry_word(b, s) == w {
                return Some(b[s + 1]);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Whether `w` is in the table.
    #[inline]
    pub fn contains(&self, w: &[u8]) -> bool {
        self.get(w).is_some()
    }
}

/// Read `dictionaries/names.tsv`: `name<TAB>roles<TAB>langs<TAB>ambiguous` per line, `#`
/// comments. `row` gets each entry as `(name, flags, langs)`; an error is `(line, message)`.
pub fn parse_names<'a>(tsv: &'a str, mut row: impl FnMut(&'a str, u8, &'a str)) -> Result<(), (usize, &'static str)> {
    let mut start = 0;
    let mut i = 0;
    // Byte-level: one memchr-like scan per line and one pass over its bytes for the tabs.
    while start < tsv.len() {
        let end = tsv.as_bytes()[start..].iter().position(|&b| b == b'\n').map_or(tsv.len(), |p| start + p);
        let line = &tsv[start..end];
        start = end + 1;
        i += 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut columns = line.split('\t');
        let name = columns.next().unwrap_or("");
        let roles = columns.next().ok_or((i, "missing roles column"))?;
        let langs = columns.next().ok_or((i, "missing langs column"))?;
        let ambiguous = columns.next().ok_or((i, "missing ambiguous column"))?;
        if name.len() < 2 || name.chars().nth(1).is_none() {
            return Err((i, "a name needs at least two letters"));
        }
        if name.len() > 255 {
            return Err((i, "a name longer than 255 bytes"));
        }
        if name.bytes().any(|b| b.is_ascii_uppercase()) || (!name.is_ascii() && name.chars().any(char::is_uppercase)) {
            return Err((i, "names are stored lower-case"));
        }
        let mut flags = 0;
        if roles.contains('f') {
            flags |= FIRST;
        }
        if roles.contains('l') {
            flags |= LAST;
        }
        match ambiguous {
            "0" => {}
            "1" => flags |= AMBIGUOUS,
            _ => return Err((i, "ambiguous column must be 0 or 1")),
        }
        row(name, flags, langs);
    }
    Ok(())
}

/// `łukasz` → `lukasz`; `None` when nothing changes or a letter has no plain form here.
pub fn fold_polish(name: &str) -> Option<String> {
    // Most names have no Polish letter: nothing to build.
    if !name.chars().any(|c| matches!(c, 'ą' | 'ć' | 'ę' | 'ł' | 'ń' | 'ó' | 'ś' | 'ź' | 'ż')) {
        return None;
    }
    let folded: String = name
        .chars()
        .map(|c| match c {
            'ą' => 'a',
            'ć' => 'c',
            'ę' => 'e',
            'ł' => 'l',
            'ń' => 'n',
            'ó' => 'o',
            'ś' => 's',
            'ź' | 'ż' => 'z',
            _ => c,
        })
        .collect();
    folded.is_ascii().then_some(folded)
}

/// The tables of a name dictionary: the names, and the Polish ones as typed without
/// diacritics (each at most an ambiguous name, and only where the plain spelling is no name
/// of its own).
pub fn name_tables(names: &[(&str, u8)]) -> (Vec<u8>, Vec<u8>) {
    let exact = build_table(names.iter().map(|(n, f)| (n.as_bytes(), *f)));
    let table = WordTable::new(exact.clone()).expect("a table just built");
    let folded: Vec<(String, u8)> = names
        .iter()
        .filter_map(|(n, f)| fold_polish(n).filter(|p| !table.contains(p.as_bytes())).map(|p| (p, *f | AMBIGUOUS)))
        .collect();
    (exact, build_table(folded.iter().map(|(p, f)| (p.as_bytes(), *f))))
}

/// The words of a word list (`common_words.txt`): one per line, `#` comments, lower-cased.
pub fn word_list(text: &str) -> Vec<std::borrow::Cow<'_, str>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|w| if w.chars().any(char::is_uppercase) { w.to_lowercase().into() } else { w.into() })
        .collect()
}

/// A bit per (first byte, second byte, length) of a word: a cheap filter before a lookup.
#[inline]
pub fn prefix_bit(w: &[u8]) -> usize {
    let (a, b) = (w[0] as usize, *w.get(1).unwrap_or(&0) as usize);
    (a.wrapping_mul(31) ^ b.wrapping_mul(131) ^ w.len().wrapping_mul(7919)) & 0xffff
}

/// The [`prefix_bit`] filter of the first names, as 1,024 little-endian `u64` words.
pub fn first_name_bits(names: &[(&str, u8)]) -> Vec<u8> {
    let mut bits = [0u64; 1024];
    for (n, _) in names.iter().filter(|(_, f)| f & FIRST != 0) {
        let bit = prefix_bit(n.as_bytes());
        bits[bit >> 6] |= 1 << (bit & 63);
    }
    bits.iter().flat_map(|w| w.to_le_bytes()).collect()
}
