//! E-mail addresses wherever they hide: plain, `<…>`, `mailto:`, URL-encoded (`%40`), with a
//! display name in front (quoted or not), and `scheme://user:password@host` credentials.

use super::{byte_table, own_token_len, Scanner, Strength};
use crate::kind::Kind;
use memchr::{memchr_iter, memmem};

// Non-ASCII bytes count as address characters: internationalised addresses (RFC 6531) put
// UTF-8 letters in both parts, and the scan stops on ASCII, so spans stay on char boundaries.
fn is_local(b: u8) -> bool {
    BYTES[b as usize] & LOCAL != 0
}

fn is_domain(b: u8) -> bool {
    BYTES[b as usize] & DOMAIN != 0
}

// What each byte can be, as a table: the scans around each `@` test every byte they pass.
const LOCAL: u8 = 1;
const DOMAIN: u8 = 2;
/// Ends a URL's `user:password` going back from its `@`.
const URL_STOP: u8 = 4;
/// Ends a display name going back from its `<`.
const NAME_STOP: u8 = 8;

static BYTES: [u8; 256] = byte_table!(|b| {
    let alnum_or_high = b.is_ascii_alphanumeric() || b >= 0x80;
    let mut class = 0;
    if alnum_or_high || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-' | b'\'') {
        class |= LOCAL;
    }
    if alnum_or_high || matches!(b, b'-' | b'.') {
        class |= DOMAIN;
    }
    if matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'"' | b'\'' | b'<' | b'>' | b'@') {
        class |= URL_STOP;
    }
    if matches!(b, b':' | b',' | b';' | b'<' | b'>' | b'\n' | b'\r' | b'\t' | b'"') {
        class |= NAME_STOP;
    }
    class
});

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
    obfuscated(s);
}

/// Endings of mail domains, for addresses spelled with the plain words ` at ` and ` dot `.
const COMMON_TLDS: &[&str] = &[
    "pl", "bg", "com", "net", "org", "eu", "de", "uk", "info", "biz", "io", "fm", "ru", "ro", "gr", "cz", "sk", "ua",
    "at", "fr", "it", "es", "nl", "be", "lt", "lv", "ee", "hu", "rs", "mk", "tr", "us", "ca", "co", "me", "tv",
];

/// `jan.nowak [at] wp [dot] pl`, `jan.nowak(at)wp.pl`, `j.nowak at wp dot pl`,
/// `nowak[małpa]poczta.fm`: the address spelled out so that robots miss it.
pub(crate) const AT_MARKERS: &[&str] =
    &["[at]", "(at)", "{at}", "[małpa]", "(małpa)", "[malpa]", "(malpa)", "[@]", "(@)", " at "];
/// Markers in the automaton: the bracketed ones. ` at ` (a common word) is looked for only
/// where ` dot ` is written too.
const BRACKETED: usize = 9;

fn obfuscated(s: &mut Scanner<'_>) {
    const DOT: &[&str] = &["[dot]", "(dot)", "{dot}", "[kropka]", "(kropka)", " dot ", "."];
    let t = s.t;
    // All bracketed markers in one pass (the automaton is built once with the pack).
    let spelled = memmem::find(t, b" dot ").map(|_| memmem::find_iter(t, b" at ").map(|p| (p, AT_MARKERS[BRACKETED])));
    let bracketed = s.c.at_markers.find_iter(t).map(|m| (m.start(), AT_MARKERS[m.pattern().as_usize()]));
    let hits: Vec<(usize, &str)> = bracketed.chain(spelled.into_iter().flatten()).collect();
    for (p, marker) in hits {
        {
            // The local part: address characters right before the marker (one space allowed).
            let mut le = p;
            if le > 0 && t[le - 1] == b' ' && !marker.starts_with(' ') {
                le -= 1;
            }
            let mut ls = le;
            while ls > 0 && le - ls < 64 && is_local(t[ls - 1]) && t[ls - 1] != b'%' {
                ls -= 1;
            }
            while ls < le && t[ls] == b'.' {
                ls += 1;
            }
            if le - ls < 2 || own_token_len(t, ls.saturating_sub(1)).is_some() {
                continue;
            }
            // The domain: labels joined by dot markers, the last one alphabetic.
            let mut j = p + marker.len();
            if t.get(j) == Some(&b' ') && !marker.ends_with(' ') {
                j += 1;
            }
            let mut labels = 0;
            let mut end = j;
            let mut last_alpha = false;
            loop {
                let ls2 = j;
                while j < t.len() && (t[j].is_ascii_alphanumeric() || t[j] == b'-') {
                    j += 1;
                }
                if j == ls2 {
                    break;
                }
                labels += 1;
                end = j;
                last_alpha = t[ls2..j].iter().all(u8::is_ascii_alphabetic) && j - ls2 >= 2;
                let rest = &t[j..];
                let rest_trim = rest.strip_prefix(b" ").unwrap_or(rest);
                let Some(d) = DOT.iter().find(|d| {
                    let d = d.as_bytes();
                    rest.starts_with(d) || (d[0] != b' ' && rest_trim.starts_with(d))
                }) else {
                    break;
                };
                let mut skip = if rest.starts_with(d.as_bytes()) { d.len() } else { d.len() + 1 };
                if t.get(j + skip) == Some(&b' ') && d.len() > 1 {
                    skip += 1;
                }
                if !t.get(j + skip).is_some_and(u8::is_ascii_alphanumeric) {
                    break;
                }
                j += skip;
            }
            // ` at ` and ` dot ` are words too: then the ending must be a mail domain's.
            let tld = &t[end.saturating_sub(4)..end];
            let tld = &tld[tld.iter().rposition(|b| !b.is_ascii_alphabetic()).map_or(0, |p| p + 1)..];
            let known_tld = COMMON_TLDS.iter().any(|x| x.as_bytes().eq_ignore_ascii_case(tld));
            if labels >= 2 && last_alpha && (!marker.starts_with(' ') || known_tld) {
                s.push(ls, end, Kind::Email, Strength::Context);
            }
        }
    }
}

/// Endings that make `name@2x.png` a file name, not an address.
pub(crate) const FILE_ENDINGS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "css", "js", "json", "xml", "html", "htm", "txt", "log",
    "zip", "map", "woff", "woff2",
];

/// Headers whose `<local@host>` names a message, not a mailbox.
pub(crate) const MESSAGE_ID_CUES: &[&str] =
    &["message-id=<", "message-id: <", "message-id:<", "in-reply-to: <", "references: <", "msgid=<"];

fn not_an_address(t: &[u8], ls: usize, domain: &[u8]) -> bool {
    let tld = domain.rsplit(|&b| b == b'.').next().unwrap_or_default();
    if FILE_ENDINGS.iter().any(|e| e.len() == tld.len() && e.as_bytes().eq_ignore_ascii_case(tld)) {
        return true;
    }
    let before = &t[ls.saturating_sub(16)..ls];
    MESSAGE_ID_CUES
        .iter()
        .any(|c| before.len() >= c.len() && before[before.len() - c.len()..].eq_ignore_ascii_case(c.as_bytes()))
}

fn lower_into_ascii(v: &[u8], out: &mut String) {
    out.clear();
    out.extend(v.iter().map(|b| b.to_ascii_lowercase() as char));
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
    // `postmaster@…`, `MAILER-DAEMON@…`, `hdfs@namenode`: a role, not a person; `logo@2x.png`
    // is a file; `message-id=<…@host>` names a message.
    lower_into_ascii(&t[ls..at], s.lower);
    if s.c.system_accounts.contains(s.lower.as_str()) || not_an_address(t, ls, domain) {
        return;
    }
    let tld_ok = domain.iter().rposition(|&b| b == b'.').is_some_and(|dot| {
        let tld = &domain[dot + 1..];
        dot > 0 && tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic)
    });
    if !tld_ok {
        // `jkowalski@ws-042`: a login at a machine (`Object@1b6d3586` is a Java object).
        let hash = domain.iter().all(u8::is_ascii_hexdigit);
        if !domain.is_empty() && domain[0].is_ascii_alphabetic() && t[ls].is_ascii_alphabetic() && !hash {
            s.push(ls, at, Kind::Login, Strength::Heuristic);
        }
        return;
    }
    // The owner's name before the address is pushed first: candidates then come in text
    // order, which the sort in `resolve` takes as one run instead of sorting anew.
    if ls > 0 && t[ls - 1] == b'<' {
        display_name(s, ls - 1);
    } else if ls >= 4 && &t[ls - 4..ls] == b"&lt;" {
        // The same in HTML text.
        display_name(s, ls - 4);
    }
    s.push(ls, de, Kind::Email, Strength::Validated);
}

/// `scheme://user:password@host`: the credentials are a secret (passwords hold any
/// punctuation), the host is not personal.
fn url_credentials(s: &mut Scanner<'_>, at: usize) -> bool {
    let t = s.t;
    let mut us = at;
    let mut colon = false;
    while us > 0 && at - us < 256 && BYTES[t[us - 1] as usize] & URL_STOP == 0 {
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
        while b > 0 && e - b < 96 && BYTES[t[b - 1] as usize] & NAME_STOP == 0 {
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

#[cfg(test)]
mod byte_table_tests {
    use super::*;

    /// The table says for every byte what the byte lists it replaced said.
    #[test]
    fn byte_classes_are_the_listed_bytes() {
        for b in 0..=255u8 {
            assert_eq!(is_local(b), b.is_ascii_alphanumeric() || b"._%+-'".contains(&b) || b >= 0x80, "{b}");
            assert_eq!(is_domain(b), b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b >= 0x80, "{b}");
            assert_eq!(BYTES[b as usize] & URL_STOP != 0, b" \t\r\n/\"'<>@".contains(&b), "{b}");
            assert_eq!(BYTES[b as usize] & NAME_STOP != 0, b":,;<>\n\r\t\"".contains(&b), "{b}");
        }
    }
}
