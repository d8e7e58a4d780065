//! E-mail addresses wherever they hide: plain, `<…>`, `mailto:`, URL-encoded (`%40`), with a
//! display name in front (quoted or not), and `scheme://user:password@host` credentials.

use super::{own_token_len, Scanner, Strength};
use crate::engine::kind::Kind;
use memchr::{memchr_iter, memmem};

// Non-ASCII bytes count as address characters: internationalised addresses (RFC 6531) put
// UTF-8 letters in both parts, and the scan stops on ASCII, so spans stay on char boundaries.
fn is_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"._%+-'".contains(&b) || b >= 0x80
}

fn is_domain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b >= 0x80
}

pub(super) fn scan(s: &mut Scanner<'_>) {
    let t = s.t;
    for at in memchr_iter(b'@', t) {
        at_sign(s, at, at + 1);
    }
    if memchr::memchr(b'%', t).is_some() {
        for p in memmem::find_iter(t, b"%40") {
            at_sign(s, p, p + 3);
        }
    }
}

fn at_sign(s: &mut Scanner<'_>, at: usize, domain_start: usize) {
    let t = s.t;
    let n = t.len();
    if url_credentials(s, at) {
        return;
    }
    let mut ls = at;
    while ls > 0 && at - ls < 64 && is_local(t[ls - 1]) {
        ls -= 1;
    }
    // `mailto:` and `%3C` (an encoded `<`) are not part of the address.
    if at - ls > 3 && t[ls..at].starts_with(b"%3C") {
        ls += 3;
    }
    while ls < at && t[ls] == b'.' {
        ls += 1;
    }
    let mut de = domain_start;
    while de < n && de - domain_start < 255 && is_domain(t[de]) {
        de += 1;
    }
    while de > domain_start && (t[de - 1] == b'.' || t[de - 1] == b'-') {
        de -= 1;
    }
    let domain = &t[domain_start..de];
    if ls == at || own_token_len(t, ls.saturating_sub(1)).is_some() {
        return;
    }
    let tld_ok = domain.iter().rposition(|&b| b == b'.').is_some_and(|dot| {
        let tld = &domain[dot + 1..];
        dot > 0 && tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic)
    });
    if !tld_ok {
        // `jkowalski@ws-042`: a login at a machine.
        if !domain.is_empty() && domain[0].is_ascii_alphabetic() && t[ls].is_ascii_alphabetic() {
            s.push(ls, at, Kind::Login, Strength::Heuristic);
        }
        return;
    }
    s.push(ls, de, Kind::Email, Strength::Validated);
    if ls > 0 && t[ls - 1] == b'<' {
        display_name(s, ls - 1);
    } else if ls >= 4 && &t[ls - 4..ls] == b"&lt;" {
        // The same in HTML text.
        display_name(s, ls - 4);
    }
}

/// `scheme://user:password@host`: the credentials are a secret (passwords hold any
/// punctuation), the host is not personal.
fn url_credentials(s: &mut Scanner<'_>, at: usize) -> bool {
    let t = s.t;
    let mut us = at;
    let mut colon = false;
    while us > 0 && at - us < 256 && !b" \t\r\n/\"'<>@".contains(&t[us - 1]) {
        colon |= t[us - 1] == b':';
        us -= 1;
    }
    if colon && us >= 3 && &t[us - 3..us] == b"://" {
        s.push(us, at, Kind::Secret, Strength::Validated);
        return true;
    }
    false
}

/// `"Kowalski, Jan" <jan@…>` or `Jan Kowalski <jan@…>`: the words before `<` up to a header
/// colon, a comma or the line start are the owner's name.
fn display_name(s: &mut Scanner<'_>, lt: usize) {
    let t = s.t;
    let mut e = lt;
    while e > 0 && t[e - 1] == b' ' {
        e -= 1;
    }
    if e == 0 {
        return;
    }
    let (start, end) = if t[e - 1] == b'"' {
        let close = e - 1;
        let Some(open) = memchr::memrchr(b'"', &t[close.saturating_sub(128)..close]) else {
            return;
        };
        (close.saturating_sub(128) + open + 1, close)
    } else {
        let mut b = e;
        while b > 0 && e - b < 96 && !b":,;<>\n\r\t\"".contains(&t[b - 1]) {
            b -= 1;
        }
        while b < e && t[b] == b' ' {
            b += 1;
        }
        (b, e)
    };
    let value = &t[start..end];
    // Unquoted, only capitalised words make a display name ("Anna Nowak <…>", not "see <…>").
    let quoted = t.get(end) == Some(&b'"');
    let capitalised =
        || String::from_utf8_lossy(value).split_whitespace().all(|w| w.chars().next().is_some_and(char::is_uppercase));
    if end > start
        && value.iter().any(|b| b.is_ascii_alphabetic() || *b >= 0x80)
        && own_token_len(t, start).is_none()
        && (quoted || capitalised())
    {
        s.push(start, end, Kind::Name, Strength::Context);
    }
}
