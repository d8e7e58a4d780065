//! The verifier's own detectors, for values that are personal beyond doubt: checksum ids next
//! to their cue word, e-mail addresses, public IP addresses, card numbers, JWTs, private-key
//! blocks, bearer credentials and passwords in URLs.
//!
//! Written apart from the engine on purpose (its own scanning and its own checksums): a bug in
//! an engine detector, or in the code that calls it, must not blind the last gate too. Their
//! policy is the engine's, never stricter: what the engine keeps on purpose (loopback and
//! private addresses, versions, digit runs without a cue) the verifier keeps too, so that a
//! well-formed input is never quarantined for what the engine rightly left alone.

use crate::engine::Kind;
use serde::Deserialize;
use std::net::{Ipv4Addr, Ipv6Addr};

const EMBEDDED: &str = include_str!("../../rules/default/verify.toml");

/// `verify.toml`: the cue words that make a checksum-valid digit run an identifier.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerifyConfig {
    cue_window: usize,
    cues: Cues,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cues {
    pesel: Vec<String>,
    egn: Vec<String>,
    nip: Vec<String>,
    regon: Vec<String>,
    eik: Vec<String>,
    card: Vec<String>,
}

/// One detector's verdict on a view: the kind of the first survivor found, never its value.
pub(super) type Found = Option<Kind>;

pub(super) struct Detectors {
    cue_window: usize,
    /// Cue words (lower case) and the kinds they announce.
    cue_words: std::collections::HashMap<String, Vec<Kind>>,
    /// Accounts of systems and roles (`postmaster`, `root`): their addresses are no person's.
    system_accounts: std::collections::HashSet<String>,
    versions: std::collections::HashSet<String>,
    /// The anchors in any ASCII case, as one regex: it keeps a literal prefilter, where a
    /// case-insensitive automaton walks every byte. No anchor holds another, so leftmost
    /// matches find every place an overlapping search would.
    anchors: regex::bytes::Regex,
}

/// Literal anchors for the letter-led detectors.
/// `@` is not among them: it is found with memchr, which a one-byte pattern would keep the
/// automaton from doing for the others.
const ANCHORS: &[&str] = &["eyj", "-----begin", "://", "bearer", "[at]", "(at)", "{at}"];

/// ASCII letters and digits as a table: one load per byte in the token loop.
static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

const DIGIT: u8 = 1;
const HEX: u8 = 2;
const UPPER: u8 = 4;
const COLON: u8 = 8;
const LETTER: u8 = 16;

/// What a byte may start in `digit_led` (`LETTER` only marks the other letters as part of a
/// token); 0 for bytes that start nothing and end any token.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b.is_ascii_digit() { DIGIT | HEX } else { 0 }
            | if b.is_ascii_hexdigit() { HEX } else { 0 }
            | if b.is_ascii_uppercase() { UPPER } else { 0 }
            | if b.is_ascii_alphabetic() { LETTER } else { 0 }
            | if b == b':' { COLON } else { 0 };
        i += 1;
    }
    t
};

impl Detectors {
    /// The verifier's detectors for output of `scrubber`: its own cue words, less any the
    /// scrubber's pack does not know (the verifier never flags what the engine may keep), and
    /// the pack's version words (what the engine keeps as a version, the verifier keeps too).
    pub fn for_scrubber(scrubber: &crate::engine::Scrubber) -> Detectors {
        let mut d = Self::embedded();
        d.cue_words.retain(|w, kinds| {
            kinds.retain(|k| scrubber.is_id_cue(w, *k));
            !kinds.is_empty()
        });
        d.versions = scrubber.version_words().map(str::to_string).collect();
        d.system_accounts = scrubber.system_accounts().map(str::to_string).collect();
        d
    }

    fn embedded() -> Detectors {
        let cfg: VerifyConfig = toml::from_str(EMBEDDED).expect("the embedded verify.toml is tested");
        let mut cue_words: std::collections::HashMap<String, Vec<Kind>> = std::collections::HashMap::new();
        for (kind, list) in [
            (Kind::Pesel, &cfg.cues.pesel),
            (Kind::Egn, &cfg.cues.egn),
            (Kind::Nip, &cfg.cues.nip),
            (Kind::Regon, &cfg.cues.regon),
            (Kind::Eik, &cfg.cues.eik),
            (Kind::Card, &cfg.cues.card),
        ] {
            for w in list {
                cue_words.entry(w.to_lowercase()).or_default().push(kind);
            }
        }
        Detectors {
            cue_window: cfg.cue_window,
            cue_words,
            system_accounts: Default::default(),
            versions: Default::default(),
            anchors: regex::bytes::Regex::new(&format!(
                "(?i-u)(?:{})",
                ANCHORS.iter().map(|a| regex::escape(a)).collect::<Vec<_>>().join("|")
            ))
            .expect("the fixed anchors make a valid pattern"),
        }
    }

    /// The first survivor in `t`, if any.
    pub fn scan(&self, t: &[u8]) -> Found {
        self.letter_led(t).or_else(|| self.digit_led(t))
    }

    /// Where the first survivor is: the shortest prefix of `t` that still holds one (for
    /// investigating a refusal in test builds; the verdict itself never carries a value).
    #[cfg(feature = "test-hooks")]
    pub fn locate(&self, t: &[u8]) -> Option<(Kind, usize)> {
        let kind = self.scan(t)?;
        let (mut lo, mut hi) = (0, t.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.scan(&t[..mid]).is_some() {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Some((kind, lo))
    }

    fn letter_led(&self, t: &[u8]) -> Found {
        // `@` (by memchr) and the other anchors (by the regex), tried in text order, so
        // the first survivor is named the same whichever way its anchor was found.
        let mut ats = memchr::memchr_iter(b'@', t).peekable();
        let mut anchors = self.anchors.find_iter(t).peekable();
        loop {
            let at_first = match (ats.peek(), anchors.peek()) {
                (None, None) => return None,
                (Some(&at), Some(m)) => at < m.start(),
                (at, _) => at.is_some(),
            };
            let found = if at_first {
                let at = ats.next().expect("peeked");
                self.email_at(t, at).then_some(Kind::Email)
            } else {
                let m = anchors.next().expect("peeked");
                let anchor = ANCHORS.iter().find(|a| a.as_bytes().eq_ignore_ascii_case(m.as_bytes()));
                match anchor.copied().unwrap_or_default() {
                    "eyj" => jwt_at(t, m.start()).then_some(Kind::Secret),
                    "-----begin" => private_key_at(t, m.start()).then_some(Kind::Secret),
                    "://" => url_password_at(t, m.start()).then_some(Kind::Secret),
                    "bearer" => bearer_at(t, m.end()).then_some(Kind::Secret),
                    _ => obfuscated_email_at(t, m.start(), m.end()).then_some(Kind::Email),
                }
            };
            if found.is_some() {
                return found;
            }
        }
    }

    /// Runs of digits and separators (IPv4, ids, cards), IBANs and IPv6 addresses, each tried
    /// where a token starts.
    fn digit_led(&self, t: &[u8]) -> Found {
        let n = t.len();
        let mut i = 0;
        // Whether the byte before `i` lets a token start at `i` (not a letter, digit or `:`).
        let mut open = true;
        while i < n {
            let b = t[i];
            let class = CLASS[b as usize];
            if class == 0 {
                // Spaces, punctuation and non-ASCII bytes start nothing; the next byte may start
                // a token.
                i += 1;
                open = true;
                continue;
            }
            let starts = open;
            if starts && class & (HEX | COLON) != 0 && ipv6_at(t, i).is_some() {
                return Some(Kind::Ip);
            }
            if class & DIGIT != 0 && starts {
                let end = run_end(t, i);
                if let Some(k) = self.digit_run(t, i, end) {
                    return Some(k);
                }
                i = end.max(i + 1);
                open = !(ALNUM[t[i - 1] as usize] || t[i - 1] == b':');
                continue;
            }
            if class & UPPER != 0 && i + 4 < n && starts {
                if iban_at(t, i) {
                    return Some(Kind::Iban);
                }
                if vat_pl_at(t, i) {
                    return Some(Kind::Nip);
                }
            }
            // No position inside a run of letters and digits starts a token: skip the run.
            i += 1;
            while i < n && ALNUM[t[i] as usize] {
                i += 1;
            }
            open = false;
        }
        None
    }

    fn digit_run(&self, t: &[u8], start: usize, end: usize) -> Found {
        let run = &t[start..end];
        // Digits glued to a word, an underscore, a token or a longer id (`blk_-123…`, `0x…`).
        if start > 0 && matches!(t[start - 1], b'_' | b'-' | b'.' | b'#' | b'/') {
            let before = t[..start - 1].last().copied().unwrap_or(b' ');
            if before.is_ascii_alphanumeric() || before == b'_' {
                return None;
            }
        }
        if let Some(ip) = dotted_quad(run) {
            if end < t.len() && t[end] == b'.' && t.get(end + 1).is_some_and(u8::is_ascii_digit) {
                return None; // a.b.c.d.e: a version or an OID
            }
            if is_public_host_v4(ip) && !self.version_before(t, start) && !inside_own_token(t, start) {
                return Some(Kind::Ip);
            }
            return None;
        }
        let mut digits = [0u8; 32];
        let mut len = 0;
        let mut seps = 0;
        for &b in run {
            if b.is_ascii_digit() {
                if len == digits.len() {
                    return None;
                }
                digits[len] = b;
                len += 1;
            } else {
                seps += 1;
            }
        }
        let d = &digits[..len];
        if (13..=19).contains(&len) && luhn(d) && card_prefix(d) {
            // A card is written in groups of four (Amex 4-6-5), or named: a bare long number
            // is an id, a run of short numbers a list.
            let lens: Vec<usize> = run.split(|b| !b.is_ascii_digit()).map(<[u8]>::len).collect();
            let grouped =
                seps >= 2 && (lens[..lens.len() - 1].iter().all(|&l| l == 4) || lens == [4, 6, 5] || lens == [4, 6, 4]);
            if grouped || self.cued(t, start, Kind::Card) {
                return Some(Kind::Card);
            }
        }
        if seps == 0 {
            let checks: [(Kind, bool); 6] = [
                (Kind::Pesel, len == 11 && pesel(d)),
                (Kind::Egn, len == 10 && egn(d)),
                (Kind::Nip, len == 10 && nip(d)),
                (Kind::Eik, (len == 9 || len == 13) && eik(d)),
                (Kind::Regon, (len == 9 && regon9(d)) || (len == 14 && regon9(&d[..9]) && regon14(d))),
                (Kind::Card, false),
            ];
            return checks.iter().find(|(k, valid)| *valid && self.cued(t, start, *k)).map(|(k, _)| *k);
        }
        // 123-456-78-90 and 123-45-67-890: the written form is the evidence.
        if len == 10 && nip(d) && nip_written_form(run) {
            return Some(Kind::Nip);
        }
        None
    }

    /// A cue word for `kind` as the nearest word before `start` on its line, or the nearest
    /// past filler words: the engine's rule for bare digit runs, read on its own.
    fn cued(&self, t: &[u8], start: usize, kind: Kind) -> bool {
        let from = start.saturating_sub(self.cue_window);
        let line = memchr::memrchr2(b'\n', b'\r', &t[from..start]).map_or(from, |p| from + p + 1);
        let window = String::from_utf8_lossy(&t[line..start]).to_lowercase();
        let words: Vec<&str> =
            window.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
        for w in words.iter().rev().take(3) {
            if self.cue_words.get(*w).is_some_and(|kinds| kinds.contains(&kind)) {
                return true;
            }
            if !CUE_FILLERS.contains(w) {
                return false;
            }
        }
        false
    }

    /// The engine's version contexts, read on their own: `~~` or `product/` glued before, a
    /// dotted product name (`CustomsClient.Host 4.12.0.3`), or a version word as the nearest
    /// word or the one before a filler word (`update to 1.2.3.4`).
    fn version_before(&self, t: &[u8], start: usize) -> bool {
        // In HTML the words before may be written as character references (`&#1074;…`): the
        // context is read as a reader sees it, as the engine reads it.
        let wide = start.saturating_sub(256);
        let from = if memchr::memmem::find(&t[wide..start], b"&#").is_some() { wide } else { start.saturating_sub(48) };
        let line = memchr::memrchr2(b'\n', b'\r', &t[from..start]).map_or(from, |p| from + p + 1);
        let decoded = crate::reading::layers::html_unescape(&t[line..start]);
        let w = &decoded[decoded.len().saturating_sub(48)..];
        if w.ends_with(b"~~") || (w.len() >= 2 && w.ends_with(b"/") && w[w.len() - 2].is_ascii_alphanumeric()) {
            return true;
        }
        let words: Vec<&[u8]> =
            w.split(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)).filter(|p| !p.is_empty()).collect();
        if let Some(name) = w.strip_suffix(b" ").and_then(|r| r.rsplit(|&b| b == b' ').next()) {
            let parts: Vec<&[u8]> = name.split(|&b| b == b'.').collect();
            if parts.len() > 1 && parts.iter().all(|p| p.first().is_some_and(u8::is_ascii_uppercase)) {
                return true;
            }
        }
        // A product named in two capitalised words (`Contoso Agent 4.2.0.1`).
        if small_with_zero(&t[start..]) && w.ends_with(b" ") {
            let last: Vec<&[u8]> = w[..w.len() - 1].rsplit(|&b| b == b' ').take(2).collect();
            let title = |p: &[u8]| {
                p.len() >= 2
                    && p[0].is_ascii_uppercase()
                    && p[1..].iter().all(u8::is_ascii_alphabetic)
                    && p[1..].iter().any(u8::is_ascii_lowercase)
            };
            if last.len() == 2 && last.iter().all(|p| title(p)) {
                return true;
            }
        }
        let is_version = |word: &[u8]| self.versions.contains(&String::from_utf8_lossy(word).to_lowercase());
        let lower = |w: &[u8]| String::from_utf8_lossy(w).to_lowercase();
        let weak = |w: &[u8]| AFTER.contains(&lower(w).as_str()) && small_with_zero(&t[start..]);
        // The nearest word, or the first past up to three fillers.
        for (k, word) in words.iter().rev().take(4).enumerate() {
            if is_version(word) || weak(word) {
                return true;
            }
            if k == 3 || !FILLERS.contains(&lower(word).as_str()) {
                return false;
            }
        }
        false
    }
}

/// Words between a cue and its number (the engine's list, kept apart).
const CUE_FILLERS: &[&str] = &[
    "nr",
    "no",
    "numer",
    "number",
    "num",
    "n",
    "номер",
    "код",
    "is",
    "jest",
    "e",
    "firmy",
    "klienta",
    "osoby",
    "pracownika",
    "the",
    "of",
    "na",
    "za",
    "на",
    "лицето",
    "dla",
];

/// Words between a version word and its number (the engine's list, kept apart), and `value`
/// of .NET configuration (`key="Version" value="4.12.0.3"`), which the engine reads as one.
const FILLERS: &[&str] = &[
    "to",
    "do",
    "na",
    "is",
    "jest",
    "e",
    "до",
    "на",
    "of",
    "the",
    "programu",
    "aplikacji",
    "systemu",
    "klienta",
    "е",
    "трябва",
    "да",
    "should",
    "be",
    "must",
    "powinna",
    "powinien",
    "być",
    "musi",
    "ma",
    "value",
];
/// Words after which a number with small parts and a zero is a version (`po 4.12.0.3`).
const AFTER: &[&str] =
    &["after", "before", "since", "until", "po", "przed", "след", "преди", "после", "до", "do", "to"];

fn small_with_zero(t: &[u8]) -> bool {
    let end = t.iter().position(|&b| !(b.is_ascii_digit() || b == b'.')).unwrap_or(t.len());
    let parts: Vec<u32> =
        t[..end].split(|&b| b == b'.').filter_map(|p| std::str::from_utf8(p).ok()?.parse().ok()).collect();
    parts.len() == 4 && parts.iter().all(|&o| o < 64) && parts.contains(&0)
}

/// End of a run of digits with single separators (`.`, `-`, space) between digit groups.
fn run_end(t: &[u8], start: usize) -> usize {
    let mut i = start;
    loop {
        while i < t.len() && t[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < t.len() && matches!(t[i], b'.' | b'-' | b' ') && t[i + 1].is_ascii_digit() && i - start < 40 {
            i += 1;
            continue;
        }
        return i;
    }
}

fn dotted_quad(run: &[u8]) -> Option<Ipv4Addr> {
    let mut parts = [0u32; 4];
    let mut k = 0;
    for piece in run.split(|&b| b == b'.') {
        if k == 4 || piece.is_empty() || piece.len() > 3 || !piece.iter().all(u8::is_ascii_digit) {
            return None;
        }
        parts[k] = piece.iter().fold(0, |a, &b| a * 10 + (b - b'0') as u32);
        if parts[k] > 255 {
            return None;
        }
        k += 1;
    }
    (k == 4).then(|| Ipv4Addr::new(parts[0] as u8, parts[1] as u8, parts[2] as u8, parts[3] as u8))
}

/// A public unicast host address: not unspecified, loopback, private, shared (CGNAT),
/// link-local, documentation, benchmarking, multicast or reserved, and not the network or
/// broadcast address of its /24.
fn is_public_host_v4(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_documentation()
        || ip.is_multicast()
        || ip.is_broadcast()
        || o[0] == 0
        || o[0] >= 240
        || (o[0] == 100 && (64..128).contains(&o[1]))
        || (o[0] == 198 && (o[1] == 18 || o[1] == 19))
        || o[3] == 0
        || o[3] == 255)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_host_v4(v4);
    }
    let s = ip.segments();
    // Global unicast (2000::/3) only, without documentation (2001:db8::/32).
    (s[0] & 0xe000) == 0x2000 && !(s[0] == 0x2001 && s[1] == 0x0db8)
}

/// `[IP:81.2.69.0/24]`: the engine's own generalised token.
fn inside_own_token(t: &[u8], start: usize) -> bool {
    start >= 4 && &t[start - 4..start] == b"[IP:"
}

fn ipv6_at(t: &[u8], i: usize) -> Option<usize> {
    if i > 0 && (t[i - 1].is_ascii_alphanumeric() || t[i - 1] == b':' || t[i - 1] == b'.') {
        return None;
    }
    // A group has at most four hex digits: no colon within five bytes, no address.
    if !t[i..(i + 5).min(t.len())].contains(&b':') {
        return None;
    }
    let mut e = i;
    while e < t.len() && e - i < 45 && (t[e].is_ascii_hexdigit() || t[e] == b':' || t[e] == b'.') {
        e += 1;
    }
    while e > i && !t[e - 1].is_ascii_hexdigit() {
        e -= 1;
    }
    let text = std::str::from_utf8(&t[i..e]).ok()?;
    let colons = text.bytes().filter(|&b| b == b':').count();
    if colons < 2 || (colons < 7 && !text.contains("::")) {
        return None;
    }
    if e < t.len() && t[e].is_ascii_alphanumeric() {
        return None;
    }
    if i >= 4 && &t[i - 4..i] == b"[IP:" {
        return None;
    }
    let ip: Ipv6Addr = text.parse().ok()?;
    is_public_v6(ip).then_some(e)
}

/// `PL5261040828`: a Polish VAT number, the country prefix being the cue.
fn vat_pl_at(t: &[u8], i: usize) -> bool {
    let Some(d) = t.get(i + 2..i + 12) else { return false };
    t[i..i + 2].eq_ignore_ascii_case(b"PL")
        && d.iter().all(u8::is_ascii_digit)
        && !t.get(i + 12).is_some_and(u8::is_ascii_alphanumeric)
        && nip(d)
}

fn iban_at(t: &[u8], i: usize) -> bool {
    if !(t[i + 1].is_ascii_uppercase() && t[i + 2].is_ascii_digit() && t[i + 3].is_ascii_digit()) {
        return false;
    }
    let mut buf = [0u8; 34];
    let mut len = 0;
    let mut j = i;
    let mut group = 0;
    let mut groups = 0;
    while j < t.len() && len < 34 {
        let b = t[j];
        if b.is_ascii_uppercase() || b.is_ascii_digit() {
            buf[len] = b;
            len += 1;
            group += 1;
            // After the first group, groups have at most four characters (`PL61 1090 …`).
            if groups > 0 && group > 4 {
                return false;
            }
        } else if b == b' ' && t.get(j + 1).is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
            groups += 1;
            group = 0;
        } else {
            break;
        }
        j += 1;
        // Any prefix of the run may be the IBAN (the next word may be glued by a space).
        if len >= 15 && iban_valid(&buf[..len]) && (j >= t.len() || !t[j].is_ascii_alphanumeric()) {
            return true;
        }
    }
    false
}

fn iban_valid(s: &[u8]) -> bool {
    if s.len() < 15 || !s[..2].iter().all(u8::is_ascii_uppercase) || !s[2..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut rem: u32 = 0;
    for &b in s[4..].iter().chain(&s[..4]) {
        let v = if b.is_ascii_digit() { (b - b'0') as u32 } else { (b - b'A') as u32 + 10 };
        rem = if v >= 10 { (rem * 100 + v) % 97 } else { (rem * 10 + v) % 97 };
    }
    rem == 1
}

fn digits(d: &[u8]) -> impl DoubleEndedIterator<Item = u32> + '_ {
    d.iter().map(|&b| (b - b'0') as u32)
}

fn weighted_sum(d: &[u8], w: &[u32]) -> u32 {
    digits(d).zip(w).map(|(a, b)| a * b).sum()
}

fn leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn real_date(y: u32, m: u32, d: u32) -> bool {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => 28 + leap(y) as u32,
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn two(d: &[u8], i: usize) -> u32 {
    ((d[i] - b'0') * 10 + (d[i + 1] - b'0')) as u32
}

fn pesel(d: &[u8]) -> bool {
    let sum = weighted_sum(&d[..10], &[1, 3, 7, 9, 1, 3, 7, 9, 1, 3]);
    if (10 - sum % 10) % 10 != (d[10] - b'0') as u32 {
        return false;
    }
    let (yy, mm, dd) = (two(d, 0), two(d, 2), two(d, 4));
    let (century, m) = match mm {
        81..=92 => (1800, mm - 80),
        1..=12 => (1900, mm),
        21..=32 => (2000, mm - 20),
        41..=52 => (2100, mm - 40),
        61..=72 => (2200, mm - 60),
        _ => return false,
    };
    real_date(century + yy, m, dd)
}

fn egn(d: &[u8]) -> bool {
    let check = weighted_sum(&d[..9], &[2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11 % 10;
    if check != (d[9] - b'0') as u32 {
        return false;
    }
    let (yy, mm, dd) = (two(d, 0), two(d, 2), two(d, 4));
    let (century, m) = match mm {
        1..=12 => (1900, mm),
        21..=32 => (1800, mm - 20),
        41..=52 => (2000, mm - 40),
        _ => return false,
    };
    real_date(century + yy, m, dd)
}

fn nip(d: &[u8]) -> bool {
    if d.starts_with(b"000") {
        return false;
    }
    let c = weighted_sum(&d[..9], &[6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11;
    c != 10 && c == (d[9] - b'0') as u32
}

fn eik(d: &[u8]) -> bool {
    let mod11 = |body: &[u8], a: &[u32], b: &[u32]| match weighted_sum(body, a) % 11 {
        10 => match weighted_sum(body, b) % 11 {
            10 => 0,
            c => c,
        },
        c => c,
    };
    if d.iter().all(|&b| b == b'0')
        || mod11(&d[..8], &[1, 2, 3, 4, 5, 6, 7, 8], &[3, 4, 5, 6, 7, 8, 9, 10]) != (d[8] - b'0') as u32
    {
        return false;
    }
    d.len() == 9 || mod11(&d[8..12], &[2, 7, 3, 5], &[4, 9, 5, 7]) == (d[12] - b'0') as u32
}

fn regon9(d: &[u8]) -> bool {
    if d.iter().all(|&b| b == b'0') {
        return false;
    }
    weighted_sum(&d[..8], &[8, 9, 2, 3, 4, 5, 6, 7]) % 11 % 10 == (d[8] - b'0') as u32
}

fn regon14(d: &[u8]) -> bool {
    weighted_sum(&d[..13], &[2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8]) % 11 % 10 == (d[13] - b'0') as u32
}

fn nip_written_form(run: &[u8]) -> bool {
    let groups: Vec<usize> = run.split(|&b| b == b'-').map(<[u8]>::len).collect();
    groups == [3, 3, 2, 2] || groups == [3, 2, 2, 3]
}

fn luhn(d: &[u8]) -> bool {
    let sum: u32 = digits(d)
        .rev()
        .enumerate()
        .map(|(i, v)| {
            if i % 2 == 1 {
                if v * 2 > 9 {
                    v * 2 - 9
                } else {
                    v * 2
                }
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Issuer prefixes of the major card schemes, with the lengths they issue.
fn card_prefix(d: &[u8]) -> bool {
    let n = d.len();
    let p2 = two(d, 0);
    let p4 = p2 * 100 + two(d, 2);
    match d[0] {
        b'4' => matches!(n, 13 | 16 | 19),
        b'5' => (51..=55).contains(&p2) && n == 16,
        b'2' => (2221..=2720).contains(&p4) && n == 16,
        b'3' => ((p2 == 34 || p2 == 37) && n == 15) || (matches!(p2, 30 | 35 | 36 | 38) && n >= 14),
        b'6' => n >= 16,
        _ => false,
    }
}

fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b".+-_%'".contains(&b)
}

impl Detectors {
    fn email_at(&self, t: &[u8], at: usize) -> bool {
        let mut s = at;
        while s > 0 && is_local_byte(t[s - 1]) {
            s -= 1;
        }
        if s == at {
            return false;
        }
        // The engine's own exemptions, read on their own: role accounts, file names, ids of
        // messages.
        let local = String::from_utf8_lossy(&t[s..at]).to_ascii_lowercase();
        if self.system_accounts.contains(&local) {
            return false;
        }
        let before = String::from_utf8_lossy(&t[s.saturating_sub(16)..s]).to_ascii_lowercase();
        if ["message-id=<", "message-id: <", "message-id:<", "in-reply-to: <", "references: <", "msgid=<"]
            .iter()
            .any(|c| before.ends_with(c))
        {
            return false;
        }
        email_domain(t, at)
    }
}

/// The part after `@` is a mail domain: labels and an alphabetic ending that is no file's.
fn email_domain(t: &[u8], at: usize) -> bool {
    let mut e = at + 1;
    let mut last_dot = None;
    while e < t.len() && (t[e].is_ascii_alphanumeric() || t[e] == b'-' || t[e] == b'.') {
        if t[e] == b'.' {
            last_dot = Some(e);
        }
        e += 1;
    }
    let Some(dot) = last_dot else { return false };
    let domain = &t[at + 1..e];
    let tld = &t[dot + 1..e];
    let tld = if tld.is_empty() {
        // "jan@firma.pl." at a sentence end: the dot before is the last one.
        let d2 = t[at + 1..dot].iter().rposition(|&b| b == b'.');
        match d2 {
            Some(p) => &t[at + 2 + p..dot],
            None => return false,
        }
    } else {
        tld
    };
    let file = [
        "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "css", "js", "json", "xml", "html", "htm", "txt",
        "log", "zip", "map", "woff", "woff2",
    ]
    .iter()
    .any(|e| e.as_bytes().eq_ignore_ascii_case(tld));
    tld.len() >= 2
        && !file
        && tld.iter().all(u8::is_ascii_alphabetic)
        && !domain.eq_ignore_ascii_case(b"scrubline.invalid")
        && !domain.to_ascii_lowercase().ends_with(b".scrubline.invalid")
}

/// `jan.nowak [at] wp [dot] pl`, `(at)`, `{at}`.
fn obfuscated_email_at(t: &[u8], start: usize, end: usize) -> bool {
    let before = &t[start.saturating_sub(64)..start];
    let local = before.iter().rev().take_while(|&&b| b == b' ').count();
    let word = before[..before.len() - local].iter().rev().take_while(|&&b| is_local_byte(b)).count();
    if word < 2 {
        return false;
    }
    let after = &t[end..(end + 80).min(t.len())];
    let after = after.strip_prefix(b" ").unwrap_or(after);
    let dom = after.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
    if dom < 2 {
        return false;
    }
    let rest = &after[dom..];
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let lower = rest.to_ascii_lowercase();
    lower.starts_with(b"[dot]") || lower.starts_with(b"(dot)") || lower.starts_with(b"{dot}") || lower.starts_with(b".")
}

fn jwt_at(t: &[u8], start: usize) -> bool {
    if &t[start..start + 3] != b"eyJ" || (start > 0 && (t[start - 1].is_ascii_alphanumeric() || t[start - 1] == b'_')) {
        return false;
    }
    let mut e = start;
    let mut dots = 0;
    let mut seg = 0;
    let mut short = false;
    while e < t.len() && (t[e].is_ascii_alphanumeric() || t[e] == b'_' || t[e] == b'-' || t[e] == b'.') {
        if t[e] == b'.' {
            dots += 1;
            short |= seg < 4;
            seg = 0;
        } else {
            seg += 1;
        }
        e += 1;
    }
    dots >= 2 && !short && seg >= 4 && e - start >= 30
}

fn private_key_at(t: &[u8], start: usize) -> bool {
    let line_end = memchr::memchr(b'\n', &t[start..]).map_or(t.len(), |p| start + p);
    let header = &t[start..line_end];
    if !header.to_ascii_uppercase().windows(11).any(|w| w == b"PRIVATE KEY") {
        return false;
    }
    // The block's body: a line of base64 after the header, not the engine's own token.
    let next = &t[(line_end + 1).min(t.len())..];
    let body_line = next.split(|&b| b == b'\n').find(|l| !l.iter().all(u8::is_ascii_whitespace));
    body_line.is_some_and(|l| {
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        l.len() >= 16 && l.iter().all(|&b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
    })
}

/// `scheme://user:password@host`: the password is not one of the engine's tokens.
fn url_password_at(t: &[u8], sep: usize) -> bool {
    let from = sep + 3;
    let limit = (from + 256).min(t.len());
    let Some(at) = t[from..limit].iter().position(|&b| b == b'@' || b == b'/' || b.is_ascii_whitespace()) else {
        return false;
    };
    if t[from + at] != b'@' {
        return false;
    }
    let userinfo = &t[from..from + at];
    let Some(colon) = userinfo.iter().position(|&b| b == b':') else { return false };
    let password = &userinfo[colon + 1..];
    !password.is_empty() && !password.contains(&b'[') && !password.contains(&b'*')
}

fn bearer_at(t: &[u8], end: usize) -> bool {
    let mut s = end;
    while s < t.len() && (t[s] == b' ' || t[s] == b'\t') {
        s += 1;
    }
    if s == end {
        return false;
    }
    let mut e = s;
    while e < t.len() && (t[e].is_ascii_alphanumeric() || b"._~+/=-".contains(&t[e])) {
        e += 1;
    }
    let tok = &t[s..e];
    let has_digit = tok.iter().any(u8::is_ascii_digit);
    let has_alpha = tok.iter().any(u8::is_ascii_alphabetic);
    tok.len() >= 16 && has_digit && has_alpha
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Found {
        use std::sync::OnceLock;
        static D: OnceLock<Detectors> = OnceLock::new();
        D.get_or_init(|| {
            let s = crate::engine::Scrubber::new(&crate::engine::RulePack::embedded_default(), None).unwrap();
            Detectors::for_scrubber(&s)
        })
        .scan(text.as_bytes())
    }

    #[test]
    fn survivors_of_every_kind() {
        let cases: &[(&str, Kind)] = &[
            ("PESEL: 44051401359", Kind::Pesel),
            ("ЕГН 7501010010", Kind::Egn),
            ("NIP 5261040828", Kind::Nip),
            ("NIP: 526-104-08-28", Kind::Nip),
            ("PL5261040828", Kind::Nip),
            ("REGON 012345675", Kind::Regon),
            ("karta 4111 1111 1111 1111", Kind::Card),
            ("4111-1111-1111-1111 on file", Kind::Card),
            ("konto PL61 1090 1014 0000 0712 1981 2874", Kind::Iban),
            ("mail jan.nowak@wp.pl today", Kind::Email),
            ("jan.nowak [at] wp [dot] pl", Kind::Email),
            ("from 81.2.69.142 port 22", Kind::Ip),
            ("rip=2a02:a311:4041:a00::1", Kind::Ip),
            ("auth eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlXzEyMzQ", Kind::Secret),
            ("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n", Kind::Secret),
            ("Authorization: Bearer 8f3a9c2e71b44d0c9e6f", Kind::Secret),
            ("db=postgres://app:S3cr3t@db.example.net/x", Kind::Secret),
        ];
        for (text, kind) in cases {
            assert_eq!(found(text), Some(*kind), "{text}");
        }
    }

    #[test]
    fn anchors_are_found_in_any_ascii_case() {
        for text in [
            "Authorization: bearer 8f3a9c2e71b44d0c9e6f",
            "Authorization: BeArEr 8f3a9c2e71b44d0c9e6f",
            "AUTHORIZATION: BEARER 8f3a9c2e71b44d0c9e6f",
            "db=POSTGRES://app:S3cr3t@db.example.net/x",
        ] {
            assert_eq!(found(text), Some(Kind::Secret), "{text}");
        }
        assert_eq!(found("jan.nowak [AT] wp [dot] pl"), Some(Kind::Email));
    }

    #[test]
    fn what_the_engine_keeps_the_verifier_keeps() {
        for text in [
            "epoch 1741684350 and counter 5261040828",
            "id 44051401359",
            "listen 0.0.0.0:80, 127.0.0.1, 10.128.0.0, 192.168.1.20, 192.0.2.15",
            "version 4.12.0.3 and ~~6.1.7601.2350 and nginx/1.18.0.1 and 1.3.6.1.4.1",
            "[IP:81.2.69.0/24] and [IP:2a02:a311::/48]",
            "fe80::1 and ::1 and 2001:db8::1 and 12:30:45 and 00:1a:2b:3c:4d:5e",
            "blk_-4417203958812263301 and 4111111111111111 alone",
            "[EMAIL] wrote from email.k1.ab12@scrubline.invalid",
            "Bearer [SECRET] and https://[LOGIN]:[SECRET]@host/",
            "-----BEGIN PRIVATE KEY-----\n[SECRET]\n",
            "-----BEGIN CERTIFICATE-----\nMIIC public certificate stays\n",
            "icon@2x and user@host and local@localhost",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
    }
}
