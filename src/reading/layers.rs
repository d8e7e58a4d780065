//! The layers a person (or a program) could peel off text: HTML character references,
//! URL-encoding, JSON/JavaScript escapes, base64 runs that decode to text, uuencoded blocks.
//! The verifier peels them all to get more views of the same text; the sanitizer peels the
//! ones it can put back (character references in HTML, uuencoded files, a base64 body whose
//! transfer-encoding header is missing).

use base64::Engine as _;
use std::borrow::Cow;

/// Decode every numeric character reference and the named ones that stand for ASCII.
pub fn html_unescape(t: &[u8]) -> Cow<'_, [u8]> {
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    let mut copied = 0;
    while let Some(p) = memchr::memchr(b'&', &t[i..]) {
        let amp = i + p;
        let Some((ch, len)) = char_ref(&t[amp..]) else {
            i = amp + 1;
            continue;
        };
        let o = out.get_or_insert_with(|| Vec::with_capacity(t.len()));
        o.extend_from_slice(&t[copied..amp]);
        let mut buf = [0u8; 4];
        o.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        i = amp + len;
        copied = i;
    }
    match out {
        Some(mut o) => {
            o.extend_from_slice(&t[copied..]);
            Cow::Owned(o)
        }
        None => Cow::Borrowed(t),
    }
}

pub use crate::engine::html_char_ref as char_ref;

/// `%40` → `@`, `+` left alone (a space only in forms, and not needed to see a value).
pub fn percent_decode(t: &[u8]) -> Cow<'_, [u8]> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < t.len() {
        if t[i] == b'%' && i + 2 < t.len() {
            if let (Some(h), Some(l)) = (hex(t[i + 1]), hex(t[i + 2])) {
                let o = out.get_or_insert_with(|| t[..i].to_vec());
                o.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        if let Some(o) = out.as_mut() {
            o.push(t[i]);
        }
        i += 1;
    }
    out.map_or(Cow::Borrowed(t), Cow::Owned)
}

/// `\u0040`, `\x40`, `\/`, `\.` → the character (JSON, JavaScript, C# and regex escapes).
pub fn backslash_unescape(t: &[u8]) -> Cow<'_, [u8]> {
    let hexval = |s: &[u8]| std::str::from_utf8(s).ok().and_then(|h| u32::from_str_radix(h, 16).ok());
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < t.len() {
        if t[i] == b'\\' && i + 1 < t.len() {
            let (ch, len) = match t[i + 1] {
                b'u' if i + 6 <= t.len() => (hexval(&t[i + 2..i + 6]).and_then(char::from_u32), 6),
                b'x' if i + 4 <= t.len() => (hexval(&t[i + 2..i + 4]).and_then(char::from_u32), 4),
                b'/' | b'.' | b'@' | b'-' | b'"' | b'\'' => (Some(t[i + 1] as char), 2),
                _ => (None, 1),
            };
            if let Some(c) = ch {
                let o = out.get_or_insert_with(|| t[..i].to_vec());
                let mut buf = [0u8; 4];
                o.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                i += len;
                continue;
            }
        }
        if let Some(o) = out.as_mut() {
            o.push(t[i]);
        }
        i += 1;
    }
    out.map_or(Cow::Borrowed(t), Cow::Owned)
}

/// Shortest base64 run worth decoding (shorter runs are words and ids).
const MIN_BASE64: usize = 24;

/// The base64 alphabets (standard and URL-safe) as a table: one load per byte.
static B64: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'-' || b == b'_';
        i += 1;
    }
    t
};

#[inline]
fn is_b64(b: u8) -> bool {
    B64[b as usize]
}

/// Runs of base64 (standard or URL-safe, line breaks inside allowed) that decode to text.
pub fn base64_runs(t: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if !is_b64(t[i]) {
            i += 1;
            continue;
        }
        // A run long enough to count has its first MIN_BASE64 bytes all base64 or padding
        // (a line break continues a run only after 40 bytes): if the byte it would need last
        // is neither, no run that starts before it is long enough; skip past it.
        let last = i + MIN_BASE64 - 1;
        if last < t.len() {
            if let Some(p) = t[i..=last].iter().rposition(|&b| !(is_b64(b) || b == b'=')) {
                i += p + 1;
                continue;
            }
        }
        let start = i;
        // Count first, copy only a run long and mixed enough to be base64: most runs are
        // ordinary words, and copying each cost more than the rest of the reading.
        let mut len = 0usize;
        let mut has_upper = false;
        let mut has_digit_or_lower = false;
        while i < t.len() {
            let b = t[i];
            if is_b64(b) {
                has_upper |= b.is_ascii_uppercase();
                has_digit_or_lower |= b.is_ascii_lowercase() || b.is_ascii_digit();
                len += 1;
                i += 1;
            } else if b == b'=' {
                // Padding ends a run (`key=value` is no padding: the run before it is short).
                while i < t.len() && t[i] == b'=' {
                    len += 1;
                    i += 1;
                }
                break;
            } else if (b == b'\n' || b == b'\r') && len >= 40 && t.get(i + 1).is_some_and(|&c| is_b64(c) || c == b'\n')
            {
                // MIME-style lines of base64.
                i += 1;
            } else {
                break;
            }
        }
        if len >= MIN_BASE64 && has_upper && has_digit_or_lower {
            let clean: Vec<u8> = t[start..i].iter().copied().filter(|&b| b != b'\n' && b != b'\r').collect();
            if let Some(text) = decode_b64_text(&clean) {
                out.push(text);
            }
        }
        if i == start {
            i += 1;
        }
    }
    out
}

fn decode_b64_text(run: &[u8]) -> Option<Vec<u8>> {
    let trimmed: Vec<u8> = run.iter().copied().filter(|&b| b != b'=').collect();
    let url = trimmed.iter().any(|&b| b == b'-' || b == b'_');
    let engine = if url {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
    } else {
        base64::engine::general_purpose::STANDARD_NO_PAD
    };
    // A run may start mid-word: try the whole run, then with its first characters dropped.
    for skip in 0..4 {
        let mut body = &trimmed[skip.min(trimmed.len())..];
        if body.len() % 4 == 1 {
            body = &body[..body.len() - 1];
        }
        if let Ok(bytes) = engine.decode(body) {
            if looks_textual(&bytes) {
                return Some(bytes);
            }
        }
    }
    None
}

/// Mostly printable UTF-8 (or Latin) text: the decoded run carries words, not key material.
fn looks_textual(b: &[u8]) -> bool {
    if b.len() < 8 {
        return false;
    }
    // Characters, not bytes: Polish and Cyrillic text is multi-byte. A run cut mid-character at
    // either end still reads as text.
    let text = String::from_utf8_lossy(b);
    let (mut good, mut all) = (0usize, 0usize);
    for c in text.chars() {
        all += 1;
        good += (c == '\n' || c == '\r' || c == '\t' || (!c.is_control() && c != char::REPLACEMENT_CHARACTER)) as usize;
    }
    good * 100 >= all * 90
}

/// uuencoded blocks (`begin 644 name` … `end`): each block's line span and decoded bytes.
pub fn uudecode_blocks(t: &[u8]) -> Vec<((usize, usize), Vec<u8>)> {
    let mut blocks = Vec::new();
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&t[from..], b"begin ") {
        let start = from + p;
        from = start + 6;
        if start > 0 && t[start - 1] != b'\n' {
            continue;
        }
        let header_end = memchr::memchr(b'\n', &t[start..]).map_or(t.len(), |q| start + q);
        let header = &t[start + 6..header_end];
        let mode_ok = header.len() > 4 && header[..3].iter().all(|b| (b'0'..=b'7').contains(b)) && header[3] == b' ';
        if !mode_ok {
            continue;
        }
        let mut data = Vec::new();
        let mut pos = header_end + 1;
        let mut closed = false;
        while pos < t.len() {
            let line_end = memchr::memchr(b'\n', &t[pos..]).map_or(t.len(), |q| pos + q);
            let line = t[pos..line_end].strip_suffix(b"\r").unwrap_or(&t[pos..line_end]);
            pos = line_end + 1;
            if line == b"end" {
                closed = true;
                break;
            }
            if line.is_empty() || line == b"`" {
                continue;
            }
            let n = ((line[0].wrapping_sub(32)) & 63) as usize;
            let mut quad = line[1..].chunks(4);
            let mut got = 0;
            for q in &mut quad {
                let v: Vec<u32> =
                    (0..4).map(|k| (q.get(k).copied().unwrap_or(b' ').wrapping_sub(32) & 63) as u32).collect();
                let word = v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3];
                for shift in [16, 8, 0] {
                    if got < n {
                        data.push((word >> shift) as u8);
                        got += 1;
                    }
                }
            }
        }
        if closed {
            blocks.push(((start, pos.min(t.len())), data));
            from = pos.min(t.len());
        }
    }
    blocks
}

/// A whole body that is nothing but base64 (a part whose `Content-Transfer-Encoding` header
/// is missing): its decoded bytes, when they are text.
pub fn base64_body(t: &str) -> Option<Vec<u8>> {
    let trimmed = t.trim();
    if trimmed.len() < 16 || trimmed.contains(' ') {
        return None;
    }
    let lines: Vec<&str> = trimmed.lines().map(str::trim_end).collect();
    let well_formed = lines.iter().all(|l| !l.is_empty() && l.bytes().all(|b| is_b64(b) || b == b'='))
        && lines.iter().rev().skip(1).all(|l| l.len() % 4 == 0 && l.len() >= 40);
    if !well_formed {
        return None;
    }
    let joined: String = lines.concat();
    base64::engine::general_purpose::STANDARD
        .decode(joined.trim_end_matches('=').as_bytes())
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(joined.trim_end_matches('=')))
        .ok()
        .filter(|b| looks_textual(b))
}

/// uuencode `data` as `begin 644 name` … `end` lines.
pub fn uuencode(name: &str, data: &[u8], eol: &str) -> String {
    let enc = |v: u8| if v == 0 { '`' } else { (v + 32) as char };
    let mut out = format!("begin 644 {name}{eol}");
    for line in data.chunks(45) {
        out.push(enc(line.len() as u8));
        for g in line.chunks(3) {
            let b = [g[0], *g.get(1).unwrap_or(&0), *g.get(2).unwrap_or(&0)];
            out.push(enc(b[0] >> 2));
            out.push(enc(((b[0] & 3) << 4) | (b[1] >> 4)));
            out.push(enc(((b[1] & 15) << 2) | (b[2] >> 6)));
            out.push(enc(b[2] & 63));
        }
        out.push_str(eol);
    }
    out.push_str(&format!("`{eol}end{eol}"));
    out
}

/// The file name in a uuencode header (`begin 644 app.log`).
pub fn uuencode_name(block: &[u8]) -> &str {
    let header = block.split(|&b| b == b'\n').next().unwrap_or_default();
    let header = header.strip_suffix(b"\r").unwrap_or(header);
    std::str::from_utf8(header.get(10..).unwrap_or_default()).unwrap_or("file").trim()
}

/// Text written `format=flowed` (RFC 3676) with its soft line breaks joined, so that a value
/// broken over two lines is read whole. `delsp` removes the space before a soft break.
pub fn unflow(t: &str, delsp: bool) -> String {
    let mut out = String::with_capacity(t.len());
    let mut pending = false;
    let mut pending_depth = 0usize;
    for raw in t.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let depth = line.bytes().take_while(|&b| b == b'>').count();
        let mut content = &line[depth..];
        // Space-stuffing: one leading space after the quote marks is not content.
        if content.starts_with(' ') {
            content = &content[1..];
        }
        if pending && depth == pending_depth {
            // Continuation of a soft-broken line.
        } else {
            if pending {
                out.push('\n');
            }
            for _ in 0..depth {
                out.push('>');
            }
            if depth > 0 {
                out.push(' ');
            }
        }
        let soft = content.ends_with(' ') && content != "-- ";
        if soft {
            out.push_str(if delsp { &content[..content.len() - 1] } else { content });
            pending = true;
            pending_depth = depth;
        } else {
            out.push_str(content);
            pending = false;
            if raw.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    out
}

/// RFC 2047 encoded words (`=?utf-8?B?…?=`, `=?iso-8859-2?Q?…?=`) decoded into text, for
/// header blocks that travel as text (`text/rfc822-headers`, delivery reports). Adjacent
/// encoded words separated only by white space join, as the RFC says.
pub fn decode_encoded_words(t: &str) -> Cow<'_, str> {
    if !t.contains("=?") {
        return Cow::Borrowed(t);
    }
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, from) = rest.split_at(start);
        let Some(word) = encoded_word(from) else {
            out.push_str(before);
            out.push_str("=?");
            rest = &from[2..];
            last_was_word = false;
            continue;
        };
        if !(last_was_word && before.chars().all(char::is_whitespace)) {
            out.push_str(before);
        }
        out.push_str(&word.0);
        rest = &from[word.1..];
        last_was_word = true;
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// One encoded word at the start of `t`: its text and its length.
fn encoded_word(t: &str) -> Option<(String, usize)> {
    let inner = &t[2..];
    let q1 = inner.find('?')?;
    let charset = inner[..q1].split('*').next()?;
    let enc = inner.get(q1 + 1..q1 + 2)?;
    if inner.get(q1 + 2..q1 + 3)? != "?" {
        return None;
    }
    let body_start = q1 + 3;
    let body_len = inner[body_start..].find("?=")?;
    let body = &inner[body_start..body_start + body_len];
    if body.contains(char::is_whitespace) || body_len > 1000 {
        return None;
    }
    let bytes = match enc {
        "B" | "b" => base64::engine::general_purpose::STANDARD
            .decode(body.trim_end_matches('='))
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(body.trim_end_matches('=')))
            .ok()?,
        "Q" | "q" => {
            let mut v = Vec::with_capacity(body.len());
            let b = body.as_bytes();
            let mut i = 0;
            while i < b.len() {
                match b[i] {
                    b'_' => v.push(b' '),
                    b'=' if i + 2 < b.len() => {
                        let h =
                            std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())?;
                        v.push(h);
                        i += 2;
                    }
                    c => v.push(c),
                }
                i += 1;
            }
            v
        }
        _ => return None,
    };
    let enc = encoding_rs::Encoding::for_label(charset.as_bytes()).unwrap_or(encoding_rs::UTF_8);
    Some((enc.decode_without_bom_handling(&bytes).0.into_owned(), 2 + body_start + body_len + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_layer_is_peeled() {
        assert_eq!(&*html_unescape(b"jan&#46;nowak&#64;wp&#x2e;pl &commat;x &amp;"), "jan.nowak@wp.pl @x &".as_bytes());
        assert_eq!(&*percent_decode(b"?email=jan.nowak%40wp.pl&x=1"), b"?email=jan.nowak@wp.pl&x=1");
        assert_eq!(&*backslash_unescape(br#""jan\u002enowak\u0040wp.pl""#), br#""jan.nowak@wp.pl""#);
        let uu = b"begin 644 a.txt\n#86)C\n`\nend\n";
        assert_eq!(uudecode_blocks(uu)[0].1, b"abc");
        let round = uuencode("app.log", "PESEL 44051401359 and more text, over one line long to wrap".as_bytes(), "\n");
        assert_eq!(
            uudecode_blocks(round.as_bytes())[0].1,
            b"PESEL 44051401359 and more text, over one line long to wrap"
        );
        assert_eq!(uuencode_name(round.as_bytes()), "app.log");
    }

    #[test]
    fn sanitizer_side_layers() {
        let b64 =
            base64::engine::general_purpose::STANDARD.encode("Dzień dobry, PESEL 44051401359.\nPozdrawiam\n".repeat(3));
        let wrapped: String =
            b64.as_bytes().chunks(76).map(|c| format!("{}\r\n", std::str::from_utf8(c).unwrap())).collect();
        assert_eq!(
            base64_body(&wrapped).unwrap(),
            "Dzień dobry, PESEL 44051401359.\nPozdrawiam\n".repeat(3).as_bytes()
        );
        assert!(base64_body("Just a short note.").is_none());
        assert_eq!(
            unflow("Hello jan.nowak@ \r\nwp.pl and \r\nmore\r\n> quoted \r\n> rest\r\n-- \r\nsig\r\n", false),
            "Hello jan.nowak@ wp.pl and more\n> quoted rest\n-- \nsig\n"
        );
        assert_eq!(
            decode_encoded_words("From: =?iso-8859-2?Q?J=F3zef_=A3=F3d=BCki?= <a@b>, =?utf-8?B?0JjQstCw0L0=?= =?utf-8?B?INCf0LXRgtGA0L7Qsg==?="),
            "From: Józef Łódźki <a@b>, Иван Петров"
        );
        assert_eq!(unflow("PESEL 4405 \r\n1401359\r\n", true), "PESEL 44051401359\n");
    }

    #[test]
    fn key_material_and_words_give_no_views() {
        let binary =
            base64::engine::general_purpose::STANDARD.encode((0..60u8).map(|i| i.wrapping_mul(97)).collect::<Vec<_>>());
        assert!(base64_runs(binary.as_bytes()).is_empty());
    }
}
