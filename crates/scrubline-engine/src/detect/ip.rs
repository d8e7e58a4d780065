//! IP addresses in their written forms: dotted quads (but not versions), IPv6 compressed,
//! bracketed with a port, IPv4-mapped, with a zone id.

use super::{is_word_byte, Scanner, Strength};
use crate::kind::Kind;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Addresses that name no person: unspecified, loopback, link-local, documentation,
/// benchmarking, multicast, broadcast and reserved space, the network and broadcast address of
/// a /24, and (unless the pack says otherwise) private networks.
pub(crate) fn personal_v4(ip: Ipv4Addr, private_personal: bool) -> bool {
    let o = ip.octets();
    let private = ip.is_private() || (o[0] == 100 && (64..128).contains(&o[1]));
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_documentation()
        || ip.is_multicast()
        || ip.is_broadcast()
        || o[0] == 0
        || o[0] >= 240
        || (o[0] == 198 && (o[1] == 18 || o[1] == 19))
        || o[3] == 0
        || o[3] == 255
        || (private && !private_personal))
}

/// IPv6: global unicast (2000::/3) but documentation; unique-local (fc00::/7) when private
/// networks are personal; IPv4-mapped addresses as their IPv4.
pub(crate) fn personal_v6(ip: Ipv6Addr, private_personal: bool) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return personal_v4(v4, private_personal);
    }
    let s = ip.segments();
    let global = (s[0] & 0xe000) == 0x2000 && !(s[0] == 0x2001 && s[1] == 0x0db8);
    let unique_local = (s[0] & 0xfe00) == 0xfc00;
    global || (unique_local && private_personal)
}

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
    // `70-242-75-179` from a host name.
    if s.matches('-').count() == 3 && s.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return s.replace('-', ".").parse().ok();
    }
    s.parse().ok()
}

impl Scanner<'_> {
    /// An IPv6 address at `start`: its end, pushed as a finding when it is personal.
    pub(super) fn ipv6_at(&mut self, start: usize) -> Option<usize> {
        let e = ipv6_end(self.t, start)?;
        let personal = match parse_ip(&self.t[start..e]) {
            Some(std::net::IpAddr::V6(ip)) => personal_v6(ip, self.c.ip_private_personal),
            _ => true,
        };
        if personal {
            self.push(start, e, Kind::Ip, Strength::Validated);
        }
        Some(e)
    }

    /// Is the dotted quad at `start` a version number by what is written before it? A version
    /// word among the words just before it on its line (`wersja 4.12.0.3`, `update to
    /// 1.2.3.4`), a product's dotted name right before it (`CustomsClient.Host 4.12.0.3`), or
    /// a package's separators (`~~6.1.7601.2350`, `nginx/1.18.0.1`).
    pub(super) fn version_before(&mut self, start: usize) -> bool {
        let t = self.t;
        let from = start.saturating_sub(VERSION_WINDOW);
        let line_start = memchr::memrchr2(b'\n', b'\r', &t[from..start]).map_or(from, |p| from + p + 1);
        let w = &t[line_start..start];
        // `nginx/1.18.0.1`: a product's version; ` /76.85.110.192:47291` (Java) is an address.
        if w.ends_with(b"~~") || (w.len() >= 2 && w.ends_with(b"/") && w[w.len() - 2].is_ascii_alphanumeric()) {
            return true;
        }
        if dotted_product_name(w) {
            return true;
        }
        // `Contoso Agent 4.2.0.1`: a product named in capitals, and a number shaped like a
        // version.
        if two_capitalised_words(w) && version_shaped(&t[start..]) {
            return true;
        }
        // The nearest word, or the one before up to three fillers (`update to 1.2.3.4`,
        // `Версията трябва да е 4.11.3.240`); a version word past any other word says nothing
        // (`update from 81.2.69.142`).
        let mut j = w.len();
        for _ in 0..4 {
            while j > 0 && !(is_word_byte(w[j - 1]) || w[j - 1] >= 0x80) {
                j -= 1;
            }
            let end = j;
            while j > 0 && (is_word_byte(w[j - 1]) || w[j - 1] >= 0x80) {
                j -= 1;
            }
            let Ok(word) = std::str::from_utf8(&w[j..end]) else { return false };
            if word.is_empty() {
                return false;
            }
            self.lower.clear();
            super::push_lowercase(word, self.lower);
            if self.c.versions.contains(self.lower.as_str()) {
                return true;
            }
            if VERSION_AFTER.contains(&self.lower.as_str()) && version_shaped(&t[start..]) {
                return true;
            }
            if !VERSION_FILLERS.contains(&self.lower.as_str()) {
                return false;
            }
        }
        false
    }
}

/// Words that announce a version only when the number looks like one (`po 4.12.0.3`, `след
/// 4.12.0.3`): addresses are not written after them often, versions are.
pub(crate) const VERSION_AFTER: &[&str] =
    &["after", "before", "since", "until", "po", "przed", "след", "преди", "после", "до", "do", "to"];

/// Small numbers with a zero among them (`4.12.0.3`, `10.2.0.15`): how versions are written,
/// rarely how a public address looks.
pub(crate) fn version_shaped(t: &[u8]) -> bool {
    let mut octets = [0u32; 4];
    let mut k = 0;
    let mut v = 0u32;
    let mut digits = 0;
    for &b in t.iter().take(16) {
        if b.is_ascii_digit() {
            v = v * 10 + (b - b'0') as u32;
            digits += 1;
        } else if b == b'.' && k < 3 && digits > 0 {
            octets[k] = v;
            k += 1;
            v = 0;
            digits = 0;
        } else {
            break;
        }
    }
    if k != 3 || digits == 0 {
        return false;
    }
    octets[3] = v;
    octets.iter().all(|&o| o < 64) && octets.contains(&0)
}

/// Words between a version word and its number.
pub(crate) const VERSION_FILLERS: &[&str] = &[
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
];

/// How far back, on the same line, a version word makes a dotted quad a version.
pub(crate) const VERSION_WINDOW: usize = 48;

/// `Contoso Agent ` right before the number: two capitalised words of letters.
pub(crate) fn two_capitalised_words(w: &[u8]) -> bool {
    let Some(rest) = w.strip_suffix(b" ") else { return false };
    let mut words = rest.rsplitn(3, |&b| b == b' ');
    let capitalised = |p: Option<&[u8]>| {
        p.is_some_and(|p| {
            p.len() >= 2
                && p[0].is_ascii_uppercase()
                && p[1..].iter().all(u8::is_ascii_alphabetic)
                && p[1..].iter().any(u8::is_ascii_lowercase)
        })
    };
    capitalised(words.next()) && capitalised(words.next())
}

/// `CustomsClient.Host ` right before the number: a dotted name with capitals and no digits
/// in its first part, as .NET assemblies and products are named. Host names are lower case.
fn dotted_product_name(w: &[u8]) -> bool {
    let Some(rest) = w.strip_suffix(b" ") else { return false };
    let start = rest.iter().rposition(|&b| !(is_word_byte(b) || b == b'.')).map_or(0, |p| p + 1);
    let name = &rest[start..];
    name.contains(&b'.')
        && name.first().is_some_and(u8::is_ascii_uppercase)
        && name.split(|&b| b == b'.').all(|p| !p.is_empty() && p[0].is_ascii_uppercase())
}
