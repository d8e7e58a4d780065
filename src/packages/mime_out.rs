//! Writing the sanitized message. The structure mirrors the input's (multipart kinds, the order
//! of parts, forwarded messages inline), and the output stays readable: text in 7bit or 8bit
//! where its lines allow, quoted-printable otherwise, base64 only for what is not text; the
//! input's line endings; the original `Date`; no header the input did not have except the
//! MIME ones; nothing about the machine that wrote it. Boundaries are derived from the package
//! id, so the same input gives the same bytes.

use base64::Engine as _;

/// A header value, already scrubbed.
#[derive(Clone, Debug)]
pub enum HeaderValue {
    /// Free text: encoded as RFC 2047 words when not ASCII.
    Text(String),
    /// Mailboxes: (display name, address); the address is ASCII (the engine's tokens).
    Addresses(Vec<(Option<String>, String)>),
    /// Written as it is (ASCII already in header syntax: a date, a message id).
    Raw(String),
}

#[derive(Clone, Debug)]
pub struct Disposition {
    pub inline: bool,
    pub filename: Option<String>,
}

#[derive(Clone, Debug)]
pub enum Body {
    /// Text of `text/<subtype>`; `exact` keeps its bytes (line endings included) as they are,
    /// for attachments, where bodies take the message's line endings.
    Text {
        subtype: String,
        text: String,
        exact: bool,
    },
    /// Anything else, base64.
    Bytes {
        content_type: String,
        bytes: Vec<u8>,
    },
    Message(Box<Entity>),
    Multipart {
        subtype: String,
        params: Vec<(String, String)>,
        parts: Vec<Entity>,
    },
}

#[derive(Clone, Debug)]
pub struct Entity {
    pub headers: Vec<(String, HeaderValue)>,
    pub disposition: Option<Disposition>,
    pub body: Body,
}

pub struct Writer {
    eol: &'static str,
    seed: String,
    boundaries: usize,
}

/// The line ending a raw message uses (its first line's).
pub fn line_ending(raw: &[u8]) -> &'static str {
    match memchr::memchr(b'\n', raw) {
        Some(p) if p > 0 && raw[p - 1] == b'\r' => "\r\n",
        Some(_) => "\n",
        None => "\r\n",
    }
}

impl Writer {
    pub fn new(eol: &'static str, seed: &str) -> Writer {
        Writer { eol, seed: seed.chars().take(16).collect(), boundaries: 0 }
    }

    /// A whole message: the entity's headers, `MIME-Version`, then the body.
    pub fn message(&mut self, e: &Entity) -> Vec<u8> {
        let mut out = Vec::new();
        self.entity(e, true, &mut out);
        out
    }

    fn entity(&mut self, e: &Entity, is_message: bool, out: &mut Vec<u8>) {
        for (name, value) in &e.headers {
            self.header(name, value, out);
        }
        if is_message {
            self.line(out, "MIME-Version: 1.0");
        }
        match &e.body {
            Body::Text { subtype, text, exact } => {
                let (cte, encoded) = self.encode_text(text, *exact);
                self.content_type(out, &format!("text/{subtype}"), &[("charset", "utf-8")], e.disposition.as_ref());
                self.disposition(out, e.disposition.as_ref());
                self.line(out, &format!("Content-Transfer-Encoding: {cte}"));
                out.extend_from_slice(self.eol.as_bytes());
                out.extend_from_slice(&encoded);
            }
            Body::Bytes { content_type, bytes } => {
                self.content_type(out, content_type, &[], e.disposition.as_ref());
                self.disposition(out, e.disposition.as_ref());
                self.line(out, "Content-Transfer-Encoding: base64");
                out.extend_from_slice(self.eol.as_bytes());
                let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
                for chunk in b64.as_bytes().chunks(76) {
                    out.extend_from_slice(chunk);
                    out.extend_from_slice(self.eol.as_bytes());
                }
            }
            Body::Message(inner) => {
                let mut body = Vec::new();
                self.entity(inner, true, &mut body);
                self.content_type(out, "message/rfc822", &[], e.disposition.as_ref());
                self.disposition(out, e.disposition.as_ref());
                if !body.is_ascii() {
                    self.line(out, "Content-Transfer-Encoding: 8bit");
                }
                out.extend_from_slice(self.eol.as_bytes());
                out.extend_from_slice(&body);
            }
            Body::Multipart { subtype, params, parts } => {
                let rendered: Vec<Vec<u8>> = parts
                    .iter()
                    .map(|p| {
                        let mut b = Vec::new();
                        self.entity(p, false, &mut b);
                        b
                    })
                    .collect();
                let boundary = self.boundary(&rendered);
                let mut ps: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                ps.push(("boundary", &boundary));
                self.content_type(out, &format!("multipart/{subtype}"), &ps, None);
                if rendered.iter().any(|r| !r.is_ascii()) {
                    self.line(out, "Content-Transfer-Encoding: 8bit");
                }
                out.extend_from_slice(self.eol.as_bytes());
                for r in &rendered {
                    self.line(out, &format!("--{boundary}"));
                    out.extend_from_slice(r);
                    // The line break before a boundary belongs to the boundary (RFC 2046).
                    out.extend_from_slice(self.eol.as_bytes());
                }
                self.line(out, &format!("--{boundary}--"));
            }
        }
    }

    fn boundary(&mut self, parts: &[Vec<u8>]) -> String {
        loop {
            self.boundaries += 1;
            let b = format!("=_scrubline_{}_{}", self.seed, self.boundaries);
            if !parts.iter().any(|p| memchr::memmem::find(p, b.as_bytes()).is_some()) {
                return b;
            }
        }
    }

    fn line(&self, out: &mut Vec<u8>, s: &str) {
        out.extend_from_slice(s.as_bytes());
        out.extend_from_slice(self.eol.as_bytes());
    }

    fn content_type(&self, out: &mut Vec<u8>, ctype: &str, params: &[(&str, &str)], d: Option<&Disposition>) {
        let mut s = format!("Content-Type: {ctype}");
        for (k, v) in params {
            s.push(';');
            s.push_str(&self.fold_point());
            s.push_str(&param(k, v));
        }
        // Outlook reads the file name from Content-Type's `name` too.
        if let Some(name) = d.and_then(|d| d.filename.as_deref()) {
            s.push(';');
            s.push_str(&self.fold_point());
            s.push_str(&param("name", name));
        }
        self.line(out, &s);
    }

    fn disposition(&self, out: &mut Vec<u8>, d: Option<&Disposition>) {
        let Some(d) = d else { return };
        let mut s = format!("Content-Disposition: {}", if d.inline { "inline" } else { "attachment" });
        if let Some(name) = &d.filename {
            s.push(';');
            s.push_str(&self.fold_point());
            s.push_str(&param("filename", name));
        }
        self.line(out, &s);
    }

    fn fold_point(&self) -> String {
        format!("{} ", self.eol)
    }

    fn header(&self, name: &str, value: &HeaderValue, out: &mut Vec<u8>) {
        let text = match value {
            HeaderValue::Raw(v) => v.clone(),
            HeaderValue::Text(v) => encode_words(v, name.len() + 2, self.eol),
            HeaderValue::Addresses(list) => list
                .iter()
                .map(|(display, addr)| match display {
                    Some(d) if !d.is_empty() => format!("{} <{addr}>", display_name(d, self.eol)),
                    _ => addr.clone(),
                })
                .collect::<Vec<_>>()
                .join(&format!(",{}", self.fold_point())),
        };
        self.line(out, &format!("{name}: {text}"));
    }

    /// 7bit or 8bit when every line fits and the line endings are the message's (or may become
    /// them), quoted-printable otherwise. Returns the encoding's name and the encoded body.
    fn encode_text(&self, text: &str, exact: bool) -> (&'static str, Vec<u8>) {
        let bytes = text.as_bytes();
        let long_line = bytes.split(|&b| b == b'\n').any(|l| l.len() > 900);
        let bare_cr = bytes.iter().enumerate().any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        let crlf = memchr::memmem::find(bytes, b"\r\n").is_some();
        let lf_only = bytes.iter().enumerate().any(|(i, &b)| b == b'\n' && (i == 0 || bytes[i - 1] != b'\r'));
        let endings_differ = if self.eol == "\r\n" { lf_only } else { crlf };
        let nul = memchr::memchr(0, bytes).is_some();
        if exact && endings_differ && self.eol == "\r\n" {
            // Quoted-printable cannot carry a bare LF in a CRLF message.
            let mut b64 = Vec::new();
            for chunk in base64::engine::general_purpose::STANDARD.encode(bytes).as_bytes().chunks(76) {
                b64.extend_from_slice(chunk);
                b64.extend_from_slice(self.eol.as_bytes());
            }
            return ("base64", b64);
        }
        if long_line || bare_cr || nul || (exact && endings_differ) {
            return ("quoted-printable", quoted_printable(bytes, self.eol));
        }
        let mut out = Vec::with_capacity(bytes.len() + 2);
        for line in text.split_inclusive('\n') {
            let body = line.strip_suffix('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
            match body {
                Some(b) => {
                    out.extend_from_slice(b.as_bytes());
                    out.extend_from_slice(self.eol.as_bytes());
                }
                None => {
                    out.extend_from_slice(line.as_bytes());
                    out.extend_from_slice(self.eol.as_bytes());
                }
            }
        }
        (if text.is_ascii() { "7bit" } else { "8bit" }, out)
    }
}

/// `name="value"`, or RFC 2231 `name*=utf-8''…` when the value is not plain ASCII.
fn param(name: &str, value: &str) -> String {
    let plain = value.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\');
    if plain {
        format!("{name}=\"{value}\"")
    } else {
        let mut enc = String::new();
        for b in value.bytes() {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                enc.push(b as char);
            } else {
                enc.push_str(&format!("%{b:02X}"));
            }
        }
        format!("{name}*=utf-8''{enc}")
    }
}

/// A display name: as it is when it is plain words, quoted when it holds specials, encoded
/// words when it is not ASCII.
fn display_name(d: &str, eol: &str) -> String {
    if !d.is_ascii() {
        return encode_words(d, 0, eol);
    }
    if d.bytes().all(|b| b.is_ascii_alphanumeric() || b" !#$%&'*+-/=?^_`{|}~".contains(&b)) {
        d.to_string()
    } else {
        format!("\"{}\"", d.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// RFC 2047 `=?utf-8?B?…?=` words for text that is not ASCII (each at most 75 characters, cut
/// on character boundaries); ASCII text is folded at spaces to keep lines short.
fn encode_words(text: &str, first_line_used: usize, eol: &str) -> String {
    let text: String = text.chars().map(|c| if c == '\r' || c == '\n' { ' ' } else { c }).collect();
    if text.is_ascii() && !text.contains("=?") {
        return fold_ascii(&text, first_line_used, eol);
    }
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        // 45 bytes of text make 60 of base64: with the wrapper, 72 characters.
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| format!("=?utf-8?B?{}?=", base64::engine::general_purpose::STANDARD.encode(w)))
        .collect::<Vec<_>>()
        .join(&format!("{eol} "))
}

fn fold_ascii(text: &str, first_line_used: usize, eol: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line = first_line_used;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            if line + 1 + word.len() > 76 && line > 0 {
                out.push_str(eol);
                out.push(' ');
                line = 1;
            } else {
                out.push(' ');
                line += 1;
            }
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

/// Quoted-printable (RFC 2045): hard line breaks where the text has `\n` (a CR before it is
/// kept as `=0D` when the message's line ending is LF, dropped into the break otherwise),
/// soft breaks before 76 characters.
fn quoted_printable(bytes: &[u8], eol: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() * 11 / 10 + 8);
    let mut col = 0;
    let mut i = 0;
    let soft = |out: &mut Vec<u8>, col: &mut usize| {
        out.push(b'=');
        out.extend_from_slice(eol.as_bytes());
        *col = 0;
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) == Some(&b'\n') && eol == "\r\n") {
            if b == b'\r' {
                i += 1;
            }
            out.extend_from_slice(eol.as_bytes());
            col = 0;
            i += 1;
            continue;
        }
        let at_line_end = matches!(bytes.get(i + 1), None | Some(b'\n') | Some(b'\r'));
        let literal = (b' '..=b'~').contains(&b) && b != b'=' && !((b == b' ' || b == b'\t') && at_line_end)
            || (b == b'\t' && !at_line_end);
        let width = if literal { 1 } else { 3 };
        if col + width > 75 {
            soft(&mut out, &mut col);
        }
        if literal {
            out.push(b);
        } else {
            out.extend_from_slice(format!("={b:02X}").as_bytes());
        }
        col += width;
        i += 1;
    }
    if !bytes.ends_with(b"\n") {
        out.extend_from_slice(eol.as_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::{MessageParser, MimeHeaders};

    fn sample() -> Entity {
        Entity {
            headers: vec![
                (
                    "From".into(),
                    HeaderValue::Addresses(vec![(Some("Łukasz [NAME]".into()), "name.k1.ab@scrubline.invalid".into())]),
                ),
                ("Subject".into(), HeaderValue::Text("Zgłoszenie nr 12345: błąd wysyłki ZC415 — pilne".into())),
                ("Date".into(), HeaderValue::Raw("Tue, 11 Mar 2025 09:12:30 +0100".into())),
            ],
            disposition: None,
            body: Body::Multipart {
                subtype: "mixed".into(),
                params: vec![],
                parts: vec![
                    Entity {
                        headers: vec![],
                        disposition: None,
                        body: Body::Text {
                            subtype: "plain".into(),
                            text: "Dzień dobry,\nw załączniku log.\n".into(),
                            exact: false,
                        },
                    },
                    Entity {
                        headers: vec![],
                        disposition: Some(Disposition {
                            inline: false, filename: Some("dziennik_błędów.log".into())
                        }),
                        body: Body::Text { subtype: "plain".into(), text: "a\r\nb\r\n".into(), exact: true },
                    },
                    Entity {
                        headers: vec![],
                        disposition: Some(Disposition { inline: false, filename: Some("fwd.eml".into()) }),
                        body: Body::Message(Box::new(Entity {
                            headers: vec![("Subject".into(), HeaderValue::Text("inner".into()))],
                            disposition: None,
                            body: Body::Text { subtype: "plain".into(), text: "inner body\n".into(), exact: false },
                        })),
                    },
                ],
            },
        }
    }

    #[test]
    fn output_parses_back_to_what_went_in() {
        let raw = Writer::new("\n", "0123456789abcdef").message(&sample());
        assert!(!raw.windows(2).any(|w| w == b"\r\n"), "LF message stays LF");
        let text = String::from_utf8(raw.clone()).unwrap();
        assert!(text.contains("Content-Transfer-Encoding: 8bit"), "{text}");
        assert!(text.contains("Date: Tue, 11 Mar 2025 09:12:30 +0100\n"));
        assert!(!text.contains("Message-ID"), "no header the input did not have");
        let m = MessageParser::default().parse(&raw).unwrap();
        assert_eq!(m.subject(), Some("Zgłoszenie nr 12345: błąd wysyłki ZC415 — pilne"));
        assert_eq!(m.from().unwrap().first().unwrap().name(), Some("Łukasz [NAME]"));
        assert_eq!(m.body_text(0).unwrap(), "Dzień dobry,\nw załączniku log.\n");
        let att: Vec<_> = m.attachments().collect();
        assert_eq!(att[0].attachment_name(), Some("dziennik_błędów.log"));
        assert_eq!(att[0].contents(), b"a\r\nb\r\n", "exact bytes kept through quoted-printable");
        match &att[1].body {
            mail_parser::PartType::Message(inner) => assert_eq!(inner.subject(), Some("inner")),
            other => panic!("forwarded message not parsed as one: {other:?}"),
        }
        let again = Writer::new("\n", "0123456789abcdef").message(&sample());
        assert_eq!(raw, again, "deterministic");
    }

    #[test]
    fn quoted_printable_round_trips() {
        let text = "x".repeat(200) + " trailing \nżółw=1\r\nend";
        let enc = quoted_printable(text.as_bytes(), "\n");
        assert!(enc.split(|&b| b == b'\n').all(|l| l.len() <= 76));
        let dec = mail_parser::decoders::quoted_printable::quoted_printable_decode(&enc).unwrap();
        assert_eq!(String::from_utf8(dec).unwrap().trim_end_matches('\n'), text);
    }
}
