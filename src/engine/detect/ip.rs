//! IP addresses in their written forms: dotted quads (but not versions), IPv6 compressed,
//! bracketed with a port, IPv4-mapped, with a zone id.

use super::{is_word_byte, Scanner, Strength};
use crate::engine::kind::Kind;
use std::net::Ipv6Addr;

/// End of an IPv6 address starting at `start`, zone id included, if one is there.
pub(crate) fn ipv6_end(t: &[u8], start: usize) -> Option<usize> {
    let n = t.len();
    let mut e = start;
    let (mut colons, mut digit) = (0, false);
    while e < n && e - start < 46 && (t[e].is_ascii_hexdigit() || t[e] == b':' || t[e] == b'.') {
        colons += (t[e] == b':') as usize;
        digit |= t[e].is_ascii_digit();
        e += 1;
    }
    // Words made of hex letters around `::` ("dead::beef") are code, not addresses.
    if colons < 2 || !digit || (e < n && is_word_byte(t[e])) {
        return None;
    }
    loop {
        let s = std::str::from_utf8(&t[start..e]).ok()?;
        if s != "::" && s.parse::<Ipv6Addr>().is_ok() {
            break;
        }
        // A sentence may end right after an address: drop trailing punctuation only.
        if e - start > 2 && (t[e - 1] == b'.' || t[e - 1] == b':') {
            e -= 1;
        } else {
            return None;
        }
    }
    if t.get(e) == Some(&b'%') && t.get(e + 1).is_some_and(|b| b.is_ascii_alphanumeric()) {
        e += 1;
        while e < n && (is_word_byte(t[e]) || t[e] == b'.' || t[e] == b'-') {
            e += 1;
        }
    }
    Some(e)
}

/// The address part of an IP span as written (brackets and zone id removed).
pub(crate) fn parse_ip(span: &[u8]) -> Option<std::net::IpAddr> {
    let s = std::str::from_utf8(span).ok()?;
    let s = s.trim_start_matches('[').trim_end_matches(']');
    let s = s.split('%').next()?;
    s.parse().ok()
}

impl Scanner<'_> {
    pub(super) fn ipv6_at(&mut self, start: usize) -> Option<usize> {
        let e = ipv6_end(self.t, start)?;
        self.push(start, e, Kind::Ip, Strength::Validated);
        Some(e)
    }

    /// Is the dotted quad at `start` a version number by what is written before it?
    pub(super) fn version_before(&mut self, start: usize) -> bool {
        let t = self.t;
        let mut j = start;
        while j > 0 && start - j < 4 && b" \t=:\"'".contains(&t[j - 1]) {
            j -= 1;
        }
        let end = j;
        while j > 0 && end - j < 24 && (is_word_byte(t[j - 1]) || t[j - 1] >= 0x80) {
            j -= 1;
        }
        if j == end {
            return false;
        }
        let Ok(word) = std::str::from_utf8(&t[j..end]) else {
            return false;
        };
        self.lower.clear();
        self.lower.extend(word.chars().flat_map(char::to_lowercase));
        self.c.versions.contains(self.lower.as_str())
    }
}
