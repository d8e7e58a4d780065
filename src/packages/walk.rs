//! Walking one message part by part, keeping its structure: each leaf is read through the
//! one reading path ([`crate::reading`]) and becomes scrubbed text, a sanitized archive, a
//! sanitized forwarded message, or is removed with a reason. Nesting is counted where it
//! really happens (a forwarded message inside a message, an archive inside an archive).

use super::archive;
use super::limits::Limits;
use super::manifest::{counts_map, Manifest, PartAction, PartEntry};
use super::metadata::Extractor;
use super::mime_out::{Body, Disposition, Entity, HeaderValue};
use super::QuarantineReason;
use crate::engine::{pseudonyms_in, Kind, KindCounts, Scratch, Scrubber};
use crate::reading::layers::{base64_body, decode_encoded_words, unflow};
use crate::reading::{charset, classify, safe_file_name, scrub_text, Content, TextFormat};
use mail_parser::{Address, Encoding, Message, MessagePart, MimeHeaders, PartType};

/// Headers the walk writes itself or that only describe MIME structure.
const HANDLED: &[&str] = &[
    "from",
    "to",
    "cc",
    "reply-to",
    "subject",
    "date",
    "message-id",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "content-disposition",
];

pub(super) struct Walk<'a> {
    pub s: &'a Scrubber,
    pub limits: &'a Limits,
    extractor: &'a Extractor,
    pub scratch: Scratch,
    manifest: Manifest,
    totals: KindCounts,
    /// Bytes expanded from archives so far, across the whole package.
    pub expanded: u64,
    parts: usize,
    forwarded: usize,
}

/// What became of one leaf (a text, an archive, an archive member).
pub(super) enum Outcome {
    Keep { bytes: Vec<u8>, counts: KindCounts },
    Remove(String),
}

/// A leaf read through the reading path.
pub(super) enum Piece {
    Text { format: TextFormat, text: String, counts: KindCounts },
    Archive(Vec<u8>),
    Message(Entity),
    Removed(String),
}

impl<'a> Walk<'a> {
    pub fn new(s: &'a Scrubber, limits: &'a Limits, extractor: &'a Extractor) -> Self {
        Walk {
            s,
            limits,
            extractor,
            scratch: Scratch::default(),
            manifest: Manifest::default(),
            totals: KindCounts::default(),
            expanded: 0,
            parts: 0,
            forwarded: 0,
        }
    }

    pub fn finish(mut self) -> Manifest {
        self.manifest.findings = counts_map(&self.totals);
        self.manifest.findings_by_reason = self.totals.reasons(self.s).into_iter().collect();
        self.manifest
    }

    /// Record a part in the manifest and its pseudonyms as data subjects.
    pub fn record(&mut self, path: String, content_type: &str, before: u64, outcome: &Outcome) {
        let (action, after, findings, reason) = match outcome {
            Outcome::Keep { bytes, counts, .. } => {
                self.totals.merge(counts);
                self.manifest.subjects.extend(pseudonyms_in(bytes).map(str::to_string));
                (PartAction::Scrubbed, bytes.len() as u64, counts_map(counts), None)
            }
            Outcome::Remove(reason) => (PartAction::Removed, 0, Default::default(), Some(reason.clone())),
        };
        self.manifest.parts.push(PartEntry {
            path,
            content_type: content_type.to_string(),
            bytes_before: before,
            bytes_after: after,
            findings,
            action,
            reason,
        });
    }

    fn scrub_plain(&mut self, text: &str, counts: &mut KindCounts) -> String {
        let (out, findings) = self.s.scrub_str(text, &mut self.scratch);
        counts.add(&findings);
        out.into_owned()
    }

    /// Parse and sanitize a raw message (the package itself, or a message found inside an
    /// archive or an attachment of another type).
    pub fn raw_message(&mut self, raw: &[u8], depth: usize, prefix: &str) -> Result<Entity, QuarantineReason> {
        if depth > self.limits.max_depth {
            return Err(QuarantineReason::TooDeep { limit: self.limits.max_depth });
        }
        let raw = repair_empty_multiparts(raw);
        let msg = crate::reading::mime::parse(&raw).ok_or(QuarantineReason::NotAMessage)?;
        // mail-parser takes almost any bytes for a message; a real one has standard headers.
        if !msg.root_part().headers.iter().any(|h| !matches!(h.name, mail_parser::HeaderName::Other(_))) {
            return Err(QuarantineReason::NotAMessage);
        }
        self.message(&msg, depth, prefix)
    }

    /// Sanitize a parsed message into an entity with the same structure.
    pub fn message(&mut self, msg: &Message<'_>, depth: usize, prefix: &str) -> Result<Entity, QuarantineReason> {
        if depth > self.limits.max_depth {
            return Err(QuarantineReason::TooDeep { limit: self.limits.max_depth });
        }
        self.parts += msg.parts.len();
        if self.parts > self.limits.max_parts {
            return Err(QuarantineReason::TooManyParts { parts: self.parts, limit: self.limits.max_parts });
        }
        let headers = self.message_headers(msg, prefix);
        let mut naming = Naming::default();
        let body = self.part(msg, 0, depth, prefix, &mut naming)?;
        let mut root = body.unwrap_or_else(|| Entity {
            headers: Vec::new(),
            disposition: None,
            body: Body::Text { subtype: "plain".into(), text: String::new(), exact: false },
        });
        root.headers = headers;
        Ok(root)
    }

    fn message_headers(&mut self, msg: &Message<'_>, prefix: &str) -> Vec<(String, HeaderValue)> {
        let mut out = Vec::new();
        let mut counts = KindCounts::default();
        for (name, value) in [("From", msg.from()), ("To", msg.to()), ("Cc", msg.cc()), ("Reply-To", msg.reply_to())] {
            if let Some(a) = value {
                let list = self.addresses(a, &mut counts);
                if !list.is_empty() {
                    out.push((name.to_string(), HeaderValue::Addresses(list)));
                }
            }
        }
        if let Some(subject) = msg.subject() {
            let clean = self.scrub_plain(subject, &mut counts);
            self.extractor.fill(&mut self.manifest.metadata, clean.as_bytes());
            out.push(("Subject".into(), HeaderValue::Text(clean)));
        }
        let root = msg.root_part();
        if let Some(date) = root.headers.iter().find(|h| h.name.as_str().eq_ignore_ascii_case("date")) {
            // The original spelling, offset included; re-written only if it is not plain ASCII.
            let raw = msg.raw_message.get(date.offset_start as usize..date.offset_end as usize).unwrap_or_default();
            let unfolded: String = String::from_utf8_lossy(raw).split_whitespace().collect::<Vec<_>>().join(" ");
            let ok = !unfolded.is_empty() && unfolded.bytes().all(|b| (0x20..0x7f).contains(&b));
            if ok {
                out.push(("Date".into(), HeaderValue::Raw(unfolded)));
            } else if let Some(d) = msg.date() {
                out.push(("Date".into(), HeaderValue::Raw(d.to_rfc822())));
            }
        }
        if let Some(id) = msg.message_id() {
            out.push((
                "Message-ID".into(),
                HeaderValue::Raw(format!("<{}@scrubline.invalid>", super::package_id(id.as_bytes()))),
            ));
        }
        for h in root.headers.iter() {
            let name = h.name.as_str();
            if HANDLED.iter().any(|k| k.eq_ignore_ascii_case(name)) {
                continue;
            }
            let kept = self.limits.keep_headers.iter().any(|k| header_pattern(k, name));
            match (kept, h.value.as_text()) {
                (true, Some(text)) => {
                    let clean = self.scrub_plain(text, &mut counts);
                    // `X-AP-License: AP-LIC-ZNS6-SKLX`: the header's name is the cue.
                    super::metadata::from_header(&mut self.manifest.metadata, name, &clean);
                    self.extractor.fill(&mut self.manifest.metadata, clean.as_bytes());
                    out.push((name.to_string(), HeaderValue::Text(clean)));
                }
                _ => {
                    // Header names are field names; anything unusual in one is not shown.
                    let plain = name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
                    let shown = if plain { name.to_string() } else { "[HEADER]".to_string() };
                    *self.manifest.dropped_headers.entry(shown).or_default() += 1;
                }
            }
        }
        let outcome = Outcome::Keep { bytes: Vec::new(), counts };
        self.record(format!("{prefix}headers"), "text/rfc822-headers", 0, &outcome);
        out
    }

    /// One part and everything below it; `None` when nothing of it is left.
    fn part(
        &mut self,
        msg: &Message<'_>,
        id: usize,
        depth: usize,
        prefix: &str,
        naming: &mut Naming,
    ) -> Result<Option<Entity>, QuarantineReason> {
        let Some(part) = msg.parts.get(id) else { return Ok(None) };
        let ctype = content_type(part);
        let filename = file_name(msg, part);
        let attachment = filename.is_some()
            || part.content_disposition().is_some_and(|d| d.ctype().eq_ignore_ascii_case("attachment"));
        let disposition = |name: Option<String>| {
            attachment.then_some(Disposition {
                inline: part.content_disposition().is_some_and(|d| d.ctype().eq_ignore_ascii_case("inline")),
                filename: name,
            })
        };
        match &part.body {
            PartType::Multipart(children) => {
                let subtype = part.content_type().and_then(|c| c.subtype()).unwrap_or("mixed").to_ascii_lowercase();
                let mut kept = Vec::with_capacity(children.len());
                for &child in children {
                    if let Some(e) = self.part(msg, child as usize, depth, prefix, naming)? {
                        kept.push(e);
                    }
                }
                if kept.is_empty() {
                    if children.is_empty() {
                        let path = format!("{prefix}multipart-{}", id + 1);
                        self.record(path, &ctype, 0, &Outcome::Remove("empty multipart".into()));
                    }
                    return Ok(None);
                }
                // A signature cannot hold after scrubbing: what was signed goes on as mixed.
                let (subtype, params) = match subtype.as_str() {
                    "signed" | "encrypted" => ("mixed".to_string(), Vec::new()),
                    "report" => {
                        let rt =
                            part.content_type().and_then(|c| c.attribute("report-type")).unwrap_or("delivery-status");
                        ("report".to_string(), vec![("report-type".to_string(), rt.to_ascii_lowercase())])
                    }
                    _ => (subtype, Vec::new()),
                };
                Ok(Some(Entity {
                    headers: Vec::new(),
                    disposition: None,
                    body: Body::Multipart { subtype, params, parts: kept },
                }))
            }
            PartType::Message(nested) => {
                self.forwarded += 1;
                let inner_prefix = format!("{prefix}forwarded[{}]/", self.forwarded);
                let inner = self.message(nested, depth + 1, &inner_prefix)?;
                let name = filename.map(|n| safe_file_name(self.s, &n, &mut self.scratch));
                Ok(Some(Entity {
                    headers: Vec::new(),
                    disposition: disposition(name),
                    body: Body::Message(Box::new(inner)),
                }))
            }
            _ => {
                let safe_name = filename.as_deref().map(|n| safe_file_name(self.s, n, &mut self.scratch));
                let path = match (&safe_name, ctype.as_str()) {
                    (Some(n), _) => format!("{prefix}attachment/{n}"),
                    (None, "text/html") => naming.next(prefix, "body/html"),
                    (None, t) if t.starts_with("text/") => naming.next(prefix, "body/text"),
                    (None, _) => naming.next(prefix, "part"),
                };
                let before = part.len() as u64;
                if part.is_encoding_problem {
                    let why = "content transfer encoding could not be decoded".to_string();
                    self.record(path, &ctype, before, &Outcome::Remove(why));
                    return Ok(None);
                }
                let charset_label = part.content_type().and_then(|c| c.attribute("charset")).map(str::to_string);
                let bytes = transfer_decoded(msg, part);
                let name_for_type = filename.as_deref().unwrap_or("");
                let piece = self.read(name_for_type, &ctype, charset_label.as_deref(), &bytes, part, depth, &path)?;
                let entity = match piece {
                    Piece::Removed(reason) => {
                        self.record(path, &ctype, before, &Outcome::Remove(reason));
                        return Ok(None);
                    }
                    Piece::Text { format, text, counts } => {
                        self.extractor.fill(&mut self.manifest.metadata, text.as_bytes());
                        let subtype = match format {
                            TextFormat::Html => "html",
                            TextFormat::Csv if ctype == "text/csv" => "csv",
                            _ if ctype.starts_with("text/") && !ctype.contains("rfc822-headers") => {
                                ctype.trim_start_matches("text/")
                            }
                            _ => "plain",
                        }
                        .to_string();
                        let outcome = Outcome::Keep { bytes: text.as_bytes().to_vec(), counts };
                        self.record(path, &ctype, before, &outcome);
                        Entity {
                            headers: Vec::new(),
                            disposition: disposition(safe_name),
                            body: Body::Text { subtype, text, exact: attachment },
                        }
                    }
                    Piece::Archive(bytes) => Entity {
                        headers: Vec::new(),
                        disposition: disposition(safe_name).or(Some(Disposition { inline: false, filename: None })),
                        body: Body::Bytes { content_type: "application/zip".into(), bytes },
                    },
                    Piece::Message(inner) => Entity {
                        headers: Vec::new(),
                        disposition: disposition(safe_name),
                        body: Body::Message(Box::new(inner)),
                    },
                };
                Ok(Some(entity))
            }
        }
    }

    /// Read a leaf by what it is. `part` is the MIME part it came from (for its declared
    /// format), if any.
    #[allow(clippy::too_many_arguments)]
    fn read(
        &mut self,
        name: &str,
        ctype: &str,
        charset_label: Option<&str>,
        bytes: &[u8],
        part: &MessagePart<'_>,
        depth: usize,
        path: &str,
    ) -> Result<Piece, QuarantineReason> {
        let content = classify(name, ctype, bytes);
        match content {
            Content::Text(mut format) => {
                let decoded = match charset::decode(bytes, charset_label) {
                    Ok(d) => d.text.into_owned(),
                    Err(why) => return Ok(Piece::Removed(why.to_string())),
                };
                let mut text = decoded;
                // A body that is nothing but base64: its transfer-encoding header was lost.
                if part.encoding == Encoding::None && format == TextFormat::Plain {
                    if let Some(inner) = base64_body(&text) {
                        match classify(name, "", &inner) {
                            Content::Text(f) => match charset::decode(&inner, charset_label) {
                                Ok(d) => {
                                    text = d.text.into_owned();
                                    format = f;
                                }
                                Err(why) => return Ok(Piece::Removed(why.to_string())),
                            },
                            Content::Binary(why) => return Ok(Piece::Removed(why.to_string())),
                            _ => return Ok(Piece::Removed("base64 body without a transfer encoding".into())),
                        }
                    }
                }
                if let Some(ct) = part.content_type() {
                    if ct.attribute("format").is_some_and(|f| f.eq_ignore_ascii_case("flowed")) {
                        let delsp = ct.attribute("delsp").is_some_and(|d| d.eq_ignore_ascii_case("yes"));
                        text = unflow(&text, delsp);
                    }
                }
                if matches!(
                    ctype,
                    "text/rfc822-headers" | "message/delivery-status" | "message/disposition-notification"
                ) {
                    text = decode_encoded_words(&text).into_owned();
                }
                Ok(self.text_piece(format, &text))
            }
            Content::Zip => match archive::sanitize_zip(self, bytes, depth + 1, path)? {
                Outcome::Keep { bytes, .. } => Ok(Piece::Archive(bytes)),
                Outcome::Remove(why) => Ok(Piece::Removed(why)),
            },
            Content::Mail => {
                self.forwarded += 1;
                let prefix = format!("{path}/");
                Ok(Piece::Message(self.raw_message(bytes, depth + 1, &prefix)?))
            }
            Content::Mbox => Ok(Piece::Removed("mail spools inside packages are not opened".into())),
            Content::Binary(why) => Ok(Piece::Removed(why.to_string())),
        }
    }

    fn text_piece(&mut self, format: TextFormat, text: &str) -> Piece {
        match scrub_text(self.s, format, text, &mut self.scratch) {
            Ok(o) => Piece::Text { format, text: o.text, counts: o.counts },
            Err(why) => Piece::Removed(format!("{} does not parse: {why}", format_name(format))),
        }
    }

    /// An archive member, read through the same path as a MIME part (no declared type).
    pub fn member(&mut self, name: &str, bytes: &[u8], depth: usize, path: &str) -> Result<Piece, QuarantineReason> {
        match classify(name, "", bytes) {
            Content::Text(format) => match charset::decode(bytes, None) {
                Ok(d) => Ok(self.text_piece(format, &d.text)),
                Err(why) => Ok(Piece::Removed(why.to_string())),
            },
            Content::Zip => match archive::sanitize_zip(self, bytes, depth + 1, path)? {
                Outcome::Keep { bytes, .. } => Ok(Piece::Archive(bytes)),
                Outcome::Remove(why) => Ok(Piece::Removed(why)),
            },
            Content::Mail => {
                self.forwarded += 1;
                let prefix = format!("{path}/");
                Ok(Piece::Message(self.raw_message(bytes, depth + 1, &prefix)?))
            }
            Content::Mbox => Ok(Piece::Removed("mail spools inside archives are not opened".into())),
            Content::Binary(why) => Ok(Piece::Removed(why.to_string())),
        }
    }

    /// Addresses become pseudonym (or redaction) tokens under `scrubline.invalid`, so the
    /// message stays valid and a reader can still tell senders apart.
    fn addresses(&mut self, a: &Address<'_>, counts: &mut KindCounts) -> Vec<(Option<String>, String)> {
        let list: Vec<&mail_parser::Addr<'_>> = match a {
            Address::List(l) => l.iter().collect(),
            Address::Group(g) => g.iter().flat_map(|g| g.addresses.iter()).collect(),
        };
        list.into_iter()
            .map(|addr| {
                let email = addr.address.as_deref().unwrap_or("");
                let token = if email.is_empty() {
                    "[EMAIL]".to_string()
                } else {
                    counts.add_kind(Kind::Email, 1);
                    String::from_utf8_lossy(&self.s.replace_value(Kind::Email, email.as_bytes(), &mut self.scratch))
                        .into_owned()
                };
                let display = match addr.name.as_deref().filter(|n| !n.trim().is_empty()) {
                    Some(n) => {
                        counts.add_kind(Kind::Name, 1);
                        let t =
                            String::from_utf8_lossy(&self.s.replace_value(Kind::Name, n.as_bytes(), &mut self.scratch))
                                .into_owned();
                        self.manifest.subjects.extend(pseudonyms_in(t.as_bytes()).map(str::to_string));
                        t
                    }
                    None => token.clone(),
                };
                self.manifest.subjects.extend(pseudonyms_in(token.as_bytes()).map(str::to_string));
                let local: String = token
                    .trim_matches(['[', ']'])
                    .to_ascii_lowercase()
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '.' })
                    .collect();
                let local = if local == "email" { "redacted".to_string() } else { local };
                (Some(display), format!("{local}@scrubline.invalid"))
            })
            .collect()
    }
}

/// A multipart whose first delimiter is already the closing one (`--b--`, an empty
/// `multipart/alternative` as some clients write it) makes mail-parser 0.11 read the rest of
/// the message as one undecodable part. An empty first part is inserted so that it parses as
/// what it is; the walk then drops the empty multipart.
fn repair_empty_multiparts(raw: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    use std::sync::OnceLock;
    static BOUNDARY: OnceLock<regex::bytes::Regex> = OnceLock::new();
    let re = BOUNDARY.get_or_init(|| {
        regex::bytes::Regex::new(r#"(?i-u)content-type:\s*multipart/[a-z0-9.+-]+\s*;[^\n]*?(?:\r?\n[ \t][^\n]*?)*?boundary\s*=\s*"?([^";\r\n]+)"?"#)
            .expect("a valid pattern")
    });
    let mut inserts: Vec<(usize, Vec<u8>)> = Vec::new();
    for c in re.captures_iter(raw) {
        let (Some(all), Some(b)) = (c.get(0), c.get(1)) else { continue };
        let mut delim = b"--".to_vec();
        delim.extend_from_slice(b.as_bytes().trim_ascii_end());
        let Some(p) = memchr::memmem::find(&raw[all.end()..], &delim) else { continue };
        let at = all.end() + p;
        if raw[at + delim.len()..].starts_with(b"--") && (at == 0 || raw[at - 1] == b'\n') {
            let eol: &[u8] = if raw[..at].ends_with(b"\r\n") { b"\r\n" } else { b"\n" };
            let mut ins = delim.clone();
            ins.extend_from_slice(eol);
            ins.extend_from_slice(eol);
            inserts.push((at, ins));
        }
    }
    if inserts.is_empty() {
        return std::borrow::Cow::Borrowed(raw);
    }
    // A later header's first delimiter can come before an earlier one's (found by fuzzing:
    // two multipart headers naming one boundary): insert in order, once per place.
    inserts.sort_by_key(|(at, _)| *at);
    inserts.dedup_by_key(|(at, _)| *at);
    let mut out = Vec::with_capacity(raw.len() + 64);
    let mut pos = 0;
    for (at, ins) in inserts {
        out.extend_from_slice(&raw[pos..at]);
        out.extend_from_slice(&ins);
        pos = at;
    }
    out.extend_from_slice(&raw[pos..]);
    std::borrow::Cow::Owned(out)
}

/// Paths of parts without a file name: `body/text`, then `body/text[2]`, …
#[derive(Default)]
struct Naming {
    used: Vec<String>,
}

impl Naming {
    fn next(&mut self, prefix: &str, base: &str) -> String {
        let n = self.used.iter().filter(|u| *u == base).count();
        self.used.push(base.to_string());
        if n == 0 {
            format!("{prefix}{base}")
        } else {
            format!("{prefix}{base}[{}]", n + 1)
        }
    }
}

fn format_name(f: TextFormat) -> &'static str {
    match f {
        TextFormat::Json | TextFormat::Ndjson => "JSON",
        TextFormat::Csv => "CSV",
        TextFormat::Html => "HTML",
        TextFormat::Plain => "text",
    }
}

/// A `keep_headers` entry: a header name, ASCII case ignored, where `*` stands for any run of
/// characters (`X-*-License`).
fn header_pattern(pattern: &str, name: &str) -> bool {
    let (p, n) = (pattern.to_ascii_lowercase(), name.to_ascii_lowercase());
    let mut parts = p.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = n.strip_prefix(first) else { return false };
    let parts: Vec<&str> = parts.collect();
    if parts.is_empty() {
        return rest.is_empty();
    }
    for (i, part) in parts.iter().enumerate() {
        if i == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// `type/subtype` in lower case (`text/plain` when undeclared, as RFC 2045 says).
fn content_type(part: &MessagePart<'_>) -> String {
    part.content_type()
        .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("octet-stream")).to_ascii_lowercase())
        .unwrap_or_else(|| "text/plain".into())
}

/// The part's file name. An 8-bit name that is not UTF-8 (a raw Latin-1 `ö`, as some clients
/// write it) is read from the header's bytes through the reading path instead of being lost
/// to replacement characters.
fn file_name(msg: &Message<'_>, part: &MessagePart<'_>) -> Option<String> {
    let name = part.attachment_name()?;
    if !name.contains('\u{fffd}') && !name.contains("=?") {
        return Some(name.to_string());
    }
    for h in &part.headers {
        let n = h.name.as_str();
        if !(n.eq_ignore_ascii_case("content-disposition") || n.eq_ignore_ascii_case("content-type")) {
            continue;
        }
        let raw = msg.raw_message.get(h.offset_start as usize..h.offset_end as usize).unwrap_or_default();
        if let Some(joined) = rfc2231_continued(raw, b"filename").or_else(|| rfc2231_continued(raw, b"name")) {
            return Some(joined);
        }
        for key in [&b"filename="[..], b"name="] {
            if let Some(p) = memchr::memmem::find(raw, key) {
                let v = &raw[p + key.len()..];
                let v = v.strip_prefix(b"\"").unwrap_or(v);
                let end = v.iter().position(|&b| b == b'"' || b == b';' || b == b'\r' || b == b'\n').unwrap_or(v.len());
                if let Ok(d) = charset::decode(&v[..end], None) {
                    // `name="=?utf-8?B?…?="`: an encoded word inside quotes, as many clients write.
                    return Some(crate::reading::layers::decode_encoded_words(&d.text).into_owned());
                }
            }
        }
    }
    Some(name.to_string())
}

/// An RFC 2231 parameter continued over numbered sections (`filename*0*=utf-8''%D0%9A…;
/// filename*1*=%BB…`), joined as bytes before its charset is applied: a section may end in
/// the middle of a character, which decoding each section alone turns into replacement
/// characters.
fn rfc2231_continued(raw: &[u8], key: &[u8]) -> Option<String> {
    let mut sections: Vec<(u32, bool, &[u8])> = Vec::new();
    let mut i = 0;
    while let Some(p) = memchr::memmem::find(&raw[i..], key) {
        let at = i + p;
        i = at + key.len();
        let boundary = at == 0 || matches!(raw[at - 1], b' ' | b'\t' | b';' | b'\n' | b'\r');
        if !boundary || raw.get(i) != Some(&b'*') {
            continue;
        }
        let digits = raw[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            continue;
        }
        let number: u32 = std::str::from_utf8(&raw[i + 1..i + 1 + digits]).ok()?.parse().ok()?;
        let mut j = i + 1 + digits;
        let encoded = raw.get(j) == Some(&b'*');
        j += usize::from(encoded);
        if raw.get(j) != Some(&b'=') {
            continue;
        }
        let v = &raw[j + 1..];
        let (v, quoted) = match v.strip_prefix(b"\"") {
            Some(q) => (q, true),
            None => (v, false),
        };
        let end = v
            .iter()
            .position(|&b| if quoted { b == b'"' } else { matches!(b, b';' | b'\r' | b'\n' | b' ' | b'\t') })
            .unwrap_or(v.len());
        sections.push((number, encoded, &v[..end]));
    }
    if sections.is_empty() {
        return None;
    }
    sections.sort_by_key(|s| s.0);
    let mut charset_label = None;
    let mut bytes = Vec::new();
    for (k, (_, encoded, v)) in sections.iter().enumerate() {
        let mut v: &[u8] = v;
        if k == 0 && *encoded {
            // `utf-8'pl'…`: the charset and language lead the first section.
            let mut parts = v.splitn(3, |&b| b == b'\'');
            if let (Some(cs), Some(_), Some(rest)) = (parts.next(), parts.next(), parts.next()) {
                charset_label = std::str::from_utf8(cs).ok().filter(|c| !c.is_empty()).map(str::to_string);
                v = rest;
            }
        }
        if *encoded {
            bytes.extend_from_slice(&crate::reading::layers::percent_decode(v));
        } else {
            bytes.extend_from_slice(v);
        }
    }
    charset::decode(&bytes, charset_label.as_deref()).ok().map(|d| d.text.into_owned())
}

/// The part's body with its transfer encoding undone, before any charset decoding, so that
/// the reading path decides the charset (mail-parser's own guess is not used).
fn transfer_decoded(msg: &Message<'_>, part: &MessagePart<'_>) -> Vec<u8> {
    match &part.body {
        PartType::Binary(b) | PartType::InlineBinary(b) => return b.to_vec(),
        PartType::Text(_) | PartType::Html(_) => {}
        _ => return Vec::new(),
    }
    let raw = msg.raw_message.get(part.offset_body as usize..part.offset_end as usize);
    let decoded = raw.and_then(|raw| match part.encoding {
        Encoding::None => Some(raw.to_vec()),
        Encoding::QuotedPrintable => mail_parser::decoders::quoted_printable::quoted_printable_decode(raw),
        Encoding::Base64 => mail_parser::decoders::base64::base64_decode(raw),
    });
    match (decoded, &part.body) {
        (Some(d), _) => d,
        (None, PartType::Text(t) | PartType::Html(t)) => t.as_bytes().to_vec(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{header_pattern, repair_empty_multiparts, rfc2231_continued};

    /// Found by fuzzing (`fuzz/regressions/mime/crash-fb0b0df8…`): the second header's empty
    /// multipart comes first, so its repair must be inserted first.
    #[test]
    fn empty_multiparts_are_repaired_in_text_order() {
        let raw = b"Content-Type: multipart/mixed; boundary=\"a\"\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b--\n--a--\n";
        let out = repair_empty_multiparts(raw);
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("--b\n\n--b--") && text.contains("--a\n\n--a--"), "{text}");
    }

    #[test]
    fn header_patterns_match_names_with_wildcards() {
        assert!(header_pattern("X-License-Id", "x-license-id"));
        assert!(header_pattern("X-*License*", "X-AP-License"));
        assert!(header_pattern("X-*License*", "X-License-Key"));
        assert!(!header_pattern("X-*License*", "X-Mailer"));
        assert!(!header_pattern("X-License-Id", "X-License-Id2"));
    }

    #[test]
    fn split_utf8_sections_are_joined_as_bytes_before_decoding() {
        // `Ł` (C5 81) split across two sections: decoding each alone would give U+FFFD.
        let raw = b"attachment;\r\n filename*0*=UTF-8''Raport_%C5; filename*1*=%81ukasz.log";
        assert_eq!(rfc2231_continued(raw, b"filename").as_deref(), Some("Raport_\u{141}ukasz.log"));
    }

    #[test]
    fn sections_are_ordered_by_number_and_plain_sections_kept_verbatim() {
        let raw = b"attachment; filename*1=\"b.txt\"; filename*0*=iso-8859-1''%F6_";
        assert_eq!(rfc2231_continued(raw, b"filename").as_deref(), Some("\u{f6}_b.txt"));
    }

    #[test]
    fn a_key_that_only_ends_like_the_wanted_one_is_not_read() {
        assert_eq!(rfc2231_continued(b"attachment; xfilename*0=a.txt", b"filename"), None);
        assert_eq!(rfc2231_continued(b"attachment; filename=a.txt", b"filename"), None);
    }
}
