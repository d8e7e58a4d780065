//! Walking one message: headers, bodies, attachments, forwarded messages.

use super::archive;
use super::limits::Limits;
use super::manifest::{counts_map, Manifest, PartAction, PartEntry};
use super::metadata::Extractor;
use super::QuarantineReason;
use crate::engine::{pseudonyms_in, Kind, KindCounts, Scratch, Scrubber};
use crate::formats::{is_text_name, safe_file_name, scrub_document, FileType};
use mail_builder::MessageBuilder;
use mail_parser::{Address, MessageParser, MimeHeaders, PartType};

/// Headers the walk rebuilds itself or that only describe MIME structure.
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

/// What became of one attachment.
pub(super) enum Outcome {
    Keep { bytes: Vec<u8>, content_type: String, counts: KindCounts },
    Remove(String),
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

    fn scrub_text(&mut self, text: &str, counts: &mut KindCounts) -> String {
        let (out, findings) = self.s.scrub_str(text, &mut self.scratch);
        counts.add(&findings);
        out.into_owned()
    }

    /// Sanitize a message (the package itself or a forwarded one) into new message bytes.
    pub fn message(&mut self, raw: &[u8], depth: usize, prefix: &str) -> Result<Vec<u8>, QuarantineReason> {
        if depth > self.limits.max_depth {
            return Err(QuarantineReason::TooDeep { limit: self.limits.max_depth });
        }
        let msg = MessageParser::default().parse(raw).ok_or(QuarantineReason::NotAMessage)?;
        // mail-parser takes almost any bytes for a message; a real one has standard headers.
        if !msg.root_part().headers.iter().any(|h| !matches!(h.name, mail_parser::HeaderName::Other(_))) {
            return Err(QuarantineReason::NotAMessage);
        }
        self.parts += msg.parts.len();
        if self.parts > self.limits.max_parts {
            return Err(QuarantineReason::TooManyParts { parts: self.parts, limit: self.limits.max_parts });
        }
        let mut b = MessageBuilder::new();
        let mut header_counts = KindCounts::default();
        for (name, value) in [("From", msg.from()), ("To", msg.to()), ("Cc", msg.cc()), ("Reply-To", msg.reply_to())] {
            if let Some(a) = value {
                let list = self.addresses(a, &mut header_counts);
                if !list.is_empty() {
                    b = b.header(name, mail_builder::headers::address::Address::from(list));
                }
            }
        }
        if let Some(subject) = msg.subject() {
            let clean = self.scrub_text(subject, &mut header_counts);
            self.extractor.fill(&mut self.manifest.metadata, clean.as_bytes());
            b = b.subject(clean);
        }
        if let Some(date) = msg.date() {
            b = b.date(mail_builder::headers::date::Date::new(date.to_timestamp()));
        }
        if let Some(id) = msg.message_id() {
            b = b.message_id(format!("{}@scrubline.invalid", super::package_id(id.as_bytes())));
        }
        for h in msg.root_part().headers.iter() {
            let name = h.name.as_str();
            if HANDLED.iter().any(|k| k.eq_ignore_ascii_case(name)) {
                continue;
            }
            let kept = self.limits.keep_headers.iter().any(|k| k.eq_ignore_ascii_case(name));
            match (kept, h.value.as_text()) {
                (true, Some(text)) => {
                    let clean = self.scrub_text(text, &mut header_counts);
                    self.extractor.fill(&mut self.manifest.metadata, clean.as_bytes());
                    b = b.header(name.to_string(), mail_builder::headers::text::Text::new(clean));
                }
                _ => {
                    // Header names are field names; anything unusual in one is not shown.
                    let plain = name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
                    let shown = if plain { name.to_string() } else { "[HEADER]".to_string() };
                    *self.manifest.dropped_headers.entry(shown).or_default() += 1;
                }
            }
        }
        let headers_outcome = Outcome::Keep { bytes: Vec::new(), content_type: String::new(), counts: header_counts };
        self.record(format!("{prefix}headers"), "text/rfc822-headers", 0, &headers_outcome);

        // Bodies: every text/plain body part in one text body, every HTML part in one HTML body.
        let (mut text, mut html) = (Vec::new(), Vec::new());
        for id in msg.text_body.iter().chain(msg.html_body.iter()) {
            let Some(part) = msg.part(*id) else { continue };
            let (is_html, body) = match &part.body {
                PartType::Text(t) => (false, t),
                PartType::Html(t) => (true, t),
                _ => continue,
            };
            let target = if is_html { &mut html } else { &mut text };
            if target.iter().any(|(pid, _)| pid == id) {
                continue;
            }
            let path = format!("{prefix}body/{}", if is_html { "html" } else { "text" });
            let ctype = if is_html { "text/html" } else { "text/plain" };
            if part.is_encoding_problem {
                self.record(
                    path,
                    ctype,
                    body.len() as u64,
                    &Outcome::Remove("content transfer encoding could not be decoded".into()),
                );
                continue;
            }
            let mut counts = KindCounts::default();
            let clean = self.scrub_text(body, &mut counts);
            self.extractor.fill(&mut self.manifest.metadata, clean.as_bytes());
            let outcome = Outcome::Keep { bytes: clean.clone().into_bytes(), content_type: ctype.into(), counts };
            self.record(path, ctype, body.len() as u64, &outcome);
            target.push((*id, clean));
        }
        if !text.is_empty() {
            b = b.text_body(text.into_iter().map(|(_, t)| t).collect::<Vec<_>>().join("\n"));
        }
        if !html.is_empty() {
            b = b.html_body(html.into_iter().map(|(_, t)| t).collect::<Vec<_>>().join("\n"));
        }

        for (i, part) in msg.attachments().enumerate() {
            let original =
                part.attachment_name().map(str::to_string).unwrap_or_else(|| format!("attachment-{}", i + 1));
            let name = safe_file_name(self.s, &original, &mut self.scratch);
            let ctype = part
                .content_type()
                .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("octet-stream")).to_ascii_lowercase())
                .unwrap_or_else(|| "application/octet-stream".into());
            let path = format!("{prefix}attachment/{name}");
            let before = part.len() as u64;
            if part.is_encoding_problem {
                self.record(
                    path,
                    &ctype,
                    before,
                    &Outcome::Remove("content transfer encoding could not be decoded".into()),
                );
                continue;
            }
            let outcome = match &part.body {
                PartType::Message(nested) => {
                    self.forwarded += 1;
                    let inner_prefix = format!("{prefix}forwarded[{}]/", self.forwarded);
                    let bytes = self.message(&nested.raw_message, depth + 1, &inner_prefix)?;
                    Outcome::Keep { bytes, content_type: "message/rfc822".into(), counts: KindCounts::default() }
                }
                PartType::Text(t) | PartType::Html(t) => self.text_attachment(&original, t.as_bytes(), &ctype),
                PartType::Binary(bytes) | PartType::InlineBinary(bytes) => self.binary_attachment(
                    &original,
                    bytes,
                    &ctype,
                    part.content_type().and_then(|c| c.attribute("charset")),
                    depth,
                    &path,
                )?,
                PartType::Multipart(_) => continue,
            };
            // Forwarded messages record their own parts; the container only counts as kept.
            if !matches!(&part.body, PartType::Message(_)) {
                self.record(path, &ctype, before, &outcome);
            }
            if let Outcome::Keep { bytes, content_type, .. } = outcome {
                let file = if content_type == "message/rfc822" && !name.ends_with(".eml") {
                    format!("{name}.eml")
                } else {
                    name
                };
                b = b.attachment(content_type, file, bytes);
            }
        }
        b.write_to_vec().map_err(|e| QuarantineReason::Assemble(e.to_string()))
    }

    /// Addresses become pseudonym (or redaction) tokens under `scrubline.invalid`, so the
    /// message stays valid and a reader can still tell senders apart.
    fn addresses(&mut self, a: &Address<'_>, counts: &mut KindCounts) -> Vec<(String, String)> {
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
                (display, format!("{local}@scrubline.invalid"))
            })
            .collect()
    }

    /// Scrub a text attachment by its type; a JSON or CSV file that does not parse is removed.
    pub fn text_attachment(&mut self, name: &str, bytes: &[u8], ctype: &str) -> Outcome {
        let ty = match FileType::from_path(std::path::Path::new(name)) {
            FileType::Text if ctype == "application/json" => FileType::Json,
            t => t,
        };
        let out = scrub_document(self.s, ty, bytes, &mut self.scratch);
        if matches!(ty, FileType::Json | FileType::Csv) && !out.rejected.is_empty() {
            return Outcome::Remove(format!(
                "{} does not parse: {}",
                if ty == FileType::Json { "JSON" } else { "CSV" },
                out.rejected[0].reason
            ));
        }
        self.extractor.fill(&mut self.manifest.metadata, &out.output);
        let content_type =
            if ctype.starts_with("text/") { format!("{ctype}; charset=utf-8") } else { ctype.to_string() };
        Outcome::Keep { bytes: out.output, content_type, counts: out.counts }
    }

    fn binary_attachment(
        &mut self,
        name: &str,
        bytes: &[u8],
        ctype: &str,
        charset: Option<&str>,
        depth: usize,
        path: &str,
    ) -> Result<Outcome, QuarantineReason> {
        if archive::is_zip(name, ctype, bytes) {
            return archive::sanitize_zip(self, bytes, depth + 1, path);
        }
        let textual = is_text_name(name)
            || ctype.starts_with("text/")
            || matches!(ctype, "application/json" | "application/xml" | "application/x-ndjson");
        if !textual {
            return Ok(Outcome::Remove(format!("{ctype} cannot be scrubbed")));
        }
        let text = decode_text(bytes, charset);
        Ok(self.text_attachment(name, text.as_bytes(), ctype))
    }
}

/// Text in its declared charset, else UTF-8, else the Windows code page its bytes suggest:
/// 1251 when most high bytes are Cyrillic letters, 1250 (Polish) otherwise.
pub(super) fn decode_text(bytes: &[u8], charset: Option<&str>) -> String {
    if let Some(enc) = charset.and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes())) {
        return enc.decode_without_bom_handling(bytes).0.into_owned();
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    let cyrillic = bytes.iter().filter(|&&b| b >= 0xc0).count();
    let enc = if high > 0 && cyrillic * 10 >= high * 7 { encoding_rs::WINDOWS_1251 } else { encoding_rs::WINDOWS_1250 };
    enc.decode_without_bom_handling(bytes).0.into_owned()
}
