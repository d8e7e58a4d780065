//! Letter-led tokens: field names that announce a value (`pesel=`, `<imie>`, `"password":`),
//! context words (greetings, signatures, streets, `agent celny`, `C:\Users\`), person names
//! from the dictionary, and the alphanumeric identifiers (IBAN, ID card, JWT).

use super::values::{fits, FieldTraits};
use super::{byte_table, is_word_byte, line_end, lower_into, own_token_len, Scanner, Strength};
use crate::compiled::{Phrase, Trigger};
use crate::kind::Kind;
use crate::lexicon::NameInfo;
use crate::validators;

// Character flags for the word scanner (ASCII via the table, other letters by decoding).
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 4;
const UNDER: u8 = 8;

const HIGH: u8 = 16;

static WORD: [u8; 256] = byte_table!(|b| if b >= 0x80 {
    HIGH
} else if b.is_ascii_lowercase() {
    LOWER
} else if b.is_ascii_uppercase() {
    UPPER
} else if b.is_ascii_digit() {
    DIGIT
} else if b == b'_' {
    UNDER
} else {
    0
});

/// Scan a word of ASCII characters: (flags of the first char, flags of the rest, end).
/// `None` when a non-ASCII byte is met: the caller decodes instead.
#[inline(always)]
fn ascii_word(t: &[u8], start: usize) -> Option<(u8, u8, usize)> {
    let first = WORD[t[start] as usize];
    if first == HIGH {
        return None;
    }
    let mut rest = 0u8;
    let mut i = start + 1;
    while let Some(&b) = t.get(i) {
        let f = WORD[b as usize];
        if f == 0 {
            break;
        }
        rest |= f;
        i += 1;
    }
    (rest & HIGH == 0).then_some((first, rest, i))
}

/// The same for words with non-ASCII letters; stops at a non-letter character or invalid UTF-8.
fn unicode_word(t: &[u8], start: usize) -> (u8, u8, usize) {
    let (mut first, mut rest) = (0u8, 0u8);
    let mut i = start;
    let mut chars = 0usize;
    while i < t.len() {
        let b = t[i];
        let f = if b < 0x80 {
            let f = WORD[b as usize];
            if f == 0 {
                break;
            }
            i += 1;
            f
        } else {
            match decode(t, i) {
                Some((ch, len)) if is_letter(ch) => {
                    i += len;
                    if is_upper(ch) {
                        UPPER
                    } else {
                        LOWER
                    }
                }
                _ => break,
            }
        };
        if chars == 0 {
            first = f;
        } else {
            rest |= f;
        }
        chars += 1;
    }
    (first, rest, i)
}

/// `char::is_uppercase` with fast paths for Latin-1 and Cyrillic.
#[inline]
fn is_upper(c: char) -> bool {
    match c as u32 {
        0xc0..=0xde => c != '\u{d7}',
        0xdf..=0xff => false,
        0x400..=0x42f => true,
        0x430..=0x45f => false,
        _ => c.is_uppercase(),
    }
}

/// Names found so far and the context that lets unknown or ambiguous words count as names.
#[derive(Default)]
pub(super) struct WordState {
    /// The last three words, most recent first: (start, end).
    prev: [(usize, usize); 3],
    run: Option<NameRun>,
    /// After a greeting or signature: up to `force_words` capitalised words between
    /// `force_from` and `force_until` are names whatever the dictionary says.
    force_words: u8,
    force_from: usize,
    force_until: usize,
    /// The lines under a signature word (`Kind regards,`), where a bare phone-shaped number
    /// on a line of its own is the sender's phone.
    signature_until: usize,
    /// The context-word phrases that matched the current word (see `trigger_found`), kept
    /// so that judging them allocates at most once per scanned text.
    matching: Vec<Trigger>,
}

/// Capitalised words standing next to each other, at least one of them a known name.
struct NameRun {
    start: usize,
    end: usize,
    known: u8,
    unambiguous: u8,
    forced: bool,
    /// The last word was a first name that is not also an ordinary word: an unknown
    /// capitalised word right after it is taken as the surname.
    after_first_name: bool,
    words: u8,
    /// Known first names among the words.
    first: u8,
    /// The run already joined two words over a comma (`KOWALSKI, JAN`).
    comma: bool,
    /// The case of the last word.
    case: Case,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Lower,
    Title,
    Upper,
    Mixed,
}

/// How far a value announced by a field name runs when it is not quoted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Extent {
    /// One token: stops at white space.
    Token,
    /// Words: stops at the end of the line or a field separator; `comma` ends it too.
    Phrase { comma: bool },
}

fn extent(kind: Kind) -> Extent {
    match kind {
        Kind::Address | Kind::Geo => Extent::Phrase { comma: false },
        Kind::Name | Kind::Phone | Kind::Card | Kind::Iban | Kind::CustomsAgent => Extent::Phrase { comma: true },
        _ => Extent::Token,
    }
}

#[derive(Clone, Copy)]
enum Delim {
    Tag,
    Quote(u8),
    Bare,
}

/// Decode the character at `i`; `None` for invalid UTF-8 (treated as a separator) and past
/// the end (callers look ahead, e.g. after ". " at the very end of a text: found by fuzzing).
/// Done by hand: `str::from_utf8` per character showed up in profiles of Polish and Cyrillic
/// text.
#[inline]
pub(super) fn decode(t: &[u8], i: usize) -> Option<(char, usize)> {
    let b0 = *t.get(i)? as u32;
    let cont = |k: usize| -> Option<u32> {
        let b = *t.get(i + k)? as u32;
        (b & 0xc0 == 0x80).then_some(b & 0x3f)
    };
    let (cp, len) = match b0 {
        0x00..=0x7f => (b0, 1),
        0xc2..=0xdf => ((b0 & 0x1f) << 6 | cont(1)?, 2),
        0xe0..=0xef => {
            let cp = (b0 & 0x0f) << 12 | cont(1)? << 6 | cont(2)?;
            if cp < 0x800 {
                return None;
            }
            (cp, 3)
        }
        0xf0..=0xf4 => {
            let cp = (b0 & 0x07) << 18 | cont(1)? << 12 | cont(2)? << 6 | cont(3)?;
            if cp < 0x10000 {
                return None;
            }
            (cp, 4)
        }
        _ => return None,
    };
    char::from_u32(cp).map(|c| (c, len))
}

/// `char::is_alphabetic` with fast paths for the scripts this product sees most.
#[inline]
pub(super) fn is_letter(c: char) -> bool {
    match c as u32 {
        0xc0..=0x24f => c != '\u{d7}' && c != '\u{f7}',
        0x400..=0x45f => true,
        _ => c.is_alphabetic(),
    }
}

pub(super) fn skip_word(t: &[u8], mut i: usize) -> usize {
    while i < t.len() && is_word_byte(t[i]) {
        i += 1;
    }
    i
}

impl Scanner<'_> {
    pub(super) fn word(&mut self, start: usize) -> usize {
        let t = self.t;
        let (first, rest, i) = match ascii_word(t, start) {
            Some(r) => r,
            None => unicode_word(t, start),
        };
        let all = first | rest;
        let digits = all & DIGIT != 0;
        let underscore = all & UNDER != 0;
        let first_upper = first & UPPER != 0;
        if i == start {
            return start + decode(t, start).map_or(1, |(_, len)| len);
        }
        let end = i;
        self.remember_word(start, end);
        if t[start..end].starts_with(b"eyJ") {
            if let Some(e) = self.jwt(start) {
                return e;
            }
        }
        if start >= 2 && t[start - 1] == b'~' && t[start - 2] == b'/' {
            if let Some(e) = self.tilde_home(start) {
                return e;
            }
        }
        if let Some(e) = self.field(start, end) {
            return e;
        }
        if t.get(end) == Some(&b':') && t[start..end].iter().all(u8::is_ascii_hexdigit) {
            if let Some(e) = self.ipv6_at(start) {
                return e;
            }
        }
        if digits {
            return self.alnum(start, end);
        }
        if let Some(e) = self.trigger(start, end) {
            return e;
        }
        // `rest` holds no flags only for a one-character word.
        if underscore || rest == 0 {
            return end;
        }
        let case = if all & UPPER == 0 {
            Case::Lower
        } else if all & LOWER == 0 {
            Case::Upper
        } else if first_upper && rest & UPPER == 0 {
            Case::Title
        } else {
            Case::Mixed
        };
        // `Core.Sender.Send()`, `Sender.cs`: a word glued to a dot is a code identifier.
        let dotted = (start > 0 && t[start - 1] == b'.')
            || (t.get(end) == Some(&b'.') && t.get(end + 1).is_some_and(u8::is_ascii_alphanumeric));
        // `CORP\jkowalski`: a Windows account, domain and login.
        if t.get(end) == Some(&b'\\') && case_upper_word(&t[start..end]) {
            let ls = end + 1;
            let mut le = ls;
            while le < t.len() && le - ls < 64 && (is_word_byte(t[le]) || t[le] == b'.' || t[le] == b'-') {
                le += 1;
            }
            if le > ls && self.looks_like_login(ls, le) {
                self.push(ls, le, Kind::Login, Strength::Context);
                return le;
            }
        }
        // `Version=4.2.0.1`, `Culture=neutral`: a word before `=` is a key, not a name.
        let key = t.get(end) == Some(&b'=');
        if matches!(case, Case::Title | Case::Upper) && !dotted && !key {
            if self.in_timestamp(start, end) {
                self.finish_names();
                return end;
            }
            let (lexicon, lower, inflect) = (&self.c.lexicon, &mut *self.lower, &mut *self.inflect);
            let info = self.names.get_or(&t[start..end], || {
                lower_into(&t[start..end], lower);
                // Inflected names are written Title-case; ALL-CAPS words are looked up as written.
                if case == Case::Title {
                    lexicon.lookup(lower, inflect)
                } else {
                    lexicon.exact(lower.as_bytes())
                }
            });
            let chars = t[start..end].iter().filter(|&&b| b & 0xc0 != 0x80).count();
            self.name_word(start, end, case, chars, info);
        } else if case == Case::Lower
            && t.get(end) == Some(&b' ')
            && t.get(end + 1).is_some_and(|&b| b.is_ascii_lowercase() || b >= 0xc3)
            && !dotted
            && self.c.lexicon.may_be_first_name(&t[start..end])
        {
            if let Some(e) = self.lowercase_pair(start, end) {
                return e;
            }
        }
        end
    }

    /// A month or weekday word standing in a timestamp: next to a number (`Mar 11`,
    /// `11 Mar 2025`, `Tue, 11`) or to another such word that is (`Tue Mar 11`). `Jan Kowalski`
    /// is a name: no number stands by.
    fn in_timestamp(&mut self, start: usize, end: usize) -> bool {
        if end - start > 24 {
            return false;
        }
        let t = self.t;
        let digit_after = |e: usize| {
            let mut j = e;
            while j < t.len() && j - e < 3 && matches!(t[j], b' ' | b',' | b'.' | b'-' | b'/') {
                j += 1;
            }
            j > e && t.get(j).is_some_and(u8::is_ascii_digit)
        };
        let digit_before = || {
            let mut j = start;
            while j > 0 && start - j < 3 && matches!(t[j - 1], b' ' | b',' | b'.' | b'-' | b'/') {
                j -= 1;
            }
            j < start && j > 0 && t[j - 1].is_ascii_digit()
        };
        // Cheap byte checks first; the word is looked up only when a number stands by.
        if digit_after(end) || digit_before() {
            return self.is_timestamp_word(start, end);
        }
        let mut ns = end;
        while ns < t.len() && ns - end < 3 && matches!(t[ns], b' ' | b',') {
            ns += 1;
        }
        if ns == end || ns >= t.len() || !(t[ns].is_ascii_alphabetic() || t[ns] >= 0x80) {
            return false;
        }
        let (_, _, ne) = ascii_word(t, ns).unwrap_or_else(|| unicode_word(t, ns));
        ne > ns
            && ne - ns <= 24
            && digit_after(ne)
            && self.is_timestamp_word(start, end)
            && self.is_timestamp_word(ns, ne)
    }

    fn is_timestamp_word(&mut self, start: usize, end: usize) -> bool {
        lower_into(&self.t[start..end], self.lower);
        self.c.timestamp_words.contains(self.lower.as_str())
    }

    /// "jan kowalski" written lower-case: a first name followed by a known surname (inflected
    /// forms too), not both also ordinary words, is a name; either word alone is not enough.
    #[inline(never)]
    fn lowercase_pair(&mut self, start: usize, end: usize) -> Option<usize> {
        let t = self.t;
        let first = self.lowercase_name(start, end)?;
        if !first.first || t.get(end) != Some(&b' ') {
            return None;
        }
        let ns = end + 1;
        if !t.get(ns).is_some_and(|&b| b.is_ascii_lowercase() || b >= 0x80) {
            return None;
        }
        let (f, r, ne) = ascii_word(t, ns).unwrap_or_else(|| unicode_word(t, ns));
        if (f | r) & (UPPER | DIGIT | UNDER) != 0 || ne < ns + 3 {
            return None;
        }
        // Either word may be an ordinary word too ("jan" is a month), not both.
        let last = self.lowercase_name(ns, ne)?;
        if !last.last || (first.ambiguous && last.ambiguous) {
            return None;
        }
        self.remember_word(ns, ne);
        self.push(start, ne, Kind::Name, Strength::Heuristic);
        Some(ne)
    }

    fn lowercase_name(&mut self, start: usize, end: usize) -> Option<NameInfo> {
        let (lexicon, lower, inflect) = (&self.c.lexicon, &mut *self.lower, &mut *self.inflect);
        let w = &self.t[start..end];
        self.names.get_or(w, || {
            lower_into(w, lower);
            lexicon.lookup(lower, inflect)
        })
    }

    fn remember_word(&mut self, start: usize, end: usize) {
        let p = &mut self.words.prev;
        p[2] = p[1];
        p[1] = p[0];
        p[0] = (start, end);
    }

    /// `key=value`, `key: value`, `"key": "value"`, `<key>value</key>`: if the key names a
    /// kind of personal data, the value is that kind whatever it looks like.
    #[inline]
    fn field(&mut self, start: usize, end: usize) -> Option<usize> {
        // `<add key="ClientSecret" value="…"/>`: .NET configuration names its field in an
        // attribute and holds the value in another.
        if end - start <= 4
            && matches!(self.t.get(end), Some(b'='))
            && matches!(self.t.get(end + 1), Some(b'"' | b'\''))
        {
            let w = &self.t[start..end];
            if w.eq_ignore_ascii_case(b"key") || w.eq_ignore_ascii_case(b"name") {
                if let Some(e) = self.config_pair(start, end) {
                    return Some(e);
                }
            }
        }
        // The cheap test first: most words start like no field name.
        if !self.c.may_be_field(&self.t[start..end]) {
            return None;
        }
        match key_position(self.t, start, end) {
            Some((vstart, delim)) => self.field_value(start, end, vstart, delim),
            // `hasło tymczasowe:`, `Login do portalu:`, `Adres dostawy:`: a field name, one or
            // two qualifying words, then the colon.
            None if self.t.get(end) == Some(&b' ') => {
                self.field_phrase(start, end).or_else(|| self.bare_secret(start, end))
            }
            None => None,
        }
    }

    /// `key="AisUser" value="jkowalski"` (or `name=…` in an `<add>` element): the value is
    /// personal when the key names a personal field; the key itself is never a name.
    #[inline(never)]
    fn config_pair(&mut self, start: usize, end: usize) -> Option<usize> {
        let t = self.t;
        let line_start = memchr::memrchr(b'\n', &t[..start]).map_or(0, |p| p + 1);
        let open = memchr::memrchr(b'<', &t[line_start..start]).map(|p| line_start + p)?;
        if memchr::memchr(b'>', &t[open..start]).is_some() {
            return None;
        }
        let add_element =
            t[open + 1..].len() >= 4 && t[open + 1..open + 4].eq_ignore_ascii_case(b"add") && t[open + 4] == b' ';
        let q = t[end + 1];
        let ks = end + 2;
        let ke = ks + memchr::memchr(q, &t[ks..(ks + 128).min(t.len())])?;
        lower_into(&t[ks..ke], self.lower);
        let kind = self.c.field_kind(self.lower);
        let traits = FieldTraits::of(self.c, self.lower);
        let version = self.c.versions.contains(self.lower.as_str());
        // The value attribute of the same element.
        let close = ke + memchr::memchr(b'>', &t[ke..(ke + 4096).min(t.len())]).unwrap_or(0);
        let rest = &t[ke..close.max(ke)];
        let vpos = memchr::memmem::find(rest, b" value=").map(|p| ke + p + 7);
        let quoted_value = |v: usize| -> Option<(usize, usize)> {
            let vq = *t.get(v).filter(|b| **b == b'"' || **b == b'\'')?;
            let vs = v + 1;
            Some((vs, vs + memchr::memchr(vq, &t[vs..(vs + 4096).min(t.len())])?))
        };
        match (vpos.and_then(quoted_value), kind) {
            // A version's value is a version, whatever it looks like.
            (Some((_, ve)), _) if version => Some(ve),
            (Some((vs, ve)), Some(kind)) => {
                if ve > vs && !only_own_tokens(t, vs, ve) && self.fits(traits, kind, vs, ve) {
                    self.push(vs, ve, kind, Strength::Context);
                }
                Some(ve)
            }
            // `value=` of a key that says nothing personal, or a version: the text engine reads
            // the value as it reads any text; the key is no name.
            (Some(_), _) => Some(ke + 1),
            (None, _) if add_element => Some(ke + 1),
            (None, _) => None,
        }
    }

    #[inline(never)]
    fn field_phrase(&mut self, start: usize, end: usize) -> Option<usize> {
        // No colon in reach on this line: no phrase, and no lookup either.
        let reach = &self.t[end..(end + 52).min(self.t.len())];
        let colon = memchr::memchr(b':', reach)?;
        if memchr::memchr2(b'\n', b'\r', &reach[..colon]).is_some() {
            return None;
        }
        if let Some(e) = self.two_word_field(start, end) {
            return Some(e);
        }
        lower_into(&self.t[start..end], self.lower);
        let kind = self.c.field_kind(self.lower)?;
        let traits = FieldTraits::of(self.c, self.lower);
        if !matches!(
            kind,
            Kind::Secret | Kind::Login | Kind::Address | Kind::Phone | Kind::Nip | Kind::Pesel | Kind::Egn
        ) {
            return None;
        }
        let t = self.t;
        let mut j = end;
        // Up to three qualifier words: `Hasło do konta testowego: …`.
        for _ in 0..3 {
            if t.get(j) != Some(&b' ') {
                return None;
            }
            let ws = j + 1;
            let (first, rest, we) = ascii_word(t, ws).unwrap_or_else(|| unicode_word(t, ws));
            // Qualifiers are words (`tymczasowe`, `do portalu`), never the value itself.
            if we == ws || we - ws > 24 || (first | rest) & DIGIT != 0 || first & (LOWER | UPPER | HIGH) == 0 {
                return None;
            }
            lower_into(&t[ws..we], self.lower);
            // `user astoyanova parola: …`: a word that is a field itself starts its own field.
            if self.c.field_phrase_stopwords.contains(self.lower.as_str()) || self.c.field_kind(self.lower).is_some() {
                return None;
            }
            j = we;
            // `user akowalska: authentication failure` (PAM): the word before the colon is the
            // login itself.
            if kind == Kind::Login && t.get(we) == Some(&b':') && ws == end + 1 {
                if self.looks_like_login(ws, we) {
                    self.push(ws, we, Kind::Login, Strength::Context);
                    return Some(we);
                }
                return None;
            }
            let (vstart, delim) = match key_position(t, ws, we) {
                Some(p) => p,
                None => continue,
            };
            if matches!(delim, Delim::Tag) || t.get(we) != Some(&b':') {
                return None;
            }
            return self.phrase_value(kind, traits, vstart, delim);
        }
        None
    }

    /// `Account Name:\t\tjkowalski` (Windows event text): two words that together are a
    /// field's name (`account_name`), although the first alone names another (`account`).
    fn two_word_field(&mut self, start: usize, end: usize) -> Option<usize> {
        let t = self.t;
        if t.get(end) != Some(&b' ') || !t[start..end].is_ascii() {
            return None;
        }
        let ws = end + 1;
        let (_, _, we) = ascii_word(t, ws)?;
        if we == ws || t.get(we) != Some(&b':') {
            return None;
        }
        lower_into(&t[start..end], self.lower);
        self.lower.push('_');
        self.lower.extend(t[ws..we].iter().map(|b| b.to_ascii_lowercase() as char));
        if !self.c.fields.contains_key(self.lower.as_str()) {
            return None;
        }
        let kind = self.c.field_kind(self.lower)?;
        let traits = FieldTraits::of(self.c, self.lower);
        if !matches!(kind, Kind::Secret | Kind::Login | Kind::Address | Kind::Phone) {
            return None;
        }
        let (vstart, delim) = key_position(t, ws, we)?;
        self.phrase_value(kind, traits, vstart, delim)
    }

    /// The value after a field phrase's colon, taken when it fits its kind.
    fn phrase_value(&mut self, kind: Kind, traits: FieldTraits, vstart: usize, delim: Delim) -> Option<usize> {
        let t = self.t;
        let (vs, mut ve) = capture_value(t, vstart, delim, kind)?;
        // `login at a machine: jkowalski@ws-042`: the machine after `@` is no part of the
        // login (a dotted domain would have made it an e-mail address).
        if kind == Kind::Login {
            if let Some(at) = memchr::memchr(b'@', &t[vs..ve]) {
                if at > 0 && !t[vs + at..ve].contains(&b'.') {
                    ve = vs + at;
                }
            }
        }
        if !only_own_tokens(t, vs, ve) && self.value_fits(kind, vs, ve) && self.fits(traits, kind, vs, ve) {
            self.push(vs, ve, kind, Strength::Context);
            return Some(ve);
        }
        None
    }

    /// `hasło Burza2017*`, `password Qw3rty!x`: a password word, one space, then a token that
    /// can only be a password (letters with digits or symbols, no ordinary word).
    #[inline(never)]
    fn bare_secret(&mut self, start: usize, end: usize) -> Option<usize> {
        // `GET /etc/passwd HTTP/1.1`: a file's name, not a password word.
        if start > 0 && matches!(self.t[start - 1], b'/' | b'\\' | b'.' | b'_' | b'-') {
            return None;
        }
        let t = self.t;
        let vs = end + 1;
        let mut ve = vs;
        while ve < t.len() && ve - vs < 128 && t[ve] > b' ' && t[ve] < 0x7f {
            ve += 1;
        }
        // A sentence's end is not part of the password.
        while ve > vs && matches!(t[ve - 1], b'.' | b',' | b';' | b')') {
            ve -= 1;
        }
        let v = &t[vs..ve];
        let (mut letters, mut digits, mut symbols) = (false, false, false);
        for b in v {
            letters |= b.is_ascii_alphabetic();
            digits |= b.is_ascii_digit();
            symbols |= b.is_ascii_punctuation();
        }
        // The value's shape first: most words before a space are followed by no password,
        // and the field lookup costs more than these scans.
        if v.len() >= 6 && letters && (digits || symbols) && own_token_len(t, vs).is_none() && {
            lower_into(&t[start..end], self.lower);
            self.c.field_kind(self.lower) == Some(Kind::Secret)
        } {
            self.push(vs, ve, Kind::Secret, Strength::Context);
            return Some(ve);
        }
        None
    }

    /// A value after a field phrase must look like its kind: a phrase is weaker evidence than
    /// `key=value` (`Login do portalu: jkowalski`, not `Login do portalu: niedostępny`… in
    /// capitals, a sentence).
    fn value_fits(&mut self, kind: Kind, vs: usize, ve: usize) -> bool {
        let v = &self.t[vs..ve];
        match kind {
            Kind::Login => self.looks_like_login(vs, ve),
            Kind::Secret => v.len() >= 4 && !v.contains(&b' '),
            Kind::Address => v.iter().any(u8::is_ascii_digit),
            _ => v.iter().any(u8::is_ascii_digit),
        }
    }

    /// `/~jkowalski/cv.pdf`: a user's home in a URL (Apache's `UserDir`).
    #[inline(never)]
    fn tilde_home(&mut self, start: usize) -> Option<usize> {
        let t = self.t;
        let e = start + t[start..].iter().take(65).position(|&b| matches!(b, b'/' | b' ' | b'"' | b'?' | b'\n'))?;
        if self.looks_like_login(start, e) {
            self.push(start, e, Kind::Login, Strength::Context);
            return Some(e);
        }
        None
    }

    /// A token that reads as a login: lower-case letters with digits or `._-`, not a common
    /// word, not a system or role account.
    pub(super) fn looks_like_login(&mut self, vs: usize, ve: usize) -> bool {
        let v = &self.t[vs..ve];
        if !(2..=64).contains(&v.len()) || !v.iter().any(u8::is_ascii_lowercase) {
            return false;
        }
        let ok_bytes = v.iter().all(|&b| b.is_ascii_alphanumeric() || b"._-@\\$".contains(&b))
            || std::str::from_utf8(v).is_ok_and(|s| s.chars().all(|c| c.is_alphanumeric() || "._-".contains(c)));
        if !ok_bytes || v[0].is_ascii_uppercase() {
            return false;
        }
        lower_into(v, self.lower);
        let l = self.lower.as_str();
        !self.c.login_stopwords.contains(l)
            && !self.c.system_accounts.contains(l)
            && !self.c.field_phrase_stopwords.contains(l)
    }

    #[inline(never)]
    fn field_value(&mut self, start: usize, end: usize, vstart: usize, delim: Delim) -> Option<usize> {
        lower_into(&self.t[start..end], self.lower);
        let kind = self.c.field_kind(self.lower)?;
        // `imap-login:`, `pop3-login:`: a process's name, not a login field.
        if kind == Kind::Login && start > 0 && self.t[start - 1] == b'-' {
            return None;
        }
        let traits = FieldTraits::of(self.c, self.lower);
        let (vs, ve) = capture_value(self.t, vstart, delim, kind)?;
        if only_own_tokens(self.t, vs, ve) {
            return Some(ve);
        }
        if self.fits(traits, kind, vs, ve) {
            self.push(vs, ve, kind, Strength::Context);
            return Some(ve);
        }
        // The value is not of the field's kind (`Source Network Address: 175.168.156.1`): it
        // is read as any text is.
        Some(vs)
    }

    /// Whether the value at `vs..ve` can be of `kind` (see [`super::values`]).
    fn fits(&mut self, traits: FieldTraits, kind: Kind, vs: usize, ve: usize) -> bool {
        fits(self.c, traits, kind, &self.t[vs..ve], self.lower, self.inflect)
    }

    /// Context words: the cheap filter here, inline; the lookup and action out of line.
    #[inline]
    fn trigger(&mut self, start: usize, end: usize) -> Option<usize> {
        if self.c.may_be_trigger(&self.t[start..end]) {
            if let Some(e) = self.trigger_found(start, end, false) {
                return Some(e);
            }
        }
        // `ж.к.`, `г-н`, `zh.k.`: an abbreviation of two short parts joined by a dot or a
        // hyphen is one context word, looked up whole.
        if start >= 2 && end - start <= 4 && matches!(self.t[start - 1], b'.' | b'-') {
            let (ps, pe) = self.words.prev[1];
            if pe + 1 == start && pe - ps <= 4 && self.c.may_be_trigger(&self.t[ps..end]) {
                return self.trigger_found(ps, end, true);
            }
        }
        None
    }

    /// Acts on the context word at `start..end`; a `compound` one (two parts, see
    /// [`Self::trigger`]) has no earlier words to match.
    #[inline(never)]
    fn trigger_found(&mut self, start: usize, end: usize, compound: bool) -> Option<usize> {
        let t = self.t;
        let c = self.c;
        lower_into(&t[start..end], self.lower);
        let phrases = c.triggers.get(self.lower.as_str())?;
        let written_lower = t[start].is_ascii_lowercase();
        // One word may open several contexts (`user` a login, `/user/` a profile folder): each
        // whose earlier words match is tried in turn. All are judged before any acts (an
        // action changes what later words see).
        let mut matching = std::mem::take(&mut self.words.matching);
        matching.clear();
        let applies = |p: &Phrase| {
            !(p.capitalised && written_lower)
                && if compound { p.before.is_empty() } else { self.preceded_by(&p.before) }
        };
        matching.extend(phrases.iter().filter(|p| applies(p)).map(|p| p.trigger));
        let acted = matching.iter().find_map(|&trigger| self.trigger_action(trigger, start, end));
        self.words.matching = matching;
        acted
    }

    fn trigger_action(&mut self, trigger: Trigger, start: usize, end: usize) -> Option<usize> {
        let t = self.t;
        let n = t.len();
        match trigger {
            // A greeting or role word in running text, not inside a path or query
            // (`/portal/odbiorcy?lic=…`).
            Trigger::Greeting
                if !matches!(t.get(end), None | Some(b' ' | b':' | b',' | b'\t' | b'\n' | b'\r'))
                    || (start > 0 && matches!(t[start - 1], b'/' | b'.' | b'=' | b'?' | b'&' | b'_' | b'-')) =>
            {
                None
            }
            Trigger::Greeting => {
                let w = &mut self.words;
                w.force_words = 3;
                w.force_from = end;
                w.force_until = line_end(t, end).min(end + 80);
                Some(end)
            }
            Trigger::Signature => {
                let mut from = line_end(t, end);
                while from < n && (t[from] == b'\n' || t[from] == b'\r' || t[from] == b' ') {
                    from += 1;
                }
                let w = &mut self.words;
                w.force_words = 4;
                w.force_from = from;
                w.force_until = line_end(t, from);
                let mut until = from;
                for _ in 0..4 {
                    until = line_end(t, until);
                    while until < n && (t[until] == b'\n' || t[until] == b'\r') {
                        until += 1;
                    }
                }
                w.signature_until = until;
                Some(end)
            }
            Trigger::Street => {
                // "ul. Marszałkowska 12/4, 00-950 Warszawa": a street word, a dot or a space, then
                // a capital or a digit. Two-letter abbreviations need their dot and no CAPS.
                // "firma.pl. Adres": an abbreviation glued to a dot is a domain ending.
                if start > 0
                    && !matches!(t[start - 1], b' ' | b'\t' | b'\n' | b'\r' | b'(' | b',' | b'"' | b'>' | b':' | b';')
                {
                    return None;
                }
                let short = end - start <= 4;
                let mut j = end;
                if t.get(j) == Some(&b'.') {
                    j += 1;
                } else if short {
                    return None;
                }
                if short && t[start..end].iter().all(|b| b.is_ascii_uppercase()) {
                    return None;
                }
                while j < n && t[j] == b' ' {
                    j += 1;
                }
                // `ул. „Шипка“ № 27`: an opening quote before the street's name.
                for q in ["„", "“", "«", "\"", "'"] {
                    if t[j..].starts_with(q.as_bytes()) {
                        j += q.len();
                        break;
                    }
                }
                let starts_name =
                    j < n && (t[j].is_ascii_digit() || decode(t, j).is_some_and(|(c, _)| c.is_uppercase()));
                if !starts_name || j == end {
                    return None;
                }
                let stop = trim_end(t, j, address_end(t, j));
                self.push(address_head(t, start), stop, Kind::Address, Strength::Context);
                Some(stop)
            }
            Trigger::CustomsAgent => {
                // The number follows directly, perhaps after filler ("nr", "numer", ":", "-");
                // any other word, or a token already scrubbed, ends the search.
                let limit = (end + 40).min(n);
                let mut j = end;
                while j < limit {
                    if own_token_len(t, j).is_some() || t[j] == b'\n' {
                        break;
                    }
                    // Any word ends the search: `удостоверение за регистрация 12` is no agent's.
                    if decode(t, j).is_some_and(|(c, _)| c.is_alphabetic() && !c.is_ascii()) {
                        break;
                    }
                    if !t[j].is_ascii_alphanumeric() {
                        j += 1;
                        continue;
                    }
                    let mut e = j;
                    while e < n && (t[e].is_ascii_alphanumeric() || t[e] == b'/' || t[e] == b'-') {
                        e += 1;
                    }
                    while e > j && !t[e - 1].is_ascii_alphanumeric() {
                        e -= 1;
                    }
                    if t[j..e].iter().any(u8::is_ascii_digit) {
                        self.push(j, e, Kind::CustomsAgent, Strength::Context);
                        return Some(e);
                    }
                    let filler = matches!(
                        t[j..e].to_ascii_lowercase().as_slice(),
                        b"nr" | b"numer" | b"no" | b"wpisu" | b"wpis"
                    );
                    if !filler {
                        break;
                    }
                    j = e.max(j + 1);
                }
                Some(end)
            }
            Trigger::UserDir => {
                let sep = *t.get(start.checked_sub(1)?)?;
                if (sep != b'\\' && sep != b'/') || t.get(end) != Some(&sep) {
                    return None;
                }
                let from = end + 1;
                let mut e = from;
                while e < n && e - from < 64 && !b"\\/\"'<>|\n\r\t".contains(&t[e]) && !(sep == b'/' && t[e] == b' ') {
                    e += 1;
                }
                let e = trim_end(t, from, e);
                if e > from {
                    lower_into(&t[from..e], self.lower);
                    if !self.c.user_dir_exceptions.contains(self.lower.as_str())
                        && !self.c.system_accounts.contains(self.lower.as_str())
                        && own_token_len(t, from) != Some(e - from)
                    {
                        self.push(from, e, Kind::Login, Strength::Context);
                    }
                }
                Some(e)
            }
            Trigger::LoginDir => {
                let sep = *t.get(start.checked_sub(1)?)?;
                if (sep != b'\\' && sep != b'/') || t.get(end) != Some(&sep) {
                    return None;
                }
                let from = end + 1;
                let e = from + t[from..].iter().take(65).position(|&b| b == sep)?;
                if self.looks_like_login(from, e) {
                    self.push(from, e, Kind::Login, Strength::Context);
                }
                Some(e)
            }
            Trigger::OwnedDevice => {
                let owner_end = start
                    .checked_sub(3)
                    .filter(|&e| &t[e..start] == b"'s ")
                    .or_else(|| start.checked_sub(5).filter(|&e| &t[e..start] == "\u{2019}s ".as_bytes()))?;
                let mut from = owner_end;
                let mut words = 0;
                // Back over one to three capitalised words, as written before `'s`.
                while words < 3 {
                    let mut ws = from;
                    while ws > 0 && (t[ws - 1].is_ascii_alphabetic() || t[ws - 1] >= 0x80) {
                        ws -= 1;
                    }
                    if ws == from || !decode(t, ws).is_some_and(|(c, _)| c.is_uppercase()) {
                        break;
                    }
                    from = ws;
                    words += 1;
                    if from == 0 || t[from - 1] != b' ' {
                        break;
                    }
                    from -= 1;
                }
                if t.get(from) == Some(&b' ') {
                    from += 1;
                }
                if words > 0 && from < owner_end {
                    self.push(from, owner_end, Kind::Name, Strength::Context);
                }
                None
            }
            Trigger::Passdb => {
                if t.get(end) != Some(&b'(') {
                    return None;
                }
                let from = end + 1;
                let e = from + t[from..].iter().take(65).position(|&b| b == b',' || b == b')')?;
                // The client address follows the login: the mark of this log line.
                let ip_next = t[e] == b',' && t.get(e + 1).is_some_and(|b| b.is_ascii_hexdigit() || *b == b':');
                if ip_next && self.looks_like_login(from, e) {
                    self.push(from, e, Kind::Login, Strength::Context);
                    return Some(e);
                }
                None
            }
            // `imap-login:`, `cs-username`: part of a longer name, not the word.
            Trigger::Login if start > 0 && matches!(t[start - 1], b'-' | b'_' | b'.' | b'/') => None,
            Trigger::Login => {
                let mut vs = end;
                // `sudo:   jkowalski : TTY=…`: syslog pads the login.
                while vs < n && vs - end < 5 && matches!(t[vs], b' ' | b'\'' | b'"' | b'<' | b'`' | b':') {
                    vs += 1;
                }
                if vs == end {
                    return None;
                }
                let mut ve = vs;
                while ve < n
                    && ve - vs <= 64
                    && (t[ve].is_ascii_alphanumeric() || b"._-@\\$".contains(&t[ve]) || t[ve] >= 0x80)
                {
                    ve += 1;
                }
                while ve > vs && matches!(t[ve - 1], b'.' | b'-' | b'@') {
                    ve -= 1;
                }
                // `sudo: pam_unix(sudo:session)`: a module or function, not an account.
                if t.get(ve) == Some(&b'(') {
                    return None;
                }
                if ve > vs && own_token_len(t, vs).is_none() && self.looks_like_login(vs, ve) {
                    // `użytkownik jan kowalski`: a name written in lower case, not a login.
                    let first_name = t.get(ve) == Some(&b' ') && self.lowercase_name(vs, ve).is_some_and(|i| i.first);
                    if first_name {
                        return None;
                    }
                    self.push(vs, ve, Kind::Login, Strength::Context);
                    return Some(ve);
                }
                None
            }
            Trigger::Bearer => {
                if t.get(end) != Some(&b' ') {
                    return None;
                }
                let from = end + 1;
                let mut e = from;
                let (mut has_digit, mut has_alpha) = (false, false);
                while e < n && (t[e].is_ascii_alphanumeric() || b"._~+/=-".contains(&t[e])) {
                    has_digit |= t[e].is_ascii_digit();
                    has_alpha |= t[e].is_ascii_alphabetic();
                    e += 1;
                }
                let len = e - from;
                if len >= 16 || (len >= 8 && has_digit && has_alpha) {
                    self.push(from, e, Kind::Secret, Strength::Context);
                    return Some(e);
                }
                None
            }
        }
    }

    /// Do the words before the current one spell `before` (nearest first)?
    /// Is `i` on one of the few lines under a signature word?
    pub(super) fn in_signature(&self, i: usize) -> bool {
        i < self.words.signature_until
    }

    fn preceded_by(&self, before: &[String]) -> bool {
        let t = self.t;
        let mut next_start = self.words.prev[0].0;
        for (k, want) in before.iter().enumerate() {
            let Some(&(ps, pe)) = self.words.prev.get(k + 1) else {
                return false;
            };
            if pe + 1 != next_start || t[pe] != b' ' {
                return false;
            }
            let word = &t[ps..pe];
            // An ASCII word lower-cases byte for byte, so it can equal only an ASCII `want` of
            // its length: compared without decoding (most earlier words are ASCII and differ).
            let same = if word.is_ascii() {
                word.len() == want.len() && word.eq_ignore_ascii_case(want.as_bytes())
            } else {
                std::str::from_utf8(word).is_ok_and(|s| s.chars().flat_map(char::to_lowercase).eq(want.chars()))
            };
            if !same {
                return false;
            }
            next_start = ps;
        }
        true
    }

    fn name_word(&mut self, start: usize, end: usize, case: Case, chars: usize, info: Option<NameInfo>) {
        let mut forced = self.take_forced(start);
        let t = self.t;
        // `Hello Service.`: an ordinary word after a greeting is no name, unless it closes a
        // salutation (`Hello Gorsza,`).
        if forced && info.is_none() && !self.salutation_end(end) {
            lower_into(&t[start..end], self.lower);
            if self.c.common_words.contains(self.lower.as_bytes()) {
                self.words.force_words = 0;
                forced = false;
            }
        }
        // `KOWALSKI, JAN`, `Kowalski, Jan`: a surname, a comma, then a known first name in the
        // same case continue one name (once).
        let after_comma = |r: &NameRun| {
            r.words == 1
                && !r.comma
                && start == r.end + 2
                && &t[r.end..start] == b", "
                && r.case == case
                && info.is_some_and(|i| i.first)
        };
        let adjacent = self
            .words
            .run
            .as_ref()
            .is_some_and(|r| (start == r.end + 1 && (t[r.end] == b' ' || t[r.end] == b'-')) || after_comma(r));
        let comma = adjacent && self.words.run.as_ref().is_some_and(|r| start == r.end + 2);
        if !adjacent {
            self.finish_names();
        }
        if info.is_none() && !forced {
            let surname_like = || {
                let w = std::str::from_utf8(&t[start..end]).unwrap_or("");
                self.c.surname_endings.iter().any(|e| w.ends_with(e.as_str()))
            };
            let surname = adjacent
                && case == Case::Title
                && chars >= 3
                && self.words.run.as_ref().is_some_and(|r| {
                    r.after_first_name
                        // `Miriam Hruskova`: a first name that is also a word, then a word that
                        // ends like a surname.
                        || (r.first >= 1 && r.words <= 2 && r.case == Case::Title && surname_like())
                });
            if !surname {
                self.finish_names();
                return;
            }
        }
        let run = self.words.run.get_or_insert(NameRun {
            start,
            end,
            known: 0,
            unambiguous: 0,
            forced: false,
            after_first_name: false,
            words: 0,
            first: 0,
            comma: false,
            case,
        });
        run.end = end;
        run.words += 1;
        run.first += info.is_some_and(|i| i.first) as u8;
        run.comma |= comma;
        run.case = case;
        run.forced |= forced;
        run.known += info.is_some() as u8;
        // A lone ALL-CAPS word is more often an acronym (ORA, ERR) than a name: it needs support.
        run.unambiguous += info.is_some_and(|i| !i.ambiguous && case != Case::Upper) as u8;
        // An unknown word right after a first name counts as that name's surname.
        run.unambiguous += (info.is_none() && !forced) as u8;
        run.after_first_name = info.is_some_and(|i| i.first && !i.ambiguous);
        // A forced window covers one name: punctuation after a word closes it (but for the
        // comma of `SURNAME, FIRST`).
        let comma_next = t.get(end) == Some(&b',') && t.get(end + 1) == Some(&b' ');
        if forced && !matches!(t.get(end), Some(b' ' | b'-')) && !comma_next {
            self.words.force_words = 0;
        }
    }

    fn take_forced(&mut self, start: usize) -> bool {
        if self.words.force_words == 0 {
            return false;
        }
        // A field name or an identifier's cue (`…, PESEL 4405…`) ends the name being forced.
        let end = start + self.t[start..].iter().take_while(|&&b| is_word_byte(b) || b >= 0x80).count();
        lower_into(&self.t[start..end], self.lower);
        if self.c.field_kind(self.lower).is_some() || self.c.id_cues.contains_key(self.lower.as_str()) {
            self.words.force_words = 0;
            return false;
        }
        let t = self.t;
        let w = &mut self.words;
        if start >= w.force_until {
            w.force_words = 0;
            return false;
        }
        if start >= w.force_from {
            // The forced words are one name: contiguous, with nothing but blanks, a colon, a
            // comma or quotes between them (`декларант Стефан Василев – грешка ERR-2628`
            // stops at the dash).
            let gap = &t[w.force_from..start];
            if !gap.iter().all(|b| matches!(b, b' ' | b'\t' | b':' | b',' | b'"' | b'\'' | b'(')) && gap != b" - " {
                w.force_words = 0;
                return false;
            }
            w.force_words -= 1;
            w.force_from = end;
            return true;
        }
        false
    }

    pub(super) fn finish_names(&mut self) {
        if let Some(r) = self.words.run.take() {
            // Two known words make a name only with a first name among them: `Current File`
            // (two surnames that are also words) is a label. A forced name (after a greeting
            // or a role) must end like a name does: at a line end or a punctuation mark, not
            // run on into a sentence (`Hello Service started`).
            // A colon closes a name only if a word of it is known (`Dear Mr Smith:`), not
            // after a greeting word that starts a label (`Hello Service: bound`).
            // Only words that are also ordinary words, none a first name (`Hello Service.`),
            // are no name even after a greeting, unless they close a salutation.
            let some_name = r.unambiguous > 0 || r.first > 0;
            let forced_ok = r.forced
                && (some_name || r.known < r.words || self.salutation_end(r.end))
                && self.ends_like_a_name(r.end, some_name);
            if forced_ok || r.unambiguous >= 1 || (r.known >= 2 && r.first >= 1) {
                let strength = if forced_ok { Strength::Context } else { Strength::Heuristic };
                self.push(r.start, r.end, Kind::Name, strength);
            }
        }
    }

    /// `Hello Gorsza,` / `Dear Smith!` / a greeting line's end: how a salutation closes.
    fn salutation_end(&self, end: usize) -> bool {
        matches!(self.t.get(end), None | Some(b',' | b'!' | b'\n' | b'\r'))
    }

    fn ends_like_a_name(&self, end: usize, colon: bool) -> bool {
        let t = self.t;
        let mut j = end;
        while j < t.len() && t[j] == b' ' {
            j += 1;
        }
        match t.get(j) {
            None => true,
            Some(b':') => colon,
            Some(b) => b",.!?;|<()\n\r\"'-[".contains(b) || t[j..].starts_with("–".as_bytes()),
        }
    }

    /// Letters and digits: IBAN (maybe in groups of four) and Polish ID card numbers.
    fn alnum(&mut self, start: usize, end: usize) -> usize {
        let t = self.t;
        let w = &t[start..end];
        // `…-ce8443cc4b77` (the last group of a UUID): a hex word glued to another is no IBAN.
        let glued = start > 0 && matches!(t[start - 1], b'-' | b'_' | b'.');
        if w.len() >= 4
            && !glued
            && w[0].is_ascii_alphabetic()
            && w[1].is_ascii_alphabetic()
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
        {
            if let Some(e) = self.iban(start, end) {
                return e;
            }
        }
        // `PL5261040828`, `BG123456786`: a VAT number, its country prefix being the cue.
        if (11..=15).contains(&w.len())
            && w[..2].iter().all(u8::is_ascii_uppercase)
            && w[2..].iter().all(u8::is_ascii_digit)
        {
            let d = &w[2..];
            let kind = match (&w[..2], d.len()) {
                (b"PL", 10) if validators::nip(d) => Some(Kind::Nip),
                (b"BG", 9 | 13) if validators::eik(d) => Some(Kind::Eik),
                (b"BG", 10) if validators::egn(d) => Some(Kind::Egn),
                _ => None,
            };
            if let Some(k) = kind {
                self.push(start, end, k, Strength::Validated);
                return end;
            }
        }
        if w.len() == 9 {
            let mut buf = [0u8; 9];
            for (d, s) in buf.iter_mut().zip(w) {
                *d = s.to_ascii_uppercase();
            }
            if validators::pl_id_card(&buf) {
                self.push(start, end, Kind::IdCard, Strength::Validated);
            }
        }
        end
    }

    fn iban(&mut self, start: usize, first_end: usize) -> Option<usize> {
        let t = self.t;
        let mut buf = [0u8; 34];
        let mut len = 0;
        let mut ends = [0usize; 10];
        let mut lens = [0usize; 10];
        let mut groups = 0;
        let (mut gs, mut ge) = (start, first_end);
        loop {
            if len + (ge - gs) > 34 || groups == 10 {
                break;
            }
            for &b in &t[gs..ge] {
                buf[len] = b.to_ascii_uppercase();
                len += 1;
            }
            ends[groups] = ge;
            lens[groups] = len;
            groups += 1;
            // Spaced form: groups of at most four alphanumerics after single spaces.
            if t.get(ge) != Some(&b' ') || !t.get(ge + 1).is_some_and(u8::is_ascii_alphanumeric) {
                break;
            }
            gs = ge + 1;
            ge = gs;
            while ge < t.len() && t[ge].is_ascii_alphanumeric() {
                ge += 1;
            }
            if ge - gs > 4 {
                break;
            }
        }
        (0..groups).rev().find(|&g| validators::iban(&buf[..lens[g]])).map(|g| {
            self.push(start, ends[g], Kind::Iban, Strength::Validated);
            ends[g]
        })
    }

    /// A JSON Web Token: three base64url parts, the first an encoded `{"` header.
    fn jwt(&mut self, start: usize) -> Option<usize> {
        let t = self.t;
        let mut e = start;
        let mut dots = 0;
        while e < t.len() && (is_word_byte(t[e]) || t[e] == b'-' || t[e] == b'.') {
            dots += (t[e] == b'.') as usize;
            e += 1;
        }
        while e > start && t[e - 1] == b'.' {
            e -= 1;
            dots -= 1;
        }
        (dots == 2 && e - start >= 24).then(|| {
            self.push(start, e, Kind::Secret, Strength::Validated);
            e
        })
    }
}

/// Where a value starts if the word at `start..end` stands in a key position.
#[inline]
fn key_position(t: &[u8], start: usize, end: usize) -> Option<(usize, Delim)> {
    let n = t.len();
    if start > 0 && t[start - 1] == b'<' {
        return (t.get(end) == Some(&b'>')).then_some((end + 1, Delim::Tag));
    }
    let mut j = end;
    if j < n && (t[j] == b'"' || t[j] == b'\'') {
        j += 1;
    }
    while j < n && (t[j] == b' ' || t[j] == b'\t') && j - end < 8 {
        j += 1;
    }
    let sep = *t.get(j)?;
    let next = t.get(j + 1).copied().unwrap_or(b'\n');
    match sep {
        b':' if next == b':' || next == b'/' || next == b'\\' => return None,
        b'=' if next == b'=' => return None,
        b':' | b'=' => {}
        _ => return None,
    }
    j += 1;
    while j < n && (t[j] == b' ' || t[j] == b'\t') && j - end < 24 {
        j += 1;
    }
    match t.get(j) {
        Some(&q) if q == b'"' || q == b'\'' => Some((j + 1, Delim::Quote(q))),
        // `user=<jkowalski>` (dovecot, postfix): the value in angle brackets.
        Some(b'<') if sep == b'=' && t.get(j + 1).is_some_and(|b| b.is_ascii_alphanumeric()) => {
            Some((j + 1, Delim::Quote(b'>')))
        }
        _ => Some((j, Delim::Bare)),
    }
}

const AUTH_SCHEMES: [&[u8]; 4] = [b"bearer ", b"basic ", b"digest ", b"negotiate "];

fn capture_value(t: &[u8], mut vs: usize, delim: Delim, kind: Kind) -> Option<(usize, usize)> {
    let n = t.len();
    let limit = (vs + 4096).min(n);
    let ve = match delim {
        Delim::Tag => memchr::memchr(b'<', &t[vs..limit]).map_or_else(|| line_end(t, vs).min(limit), |p| vs + p),
        Delim::Quote(q) => {
            let mut j = vs;
            while j < limit && t[j] != q && t[j] != b'\n' {
                j += if t[j] == b'\\' { 2 } else { 1 };
            }
            j.min(limit)
        }
        Delim::Bare => {
            let mut j = vs;
            if kind == Kind::Secret {
                if let Some(s) =
                    AUTH_SCHEMES.iter().find(|s| t.len() >= vs + s.len() && t[vs..vs + s.len()].eq_ignore_ascii_case(s))
                {
                    // The scheme stays readable ("Bearer [SECRET]"); the credential goes.
                    vs += s.len();
                    j = vs;
                }
            }
            match extent(kind) {
                _ if kind == Kind::Address => j = address_end(t, j),
                // A phone number or a coordinate is its characters, not the rest of the line
                // (`Tel: (+48) 794206656) na stanowisku…`, `lon=22.65972 -> 200 in 18 ms`).
                _ if kind == Kind::Phone || kind == Kind::Geo => {
                    let allowed: &[u8] = if kind == Kind::Phone { b" +-()./" } else { b" +-.,'\"NSEWnsew" };
                    while j < limit
                        && (t[j].is_ascii_digit()
                            || allowed.contains(&t[j])
                            || (kind == Kind::Geo && t[j] >= 0x80 && t[j..].starts_with("°".as_bytes())))
                    {
                        j += if t[j] >= 0x80 { 2 } else { 1 };
                    }
                    while j > vs
                        && !(t[j - 1].is_ascii_digit()
                            || t[j - 1] == b')'
                            || (kind == Kind::Geo && matches!(t[j - 1], b'N' | b'S' | b'E' | b'W')))
                    {
                        j -= 1;
                    }
                    // The sentence's closing parenthesis is not the number's.
                    let (open, close) =
                        t[vs..j].iter().fold((0, 0), |(o, c), &b| (o + (b == b'(') as i32, c + (b == b')') as i32));
                    if close > open && t[j - 1] == b')' {
                        j -= 1;
                    }
                }
                Extent::Token => {
                    while j < limit && !b" \t\r\n,;&<\"'|})]".contains(&t[j]) {
                        j += 1;
                    }
                }
                Extent::Phrase { comma } => {
                    while j < limit && !b"\r\n;&<\"'|}".contains(&t[j]) && !(comma && t[j] == b',') {
                        j += 1;
                    }
                }
            }
            j
        }
    };
    let ve = trim_end(t, vs, ve);
    (ve > vs).then_some((vs, ve))
}

/// Where a street address that starts at `j` ends: the end of the line or field, or a
/// sentence end (". " and a capital) once the house number has been seen.
fn address_end(t: &[u8], j: usize) -> usize {
    let limit = line_end(t, j).min(j + 160);
    let mut seen_digit = false;
    let mut k = j;
    while k < limit {
        let b = t[k];
        if b";<\"|\t".contains(&b) {
            return k;
        }
        seen_digit |= b.is_ascii_digit();
        if seen_digit
            && b == b'.'
            && t.get(k + 1) == Some(&b' ')
            && decode(t, k + 2).is_some_and(|(c, _)| c.is_uppercase())
        {
            // `vh. A, et. 3`, `вх. А`, `lok. 2`: an abbreviation's dot, not a sentence's end.
            let word = t[j..k].iter().rev().take_while(|&&c| c.is_ascii_alphabetic() || c >= 0x80).count();
            let chars = t[k - word..k].iter().filter(|&&c| c & 0xc0 != 0x80).count();
            if chars > 3 || word == 0 {
                return k;
            }
        }
        k += 1;
    }
    limit
}

/// Where an address found at `start` really begins: the comma-separated parts right before
/// it that are a street and house number (`Kolejowa 111/50, `, `Brzozowa 176B m. 44, `) or a
/// postal code and town (`6000 Стара Загора, `, `гр. Русе 7000, `) belong to it.
pub(super) fn address_head(t: &[u8], start: usize) -> usize {
    let mut s = start;
    for _ in 0..2 {
        if s < 2 || &t[s - 2..s] != b", " {
            break;
        }
        match address_part_before(t, s - 2) {
            Some(h) => s = h,
            None => break,
        }
    }
    s
}

#[derive(Clone, Copy, PartialEq)]
enum AddressToken {
    Town,
    House,
    Postal,
    /// `m.`, `lok.`, `гр.`, `gr.`: a flat or town abbreviation.
    Abbrev,
}

fn address_token(w: &[u8]) -> Option<AddressToken> {
    let digits = |w: &[u8]| !w.is_empty() && w.iter().all(u8::is_ascii_digit);
    if (w.len() == 4 && digits(w) && w[0] != b'0')
        || (w.len() == 6 && digits(&w[..2]) && w[2] == b'-' && digits(&w[3..]))
    {
        return Some(AddressToken::Postal);
    }
    if matches!(w, b"m." | b"lok." | b"gr." | b"ap." | b"apt.") || w == "гр.".as_bytes() || w == "ап.".as_bytes() {
        return Some(AddressToken::Abbrev);
    }
    // `111`, `15B`, `111/50`, `176B/2`.
    let house = |p: &[u8]| {
        let d = p.iter().take_while(|b| b.is_ascii_digit()).count();
        (1..=4).contains(&d) && p.len() - d <= 1 && p[d..].iter().all(u8::is_ascii_alphabetic)
    };
    if w.first().is_some_and(u8::is_ascii_digit) && w.len() <= 11 && w.split(|&b| b == b'/').all(house) {
        return Some(AddressToken::House);
    }
    let s = std::str::from_utf8(w).ok()?;
    let mut chars = s.chars();
    let first = chars.next()?;
    (first.is_uppercase() && s.chars().count() <= 30 && chars.all(|c| c.is_alphabetic() || c == '-'))
        .then_some(AddressToken::Town)
}

/// The start of the street-and-number or code-and-town part that ends at `end`, if the words
/// before `end` form one.
fn address_part_before(t: &[u8], end: usize) -> Option<usize> {
    let mut tokens = [AddressToken::Town; 6];
    let mut starts = [0usize; 6];
    let mut count = 0;
    let mut e = end;
    while count < tokens.len() {
        let ws = t[..e]
            .iter()
            .rposition(|&b| matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b',' | b'(' | b'>'))
            .map_or(0, |p| p + 1);
        let Some(kind) = address_token(&t[ws..e]) else { break };
        tokens[count] = kind;
        starts[count] = ws;
        count += 1;
        if ws == 0 || t[ws - 1] != b' ' {
            break;
        }
        e = ws - 1;
    }
    // Read forwards: the earliest token first.
    let found = &mut tokens[..count];
    found.reverse();
    let towns = |ts: &[AddressToken]| !ts.is_empty() && ts.len() <= 3 && ts.iter().all(|&k| k == AddressToken::Town);
    // Try the longest part first, then shorter ones (the first words may be the sentence's).
    for skip in 0..count {
        let ts = &found[skip..];
        let ok = match ts {
            [AddressToken::Postal, rest @ ..] => towns(rest),
            [AddressToken::Abbrev, mid @ .., AddressToken::Postal] => towns(mid),
            [mid @ .., AddressToken::Postal] => towns(mid),
            [street @ .., AddressToken::House, AddressToken::Abbrev, AddressToken::House] => towns(street),
            [street @ .., AddressToken::House] => towns(street),
            _ => false,
        };
        if ok {
            return Some(starts[count - 1 - skip]);
        }
    }
    None
}

/// A value that is nothing but the engine's own tokens was scrubbed already.
fn only_own_tokens(t: &[u8], mut i: usize, end: usize) -> bool {
    let mut any = false;
    while i < end {
        match t[i] {
            b' ' | b',' | b';' | b'-' => i += 1,
            b'[' => match own_token_len(t, i) {
                Some(len) => {
                    i += len;
                    any = true;
                }
                None => return false,
            },
            _ => return false,
        }
    }
    any
}

/// `CORP`, `NT-DOMAIN`: an upper-case Windows domain name.
fn case_upper_word(w: &[u8]) -> bool {
    (2..=15).contains(&w.len()) && w.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'-')
}

fn trim_end(t: &[u8], from: usize, mut e: usize) -> usize {
    while e > from && (t[e - 1] == b' ' || t[e - 1] == b'\t' || t[e - 1] == b',' || t[e - 1] == b'.') {
        e -= 1;
    }
    e
}
