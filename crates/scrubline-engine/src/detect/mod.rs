//! Detection: one pass over the bytes that stops only at cheap anchors (a digit, a letter,
//! `+`, `:`, `-`, `[`), plus a memchr pass for `@`. Validators and context checks run only on
//! the short window around an anchor, so the cost per byte stays near that of a table lookup.
//!
//! Detectors push [`Candidate`]s; [`crate::resolve`] settles overlaps afterwards.
//!
//! # The detector contract
//!
//! The scan loop ([`Scanner::run`]) looks at each byte once through the `CLASS` table and
//! calls the detector of the byte's class with the byte's index `i`: `number` (ASCII digit),
//! `word` (ASCII letter, `_`, or a non-ASCII byte), `plus`, `colon`, `dash`, `bracket` (`[`).
//! Every detector:
//! - reads the text around `i` (words before it for context, the value after it) and never
//!   changes it;
//! - pushes zero or more candidates through [`Scanner::push`], which drops kinds the pack
//!   disables and cuts a span at its first line end (a replacement never joins two lines; a
//!   private-key block, replaced whole, is the one exception); spans are byte offsets into the scanned text, `start < end`, both on character
//!   boundaries;
//! - returns the index the loop goes on from: greater than `i` and at most the text's length.
//!   A detector that took a value returns the value's end, so its bytes are not anchors again;
//!   one that took nothing returns the end of the token it read (a word, a digit run), so no
//!   token is judged twice;
//! - keeps state between calls only in [`words::WordState`] (recent words, the name being
//!   built, which [`Scanner::finish_names`] flushes) and the name cache;
//! - never panics on any bytes (invalid UTF-8, a text ending mid-token).
//!
//! Whole-text passes run before the loop (`email::scan`, every `@` found by memchr) and after
//! it (`finish_names`, `custom` rules, `percent_encoded` runs decoded and scanned again up to
//! three layers with findings mapped back onto the encoded bytes, and `base64_runs` at the
//! top level only).
//!
//! Detectors do not settle overlaps: candidates may overlap freely, and [`crate::resolve`]
//! keeps, of overlapping candidates, the one with the higher rule `priority` (`pack.toml`),
//! then the stronger [`Strength`], then the longer span, widened over what it partly covers.
//!
//! Inside `word` the tries run in a fixed order and the first that takes the word ends it:
//! JWT (`eyJ…`) → `/~user` home → field name (`pesel=`, `"email":`, `Account Name:`) → IPv6
//! → word with digits (`alnum`: IBAN, ID card, logins) → trigger word (greeting, street,
//! role, agent cue) → capitalised words against the name dictionary. This order only decides
//! which reading of one word is tried; between candidates of different kinds that overlap,
//! `priority` decides. Each entry point has a table test in `tests.rs`.

mod email;
pub(crate) mod values;
pub(crate) use email::AT_MARKERS;
pub(crate) mod ip;
mod numbers;
#[cfg(test)]
mod tests;
mod words;

use super::compiled::Compiled;
use super::kind::Kind;
use super::lexicon::NameInfo;

/// How sure a detector is, used to break ties between overlapping candidates, and reported
/// with each finding as its evidence (`scrubline explain`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Shape and dictionary only (a name, a grouped phone number).
    Heuristic = 0,
    /// A field name or context word says what it is.
    Context = 1,
    /// A checksum or a full parse holds (PESEL, IBAN, IP address).
    Validated = 2,
}

impl Strength {
    /// A word for reports.
    pub fn id(self) -> &'static str {
        match self {
            Strength::Heuristic => "shape_or_dictionary",
            Strength::Context => "field_or_context_word",
            Strength::Validated => "checksum_or_parse",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub strength: Strength,
    /// Index into [`Scratch::rewrites`] when the span is replaced by rewritten text (a base64
    /// run re-encoded after scrubbing what it held) instead of a token; [`NO_REWRITE`] if not.
    pub rewrite: u32,
    /// The `[[custom]]` rule that found it (its index in the pack), [`NO_RULE`] for the
    /// built-in detectors.
    pub rule: u16,
}

pub const NO_REWRITE: u32 = u32::MAX;
pub const NO_RULE: u16 = u16::MAX;

/// Text that replaces a span whole: the span it was made for and its bytes.
#[derive(Debug)]
pub struct Rewrite {
    pub start: usize,
    pub end: usize,
    pub bytes: Vec<u8>,
}

/// Scratch space reused across calls so that scanning does not allocate per word. One per
/// thread; the [`crate::Scrubber`] itself stays immutable and shared.
#[derive(Default)]
pub struct Scratch {
    pub(crate) candidates: Vec<Candidate>,
    pub(crate) lower: String,
    pub(crate) inflect: String,
    pub(crate) norm: Vec<u8>,
    /// The text with ASCII letters lower-cased, for the custom rules' keyword search.
    pub(crate) folded: Vec<u8>,
    /// Replacement texts of rewriting candidates (see [`Candidate::rewrite`]).
    pub(crate) rewrites: Vec<Rewrite>,
    /// Dictionary answers for capitalised words as written: logs repeat the same few hundred
    /// capitalised words (levels, modules, keywords), so most lookups are hits here.
    pub(crate) names: NameCache,
}

/// A bounded map from a word's bytes to its dictionary entry (or its absence).
#[derive(Default)]
pub struct NameCache {
    map: rustc_hash::FxHashMap<Box<[u8]>, Option<NameInfo>>,
}

impl NameCache {
    const MAX: usize = 16 * 1024;

    fn get_or(&mut self, word: &[u8], compute: impl FnOnce() -> Option<NameInfo>) -> Option<NameInfo> {
        if let Some(v) = self.map.get(word) {
            return *v;
        }
        if self.map.len() >= Self::MAX {
            self.map.clear();
        }
        let v = compute();
        self.map.insert(word.into(), v);
        v
    }
}

// Byte classes for the main loop.
const O: u8 = 0; // nothing starts here
const D: u8 = 1; // ASCII digit
const L: u8 = 2; // ASCII letter or underscore
const H: u8 = 3; // non-ASCII byte (maybe a letter)
const P: u8 = 4; // '+'
const C: u8 = 5; // ':'
const M: u8 = 6; // '-'
const B: u8 = 7; // '['

/// A table with an entry per byte value, `$value` computed for each byte `$b` at compile time
/// (`u8` entries unless a zero of another type is given): the scanners test bytes through
/// such tables, one load per byte.
macro_rules! byte_table {
    (|$b:ident| $value:expr) => {
        byte_table!(0u8, |$b| $value)
    };
    ($zero:expr, |$b:ident| $value:expr) => {{
        let mut t = [$zero; 256];
        let mut i = 0;
        while i < 256 {
            let $b = i as u8;
            t[i] = $value;
            i += 1;
        }
        t
    }};
}
pub(crate) use byte_table;

static CLASS: [u8; 256] = byte_table!(|b| if b.is_ascii_digit() {
    D
} else if b.is_ascii_alphabetic() || b == b'_' {
    L
} else if b >= 0x80 {
    H
} else {
    match b {
        b'+' => P,
        b':' => C,
        b'-' => M,
        b'[' => B,
        _ => O,
    }
});

/// `t` lower-cased into `out` (emptied first); bytes that are not UTF-8 give nothing.
pub(crate) fn lower_into(t: &[u8], out: &mut String) {
    out.clear();
    if t.is_ascii() {
        out.extend(t.iter().map(|b| b.to_ascii_lowercase() as char));
    } else if let Ok(s) = std::str::from_utf8(t) {
        push_lowercase(s, out);
    }
}

/// `t` lower-cased into `out` (emptied first) as `str::to_lowercase` of its lossy reading
/// gives it (bytes that are not UTF-8 read as U+FFFD, a final `Σ` as `ς`): what a value's
/// checks compared before they lower-cased into scratch space.
pub(crate) fn lower_lossy_into(t: &[u8], out: &mut String) {
    if t.is_ascii() {
        lower_into(t, out);
    } else {
        out.clear();
        out.push_str(&String::from_utf8_lossy(t).to_lowercase());
    }
}

/// Appends `s` lower-cased, exactly as `s.chars().flat_map(char::to_lowercase)` would (a
/// test compares the two on every character). ASCII, Latin-1, Latin Extended-A (Polish) and
/// Cyrillic are mapped by arithmetic; other characters go through the Unicode tables, which
/// cost ten times as much per character and showed in profiles of Polish and Bulgarian text.
pub(crate) fn push_lowercase(s: &str, out: &mut String) {
    out.reserve(s.len());
    for c in s.chars() {
        match simple_lowercase(c) {
            Some(l) => out.push(l),
            None => out.extend(c.to_lowercase()),
        }
    }
}

/// The lower case of `c` where it is one character found by arithmetic; `None` elsewhere.
#[inline]
fn simple_lowercase(c: char) -> Option<char> {
    let u = c as u32;
    let l = match u {
        0x41..=0x5a | 0xc0..=0xd6 | 0xd8..=0xde | 0x410..=0x42f => u + 0x20,
        0x400..=0x40f => u + 0x50,
        0..=0x7f | 0xdf..=0xff | 0x430..=0x45f => u,
        // Latin Extended-A: capitals and small letters in pairs, capital first, in two runs
        // that start on an even and two that start on an odd code point.
        0x100..=0x12f | 0x132..=0x137 | 0x14a..=0x177 => u | 1,
        0x139..=0x148 | 0x179..=0x17e => u + (u & 1),
        _ => return None,
    };
    char::from_u32(l)
}

#[inline]
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// State of one scan of one text.
pub(crate) struct Scanner<'a> {
    pub t: &'a [u8],
    pub c: &'a Compiled,
    pub out: &'a mut Vec<Candidate>,
    pub lower: &'a mut String,
    pub inflect: &'a mut String,
    pub names: &'a mut NameCache,
    pub rewrites: &'a mut Vec<Rewrite>,
    pub folded: &'a mut Vec<u8>,
    /// The text is the value of a version field: dotted quads in it are versions.
    pub version_field: bool,
    /// The text is the value of a field whose name cues these kinds (bits by
    /// [`Kind::index`]): `"DeclarantId": "…"` cues a national id as the word before would.
    pub field_cues: u32,
    words: words::WordState,
}

impl<'a> Scanner<'a> {
    pub fn push(&mut self, start: usize, end: usize, kind: Kind, strength: Strength) {
        if end > start && self.c.rule(kind).enabled && self.c.test_skip != Some(kind) {
            if let Some(end) = within_line(self.t, start, end, kind) {
                self.out.push(Candidate { start, end, kind, strength, rewrite: NO_REWRITE, rule: NO_RULE });
            }
        }
    }
}

/// Find every candidate in `text`. Candidates are appended to `scratch.candidates` unsorted.
/// `version_field`: the text is the value of a field named like `version`; `field_cues`: the
/// kinds its field's name cues (see [`Scanner::field_cues`]).
pub fn scan(text: &[u8], c: &Compiled, scratch: &mut Scratch, version_field: bool, field_cues: u32) {
    scratch.candidates.clear();
    scratch.rewrites.clear();
    let mut s = Scanner {
        t: text,
        c,
        out: &mut scratch.candidates,
        lower: &mut scratch.lower,
        inflect: &mut scratch.inflect,
        names: &mut scratch.names,
        rewrites: &mut scratch.rewrites,
        folded: &mut scratch.folded,
        version_field,
        field_cues,
        words: words::WordState::default(),
    };
    s.run(0);
}

/// How many percent-encoding layers are read (`%2540` is `@` encoded twice).
const MAX_PERCENT_LAYERS: usize = 3;

impl Scanner<'_> {
    fn run(&mut self, depth: usize) {
        email::scan(self);
        let text = self.t;
        let n = text.len();
        let mut i = 0;
        while i < n {
            i = match CLASS[text[i] as usize] {
                O => i + 1,
                D => self.number(i),
                L | H => self.word(i),
                P => self.plus(i),
                C => self.colon(i),
                M => self.dash(i),
                _ => self.bracket(i),
            };
        }
        self.finish_names();
        custom(self);
        if depth < MAX_PERCENT_LAYERS && memchr::memchr(b'%', text).is_some() {
            self.percent_encoded(depth);
        }
        if depth == 0 {
            self.base64_runs();
        }
    }

    /// Runs of base64 that decode to text (request bodies, tokens, payloads in logs): the
    /// decoded text is scrubbed with a scrubber of its own, and if anything was found the run
    /// is replaced by the base64 of the scrubbed text, so the log keeps its shape and the
    /// payload stays readable once decoded.
    fn base64_runs(&mut self) {
        let t = self.t;
        let n = t.len();
        let mut i = 0;
        while i + MIN_BASE64 <= n {
            // Runs shorter than MIN_BASE64 are words: look at the byte a run starting at `i`
            // would need last, then back from there; a byte outside the alphabet moves the
            // start past it, so most text is skipped a word or more at a time.
            let last = i + MIN_BASE64 - 1;
            if !B64[t[last] as usize] {
                i = last + 1;
                continue;
            }
            if let Some(p) = t[i..last].iter().rposition(|&b| !B64[b as usize]) {
                i += p + 1;
                continue;
            }
            let start = i;
            i = last + 1;
            while i < n && B64[t[i] as usize] {
                i += 1;
            }
            let mut end = i;
            while end < t.len() && t[end] == b'=' && end - i < 2 {
                end += 1;
            }
            if i - start < MIN_BASE64 {
                continue;
            }
            let Some((decoded, url_safe)) = decode_b64_text(&t[start..i]) else { continue };
            let mut inner = Scratch::default();
            scan(&decoded, self.c, &mut inner, false, 0);
            if inner.candidates.is_empty() {
                continue;
            }
            let kind = inner.candidates[0].kind;
            let scrubbed = crate::scrub_candidates_redacting(self.c, &decoded, &mut inner);
            let engine = if url_safe {
                base64::engine::general_purpose::URL_SAFE
            } else {
                base64::engine::general_purpose::STANDARD
            };
            let mut enc = base64::Engine::encode(&engine, &scrubbed).into_bytes();
            if end == i {
                while enc.last() == Some(&b'=') {
                    enc.pop();
                }
            }
            let idx = self.rewrites.len() as u32;
            self.rewrites.push(Rewrite { start, end, bytes: enc });
            if self.c.rule(kind).enabled && self.c.test_skip != Some(kind) {
                let strength = Strength::Validated;
                self.out.push(Candidate { start, end, kind, strength, rewrite: idx, rule: NO_RULE });
            }
            i = end;
        }
    }

    /// URL-encoded runs (`?returnUrl=%2Fdecl%3Fnip%3D5227495587`): each run is decoded, scanned
    /// as text, and what is found there is mapped back onto the encoded bytes, so the value is
    /// replaced where it is written and the rest of the URL stays as it was.
    fn percent_encoded(&mut self, depth: usize) {
        let t = self.t;
        let mut decoded = Vec::new();
        let mut origin: Vec<usize> = Vec::new();
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(p) = memchr::memchr(b'%', &t[from..]) {
            let at = from + p;
            from = at + 1;
            if !(t.get(at + 1).is_some_and(u8::is_ascii_hexdigit) && t.get(at + 2).is_some_and(u8::is_ascii_hexdigit)) {
                continue;
            }
            let is_run = |b: u8| b > b' ' && !b"\"'<>`()[]{}|\\".contains(&b);
            let mut start = at;
            while start > 0 && is_run(t[start - 1]) {
                start -= 1;
            }
            let mut end = at;
            while end < t.len() && is_run(t[end]) {
                end += 1;
            }
            from = end;
            decoded.clear();
            origin.clear();
            let mut i = start;
            while i < end {
                let hex = |b: u8| (b as char).to_digit(16);
                match (t[i], t.get(i + 1).copied().and_then(hex), t.get(i + 2).copied().and_then(hex)) {
                    (b'%', Some(h), Some(l)) if i + 2 < end => {
                        decoded.push((h * 16 + l) as u8);
                        origin.push(i);
                        i += 3;
                    }
                    (b, _, _) => {
                        decoded.push(b);
                        origin.push(i);
                        i += 1;
                    }
                }
            }
            found.clear();
            let mut inner = Scanner {
                t: &decoded,
                c: self.c,
                out: &mut found,
                lower: &mut *self.lower,
                inflect: &mut *self.inflect,
                names: &mut *self.names,
                rewrites: &mut *self.rewrites,
                folded: &mut *self.folded,
                version_field: self.version_field,
                field_cues: 0,
                words: words::WordState::default(),
            };
            inner.run(depth + 1);
            for cand in found.iter() {
                let s = origin[cand.start];
                let e = origin.get(cand.end).copied().unwrap_or(end);
                // Findings on the encoded bytes themselves were made by the outer scan.
                if s < e && (decoded.len() != end - start) {
                    let before = self.out.len();
                    self.push(s, e, cand.kind, cand.strength);
                    if let Some(c) = self.out.get_mut(before) {
                        c.rule = cand.rule;
                    }
                }
            }
        }
    }
}

/// Shortest base64 run worth decoding: shorter runs are words and identifiers.
const MIN_BASE64: usize = 24;

/// The base64 alphabets (standard and URL-safe) as a byte table.
static B64: [bool; 256] =
    byte_table!(false, |b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'-' || b == b'_');

/// A base64 run's bytes when they are text (mostly printable, valid UTF-8): key material,
/// images and hashes decode to bytes that are not.
fn decode_b64_text(run: &[u8]) -> Option<(Vec<u8>, bool)> {
    use base64::Engine as _;
    // Words and paths: a run needs both cases and a digit, or one of `+/`, to be base64.
    let upper = run.iter().any(u8::is_ascii_uppercase);
    let lower = run.iter().any(u8::is_ascii_lowercase);
    if !(upper && lower) {
        return None;
    }
    let url_safe = run.iter().any(|&b| b == b'-' || b == b'_');
    let engine = if url_safe {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
    } else {
        base64::engine::general_purpose::STANDARD_NO_PAD
    };
    let body = if run.len() % 4 == 1 { &run[..run.len() - 1] } else { run };
    let bytes = engine.decode(body).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let printable = text.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t')).count();
    (bytes.len() >= 12 && printable * 100 >= text.chars().count() * 95).then_some((bytes, url_safe))
}

fn custom(s: &mut Scanner<'_>) {
    const WINDOW: usize = 512;
    let t = s.t;
    let c = s.c;
    let push = |rule: usize, caps: regex::bytes::Captures<'_>, base: usize, out: &mut Vec<Candidate>| {
        let r = &c.custom[rule];
        if let Some(m) = caps.get(r.group) {
            let start = base + m.start();
            if let Some(end) = within_line(t, start, base + m.end(), r.kind) {
                let (kind, strength, rule) = (r.kind, Strength::Context, rule as u16);
                out.push(Candidate { start, end, kind, strength, rewrite: NO_REWRITE, rule });
            }
        }
    };
    for (i, r) in c.custom.iter().enumerate().filter(|(_, r)| !r.keyed) {
        for caps in r.regex.captures_iter(t) {
            push(i, caps, 0, s.out);
        }
    }
    let Some((gate, keywords)) = &s.c.custom_keywords else { return };
    // Keywords match in any ASCII case: they are searched, lower-cased, in a lower-cased copy
    // of the text (same offsets), by a case-sensitive regex that keeps a fast literal
    // prefilter (a case-insensitive one over all keywords has none and runs its automaton
    // over every byte). One search finds where any keyed rule's keyword starts (restarting
    // one byte on, so a keyword inside another is seen too); each rule tries its pattern from
    // its keyword on, once per region. Scans run per field value too: nothing is allocated
    // per call, and nothing at all until a keyword is there.
    let folded = &mut *s.folded;
    folded.clear();
    folded.extend_from_slice(t);
    folded.make_ascii_lowercase();
    let mut next_free: Vec<usize> = Vec::new();
    let mut from = 0;
    while let Some(hit) = gate.find_at(folded, from) {
        let at = hit.start();
        from = at + 1;
        if next_free.is_empty() {
            next_free.resize(c.custom.len(), 0);
        }
        // Every keyword written here, not only the longest (one may be a prefix of another).
        for (k, i) in keywords {
            let i = *i;
            if at < next_free[i] || !folded[at..].starts_with(k) {
                continue;
            }
            let r = &c.custom[i];
            let end = (at + WINDOW).min(t.len());
            if let Some(caps) = r.regex.captures(&t[at..end]) {
                next_free[i] = at + caps.get(0).map_or(1, |m| m.end());
                push(i, caps, at, s.out);
            }
        }
    }
}

/// Length of the engine's own token at `i` (`[PESEL]`, `[EMAIL:k1:…]`, `[IP:10.0.0.0/24]`),
/// so that scrubbing sanitized text changes nothing.
pub(crate) fn own_token_len(t: &[u8], i: usize) -> Option<usize> {
    if t.get(i) != Some(&b'[') {
        return None;
    }
    let mut j = i + 1;
    while j < t.len() && j - i <= 9 && t[j].is_ascii_uppercase() {
        j += 1;
    }
    Kind::from_label(&t[i + 1..j])?;
    match t.get(j)? {
        b']' => Some(j + 1 - i),
        b':' => {
            let limit = (j + 64).min(t.len());
            let close = t[j..limit].iter().position(|&b| b == b']')?;
            let body = &t[j + 1..j + close];
            body.iter().all(|&b| b.is_ascii_alphanumeric() || b"*.:/,-".contains(&b)).then_some(j + close + 1 - i)
        }
        _ => None,
    }
}

/// A finding never runs over a line end, so a scrubbed log keeps its lines and every line's
/// untouched text: the span is cut at the first line break (trailing blanks trimmed). A
/// private-key block is the one value that spans lines; it is replaced whole.
fn within_line(t: &[u8], start: usize, end: usize, kind: Kind) -> Option<usize> {
    if kind == Kind::Secret && t[start..].starts_with(b"-----BEGIN") {
        return Some(end);
    }
    let Some(p) = memchr::memchr2(b'\n', b'\r', &t[start..end]) else { return Some(end) };
    let mut e = start + p;
    while e > start && matches!(t[e - 1], b' ' | b'\t') {
        e -= 1;
    }
    (e > start).then_some(e)
}

/// End of the current line (index of the `\n` or `\r`, or the text's end).
pub(crate) fn line_end(t: &[u8], from: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &t[from.min(t.len())..]).map_or(t.len(), |p| from + p)
}
