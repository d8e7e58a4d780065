//! JSON: keys are context. A value under `pesel`, `lat` or `imie` is replaced whole, even a
//! number; other strings go through the text engine.
//!
//! The document is rewritten in place, token by token: everything that is not replaced (white
//! space, indentation, key order, number spellings, escapes of unchanged strings, duplicate
//! keys) comes out byte for byte as it went in, so support staff can diff before and after.
//! Two keys of one object that scrub to the same text (`{"jan@a.pl":1,"ewa@b.pl":2}` without a
//! key) are numbered (`[EMAIL]`, `[EMAIL#2]`) so that no value is lost. Nesting deeper than
//! [`MAX_DEPTH`] is an error, not a stack overflow: the lexer keeps its own stack.

use super::StructuredError;
use crate::{FieldContext, Kind, KindCounts, Scratch, Scrubber};

/// The deepest nesting accepted (serde_json's default recursion limit).
pub const MAX_DEPTH: usize = 128;

/// Scrub one JSON document; returns the rewritten document.
pub fn scrub_json(
    s: &Scrubber,
    input: &[u8],
    scratch: &mut Scratch,
    counts: &mut KindCounts,
) -> Result<Vec<u8>, StructuredError> {
    let mut r = Rewriter { s, t: input, i: 0, out: Vec::with_capacity(input.len() + 64), scratch, counts };
    r.document().map_err(|e| StructuredError::Json(e.at(input)))?;
    Ok(r.out)
}

/// A syntax error at a byte offset; shown as line and column (never content).
struct SyntaxError {
    pos: usize,
    what: &'static str,
}

impl SyntaxError {
    fn at(&self, t: &[u8]) -> String {
        let before = &t[..self.pos.min(t.len())];
        let line = memchr::memchr_iter(b'\n', before).count() + 1;
        let col = before.len() - memchr::memrchr(b'\n', before).map_or(0, |p| p + 1) + 1;
        format!("{} at line {line} column {col}", self.what)
    }
}

type Res<T> = Result<T, SyntaxError>;

/// What the enclosing field says about the values below it.
#[derive(Clone, Copy, Default)]
struct Ctx {
    kind: Option<Kind>,
    field: FieldContext,
}

enum Frame {
    Object {
        ctx: Ctx,
        /// Keys of this object that scrubbing changed, as written: a collision gets a number.
        changed_keys: Vec<Vec<u8>>,
    },
    Array {
        ctx: Ctx,
    },
}

struct Rewriter<'a, 'b> {
    s: &'a Scrubber,
    t: &'a [u8],
    i: usize,
    out: Vec<u8>,
    scratch: &'b mut Scratch,
    counts: &'b mut KindCounts,
}

impl Rewriter<'_, '_> {
    fn err<T>(&self, what: &'static str) -> Res<T> {
        Err(SyntaxError { pos: self.i, what })
    }

    /// Copy white space through.
    fn ws(&mut self) {
        let start = self.i;
        while self.i < self.t.len() && matches!(self.t[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
        self.out.extend_from_slice(&self.t[start..self.i]);
    }

    fn document(&mut self) -> Res<()> {
        // A UTF-8 byte-order mark is kept; JSON allows nothing else before the value.
        if self.t.starts_with(b"\xef\xbb\xbf") {
            self.out.extend_from_slice(b"\xef\xbb\xbf");
            self.i = 3;
        }
        self.ws();
        if self.i >= self.t.len() {
            return self.err("empty document");
        }
        let mut stack: Vec<Frame> = Vec::new();
        self.value(&mut stack, Ctx::default())?;
        loop {
            self.ws();
            let Some(top) = stack.last_mut() else { break };
            let Some(&b) = self.t.get(self.i) else { return self.err("unexpected end of document") };
            let in_object = matches!(top, Frame::Object { .. });
            match b {
                b',' => {
                    self.out.push(b',');
                    self.i += 1;
                    self.ws();
                    if in_object {
                        self.member(&mut stack)?;
                    } else {
                        let ctx = match stack.last() {
                            Some(Frame::Array { ctx }) => *ctx,
                            _ => unreachable!("checked above"),
                        };
                        self.value(&mut stack, ctx)?;
                    }
                }
                b'}' if in_object => {
                    self.out.push(b'}');
                    self.i += 1;
                    stack.pop();
                }
                b']' if !in_object => {
                    self.out.push(b']');
                    self.i += 1;
                    stack.pop();
                }
                _ => return self.err("expected `,` or the end of the container"),
            }
        }
        if self.i != self.t.len() {
            return self.err("trailing characters after the document");
        }
        Ok(())
    }

    /// One `"key": value` of the object on top of the stack (white space before it copied).
    fn member(&mut self, stack: &mut Vec<Frame>) -> Res<()> {
        if self.t.get(self.i) != Some(&b'"') {
            return self.err("expected a string key");
        }
        let (start, end, escaped) = self.string_span()?;
        let key = unescape(&self.t[start + 1..end - 1], escaped);
        let Some(Frame::Object { ctx: parent, changed_keys }) = stack.last_mut() else { unreachable!("in an object") };
        // An object under a personal key ({"credentials": {...}}, {"address": {...}}) is
        // personal through and through; a `user` object holds other fields too, which announce
        // themselves, and an object under an identifier's key ({"byPesel": {"<id>": {...}}})
        // holds records indexed by it, not more identifiers.
        let inherited = parent.kind.filter(|k| inherits_into_objects(*k));
        let fc = self.s.field_context(&key);
        let field = FieldContext { kind: fc.kind.or(inherited), ..fc };
        let ctx = Ctx { kind: fc.kind.or(inherited), field };
        let r = self.s.scrub_in_field(key.as_bytes(), self.scratch, FieldContext::default());
        self.counts.add(&r.findings);
        if r.findings.is_empty() {
            self.out.extend_from_slice(&self.t[start..end]);
        } else {
            let mut written = r.text.into_owned();
            let mut n = 1;
            let base = written.clone();
            while changed_keys.contains(&written) {
                n += 1;
                written = numbered(&base, n);
            }
            changed_keys.push(written.clone());
            write_string(&String::from_utf8_lossy(&written), &mut self.out);
        }
        self.i = end;
        self.ws();
        if self.t.get(self.i) != Some(&b':') {
            return self.err("expected `:` after a key");
        }
        self.out.push(b':');
        self.i += 1;
        self.ws();
        self.value(stack, ctx)
    }

    /// A value: scalars are written at once; containers are opened and pushed on the stack.
    fn value(&mut self, stack: &mut Vec<Frame>, ctx: Ctx) -> Res<()> {
        let Some(&b) = self.t.get(self.i) else { return self.err("expected a value") };
        match b {
            b'{' | b'[' => {
                if stack.len() >= MAX_DEPTH {
                    return self.err("nesting deeper than 128");
                }
                self.out.push(b);
                self.i += 1;
                self.ws();
                let close = if b == b'{' { b'}' } else { b']' };
                if self.t.get(self.i) == Some(&close) {
                    self.out.push(close);
                    self.i += 1;
                    return Ok(());
                }
                if b == b'{' {
                    stack.push(Frame::Object { ctx, changed_keys: Vec::new() });
                    self.member(stack)
                } else {
                    stack.push(Frame::Array { ctx });
                    self.value(stack, ctx)
                }
            }
            b'"' => {
                let (start, end, escaped) = self.string_span()?;
                self.i = end;
                let raw = &self.t[start + 1..end - 1];
                let fits = |r: &mut Self| {
                    ctx.kind.is_some() && {
                        let text = unescape(raw, escaped);
                        !text.is_empty()
                            && !r.s.is_own_token(text.as_bytes())
                            && r.s.value_fits(ctx.field, text.as_bytes(), r.scratch)
                    }
                };
                match ctx.kind {
                    Some(kind) if fits(self) => {
                        let text = unescape(raw, escaped);
                        self.replace_whole(kind, text.as_bytes());
                    }
                    Some(_) if self.s.is_own_token(&unescape(raw, escaped).into_bytes()) => {
                        self.out.extend_from_slice(&self.t[start..end]);
                    }
                    _ if !escaped => {
                        let r = self.s.scrub_in_field(raw, self.scratch, FieldContext { kind: None, ..ctx.field });
                        self.counts.add(&r.findings);
                        self.out.push(b'"');
                        if r.findings.is_empty() {
                            self.out.extend_from_slice(raw);
                        } else {
                            // Replacements are ASCII without quotes or backslashes; the rest is
                            // the original, already valid inside a JSON string.
                            self.out.extend_from_slice(&r.text);
                        }
                        self.out.push(b'"');
                    }
                    _ => {
                        let text = unescape(raw, true);
                        let r = self.s.scrub_in_field(
                            text.as_bytes(),
                            self.scratch,
                            FieldContext { kind: None, ..ctx.field },
                        );
                        self.counts.add(&r.findings);
                        if r.findings.is_empty() {
                            self.out.extend_from_slice(&self.t[start..end]);
                        } else {
                            write_string(&String::from_utf8_lossy(&r.text), &mut self.out);
                        }
                    }
                }
                Ok(())
            }
            b'-' | b'0'..=b'9' => {
                let (start, end) = self.number_span()?;
                self.i = end;
                let num = &self.t[start..end];
                match ctx.kind {
                    Some(kind) if self.s.value_fits(ctx.field, num, self.scratch) => self.replace_whole(kind, num),
                    _ => {
                        let r = self.s.scrub_in_field(num, self.scratch, FieldContext { kind: None, ..ctx.field });
                        self.counts.add(&r.findings);
                        if r.findings.is_empty() {
                            self.out.extend_from_slice(num);
                        } else {
                            self.out.push(b'"');
                            self.out.extend_from_slice(&r.text);
                            self.out.push(b'"');
                        }
                    }
                }
                Ok(())
            }
            b't' | b'f' | b'n' => {
                for lit in [&b"true"[..], b"false", b"null"] {
                    if self.t[self.i..].starts_with(lit) {
                        self.out.extend_from_slice(lit);
                        self.i += lit.len();
                        return Ok(());
                    }
                }
                self.err("invalid literal")
            }
            _ => self.err("expected a value"),
        }
    }

    /// A whole value known to be of `kind`, written as a JSON string.
    fn replace_whole(&mut self, kind: Kind, value: &[u8]) {
        self.counts.add_kind(kind, 1);
        let rep = self.s.replace_value(kind, value, self.scratch);
        write_string(&String::from_utf8_lossy(&rep), &mut self.out);
    }

    /// The string starting at `self.i`: (start, end after the closing quote, has escapes).
    fn string_span(&self) -> Res<(usize, usize, bool)> {
        let t = self.t;
        let start = self.i;
        let mut j = start + 1;
        let mut escaped = false;
        loop {
            let Some(off) = memchr::memchr3(b'"', b'\\', b'\n', &t[j.min(t.len())..]) else {
                return Err(SyntaxError { pos: start, what: "unterminated string" });
            };
            j += off;
            match t[j] {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    match t.get(j + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => j += 2,
                        Some(b'u') if t.get(j + 2..j + 6).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) => {
                            j += 6
                        }
                        _ => return Err(SyntaxError { pos: j, what: "invalid escape" }),
                    }
                }
                _ => return Err(SyntaxError { pos: j, what: "line break inside a string" }),
            }
        }
        if let Some(bad) = t[start + 1..j].iter().position(|&b| b < 0x20) {
            return Err(SyntaxError { pos: start + 1 + bad, what: "control character inside a string" });
        }
        if std::str::from_utf8(&t[start + 1..j]).is_err() {
            return Err(SyntaxError { pos: start, what: "invalid UTF-8 inside a string" });
        }
        Ok((start, j + 1, escaped))
    }

    fn number_span(&self) -> Res<(usize, usize)> {
        let t = self.t;
        let start = self.i;
        let mut j = start;
        let digits = |j: &mut usize| {
            let s = *j;
            while *j < t.len() && t[*j].is_ascii_digit() {
                *j += 1;
            }
            *j - s
        };
        if t.get(j) == Some(&b'-') {
            j += 1;
        }
        let int_start = j;
        let n = digits(&mut j);
        if n == 0 || (n > 1 && t[int_start] == b'0') {
            return Err(SyntaxError { pos: start, what: "invalid number" });
        }
        if t.get(j) == Some(&b'.') {
            j += 1;
            if digits(&mut j) == 0 {
                return Err(SyntaxError { pos: start, what: "invalid number" });
            }
        }
        if matches!(t.get(j), Some(b'e' | b'E')) {
            j += 1;
            if matches!(t.get(j), Some(b'+' | b'-')) {
                j += 1;
            }
            if digits(&mut j) == 0 {
                return Err(SyntaxError { pos: start, what: "invalid number" });
            }
        }
        Ok((start, j))
    }
}

fn inherits_into_objects(k: Kind) -> bool {
    matches!(k, Kind::Secret | Kind::Address | Kind::Geo | Kind::Name | Kind::Phone | Kind::Email)
}

/// `[EMAIL]` → `[EMAIL#2]`: the number goes inside the last token, so the key still reads as
/// the engine's own token; a key without one gets it appended.
fn numbered(key: &[u8], n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(key.len() + 4);
    match key.iter().rposition(|&b| b == b']') {
        Some(p) => {
            out.extend_from_slice(&key[..p]);
            out.extend_from_slice(format!("#{n}").as_bytes());
            out.extend_from_slice(&key[p..]);
        }
        None => {
            out.extend_from_slice(key);
            out.extend_from_slice(format!("#{n}").as_bytes());
        }
    }
    out
}

/// The text of a JSON string's contents (validated by `string_span`).
fn unescape(raw: &[u8], escaped: bool) -> String {
    let s = std::str::from_utf8(raw).unwrap_or_default();
    if !escaped {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let unit = u16::from_str_radix(&hex, 16).unwrap_or(0xfffd);
                if (0xd800..0xdc00).contains(&unit) {
                    // A surrogate pair: the low half follows as another \uXXXX.
                    let rest = chars.as_str();
                    let low = rest
                        .strip_prefix("\\u")
                        .and_then(|r| r.get(..4))
                        .and_then(|h| u16::from_str_radix(h, 16).ok())
                        .filter(|l| (0xdc00..0xe000).contains(l));
                    match low {
                        Some(l) => {
                            let cp = 0x10000 + (((unit as u32) - 0xd800) << 10) + (l as u32 - 0xdc00);
                            out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                            chars = rest[6..].chars();
                        }
                        None => out.push('\u{fffd}'),
                    }
                } else {
                    out.push(char::from_u32(unit as u32).unwrap_or('\u{fffd}'));
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Write `text` as a JSON string.
fn write_string(text: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    for c in text.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes()),
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RulePack;

    fn run(input: &str) -> String {
        let s = Scrubber::new(&RulePack::embedded_default(), None).unwrap();
        let mut c = KindCounts::default();
        String::from_utf8(scrub_json(&s, input.as_bytes(), &mut Scratch::default(), &mut c).unwrap()).unwrap()
    }

    fn error(input: &str) -> String {
        let s = Scrubber::new(&RulePack::embedded_default(), None).unwrap();
        scrub_json(&s, input.as_bytes(), &mut Scratch::default(), &mut KindCounts::default()).unwrap_err().to_string()
    }

    #[test]
    fn field_names_make_values_personal_even_numbers() {
        let out = run(r#"{"pesel": 12345678901, "lat": 52.1, "lon": 21.0, "imie": "Xawery", "code": "E1042", "n": 3}"#);
        assert_eq!(
            out,
            r#"{"pesel": "[PESEL]", "lat": "[GEO]", "lon": "[GEO]", "imie": "[NAME]", "code": "E1042", "n": 3}"#
        );
    }

    #[test]
    fn free_text_values_and_nested_objects() {
        let out = run(
            r#"{"note": "PESEL 44051401359 from 81.2.69.142", "credentials": {"x": "abc"}, "list": ["jan@example.com"]}"#,
        );
        assert_eq!(
            out,
            r#"{"note": "PESEL [PESEL] from [IP:81.2.69.0/24]", "credentials": {"x": "[SECRET]"}, "list": ["[EMAIL]"]}"#
        );
    }

    #[test]
    fn layout_is_kept_byte_for_byte() {
        let input = "{\n  \"app\": {\n    \"version\": \"4.12.0.3\",\n    \"ratio\": 1.50e3,\n    \"escaped\": \"a\\/b\"\n  },\n  \"z\": [ 1, 2 ],\n  \"a\": null\n}\n";
        assert_eq!(run(input), input);
    }

    #[test]
    fn colliding_keys_are_numbered_and_every_value_kept() {
        assert_eq!(run(r#"{"jan@a.pl":1,"ewa@b.pl":2}"#), r#"{"[EMAIL]":1,"[EMAIL#2]":2}"#);
        let out = run(r#"{"users":{"Jan Kowalski":{"id":1},"Anna Nowak":{"id":2}}}"#);
        assert_eq!(out, r#"{"users":{"[NAME]":{"id":1},"[NAME#2]":{"id":2}}}"#);
    }

    #[test]
    fn escaped_strings_are_read_through_their_escapes() {
        let out = run(r#"{"note": "mail jan\u002enowak\u0040wp.pl \"quoted\""}"#);
        assert_eq!(out, r#"{"note": "mail [EMAIL] \"quoted\""}"#);
    }

    #[test]
    fn invalid_documents_are_errors_with_positions() {
        assert!(error("{\"a\": 1,}").contains("line 1 column 9"), "{}", error("{\"a\": 1,}"));
        assert!(error("{\"a\" 1}").contains("expected `:`"));
        assert!(error("[1, 2").contains("end of document"));
        assert!(error("01").contains("invalid number"));
        assert!(error("{} x").contains("trailing"));
        assert!(error("").contains("empty"));
    }

    #[test]
    fn hostile_depth_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(error(&deep).contains("deeper than 128"));
    }
}
