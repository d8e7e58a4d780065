//! The last gate: read back what is about to leave, as a person would, and refuse it if a
//! value that is personal beyond doubt is still there.
//!
//! It re-parses the output independently of how it was produced: the MIME that was written
//! (every part, transfer encoding, charset, RFC 2047/2231 header and file name, forwarded
//! message), every zip member, and every layer inside text (HTML character references,
//! URL-encoding, JSON and JavaScript escapes, base64 runs that decode to text, uuencoded
//! files). Its detectors ([`detectors`]) are its own. What it cannot read back is a failure
//! too: fail closed.

mod detectors;
mod views;

use crate::engine::Kind;
use crate::reading::{charset, classify, Content};
use mail_parser::{Address, HeaderValue, Message, MimeHeaders, PartType};
use std::io::Read;

/// Why output was refused. Names the kind and where, never the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A value of this kind survived scrubbing.
    Survivor(Kind),
    /// This part of the output cannot be read back, so it cannot be verified.
    Unreadable(String),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", match &self.problem {
    Problem::Survivor(k) => format!("a {} value survived in {}", k.id(), self.path),
    Problem::Unreadable(why) => format!("{} cannot be read back: {why}", self.path),
})]
pub struct VerifyFailure {
    pub problem: Problem,
    /// Where in the output: `body/text`, `attachment/logs.zip/app.log`, `forwarded[1]/headers`.
    pub path: String,
}

impl VerifyFailure {
    /// A short label for metrics: the kind's id, or `unreadable`.
    pub fn label(&self) -> &'static str {
        match self.problem {
            Problem::Survivor(k) => k.id(),
            Problem::Unreadable(_) => "unreadable",
        }
    }
}

type Verdict = Result<(), VerifyFailure>;

/// How many layers deep text is peeled (a base64 run inside URL-encoding inside HTML…).
const MAX_LAYERS: usize = 3;
/// Deepest nesting of messages and archives read back.
const MAX_NESTING: usize = 16;

/// Built once, shared across threads.
pub struct Verifier {
    detectors: detectors::Detectors,
}

impl Verifier {
    /// The verifier for output of `scrubber` (its pack's version words and cues).
    pub fn new(scrubber: &crate::engine::Scrubber) -> Verifier {
        Verifier { detectors: detectors::Detectors::for_scrubber(scrubber) }
    }

    /// Verify text output (UTF-8) at `path`.
    pub fn text(&self, text: &[u8], path: &str) -> Verdict {
        self.view(text, path, 0)
    }

    /// Verify a whole sanitized message.
    pub fn message(&self, raw: &[u8]) -> Verdict {
        self.raw_message(raw, "", 0)
    }

    /// Verify a sanitized zip archive at `path`.
    pub fn archive(&self, bytes: &[u8], path: &str) -> Verdict {
        self.zip(bytes, path, 0)
    }

    fn view(&self, text: &[u8], path: &str, layer: usize) -> Verdict {
        if let Some(kind) = self.detectors.scan(text) {
            return Err(survivor(kind, path));
        }
        if layer < MAX_LAYERS {
            for v in views::layers(text) {
                self.view(&v, path, layer + 1)?;
            }
        }
        Ok(())
    }

    fn raw_message(&self, raw: &[u8], prefix: &str, depth: usize) -> Verdict {
        let msg = crate::reading::mime::parse(raw)
            .ok_or_else(|| unreadable(&format!("{prefix}message"), "does not parse as a message"))?;
        self.parsed_message(&msg, prefix, depth)
    }

    fn parsed_message(&self, msg: &Message<'_>, prefix: &str, depth: usize) -> Verdict {
        if depth > MAX_NESTING {
            return Err(unreadable(prefix, "nested too deep to verify"));
        }
        let mut forwarded = 0;
        for (id, part) in msg.parts.iter().enumerate() {
            let path = part_path(prefix, id, part);
            // Headers, decoded and as written.
            let mut decoded = String::new();
            for h in &part.headers {
                decoded.push_str(h.name.as_str());
                decoded.push_str(": ");
                header_text(&h.value, &mut decoded);
                decoded.push('\n');
            }
            let header_path = if id == 0 { format!("{prefix}headers") } else { format!("{path}/headers") };
            self.view(decoded.as_bytes(), &header_path, 0)?;
            if let Some(raw) = msg.raw_message.get(part.offset_header as usize..part.offset_body as usize) {
                self.view(raw, &header_path, 0)?;
            }
            match &part.body {
                PartType::Multipart(_) => {}
                PartType::Text(t) | PartType::Html(t) => self.view(t.as_bytes(), &path, 0)?,
                PartType::Message(nested) => {
                    forwarded += 1;
                    self.parsed_message(nested, &format!("{prefix}forwarded[{forwarded}]/"), depth + 1)?;
                }
                PartType::Binary(b) | PartType::InlineBinary(b) => {
                    let ctype = part
                        .content_type()
                        .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("")).to_ascii_lowercase())
                        .unwrap_or_default();
                    let charset = part.content_type().and_then(|c| c.attribute("charset"));
                    self.bytes(part.attachment_name().unwrap_or(""), &ctype, charset, b, &path, depth)?;
                }
            }
            if part.is_encoding_problem {
                return Err(unreadable(&path, "its transfer encoding does not decode"));
            }
        }
        Ok(())
    }

    /// A leaf of the output: text (in any charset), an archive, a message; anything else
    /// cannot be verified.
    fn bytes(
        &self,
        name: &str,
        ctype: &str,
        charset_label: Option<&str>,
        b: &[u8],
        path: &str,
        depth: usize,
    ) -> Verdict {
        match classify(name, ctype, b) {
            Content::Text(_) => match charset::decode(b, charset_label) {
                Ok(d) => self.view(d.text.as_bytes(), path, 0),
                Err(e) => Err(unreadable(path, &e.to_string())),
            },
            Content::Zip => self.zip(b, path, depth + 1),
            Content::Mail => self.raw_message(b, &format!("{path}/"), depth + 1),
            Content::Mbox => Err(unreadable(path, "an mbox inside the output")),
            Content::Binary(why) => Err(unreadable(path, why)),
        }
    }

    fn zip(&self, bytes: &[u8], path: &str, depth: usize) -> Verdict {
        if depth > MAX_NESTING {
            return Err(unreadable(path, "nested too deep to verify"));
        }
        let mut ar = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(path, &e.to_string()))?;
        for i in 0..ar.len() {
            let mut f = ar.by_index(i).map_err(|e| unreadable(path, &e.to_string()))?;
            if f.is_dir() {
                continue;
            }
            let name = f.name().to_string();
            let member = format!("{path}/{name}");
            self.view(name.as_bytes(), &member, 0)?;
            let mut data = Vec::new();
            f.read_to_end(&mut data).map_err(|e| unreadable(&member, &e.to_string()))?;
            drop(f);
            self.bytes(&name, "", None, &data, &member, depth)?;
        }
        Ok(())
    }
}

fn survivor(kind: Kind, path: &str) -> VerifyFailure {
    VerifyFailure { problem: Problem::Survivor(kind), path: path.to_string() }
}

fn unreadable(path: &str, why: &str) -> VerifyFailure {
    VerifyFailure { problem: Problem::Unreadable(why.to_string()), path: path.to_string() }
}

/// Where a part is, named as the sanitizer's manifest names parts: `attachment/<file name>`
/// (names in the output are already scrubbed), `body/text`, `body/html`, `part-<n>` for the
/// rest; containers are `message` (the root) and `part-<n>`.
fn part_path(prefix: &str, id: usize, part: &mail_parser::MessagePart<'_>) -> String {
    if let Some(name) = part.attachment_name() {
        return format!("{prefix}attachment/{name}");
    }
    match &part.body {
        PartType::Text(_) => format!("{prefix}body/text"),
        PartType::Html(_) => format!("{prefix}body/html"),
        _ if id == 0 => format!("{prefix}message"),
        _ => format!("{prefix}part-{id}"),
    }
}

fn header_text(v: &HeaderValue<'_>, out: &mut String) {
    match v {
        HeaderValue::Text(t) => out.push_str(t),
        HeaderValue::TextList(l) => {
            for t in l {
                out.push_str(t);
                out.push(' ');
            }
        }
        HeaderValue::Address(a) => {
            let list: Vec<&mail_parser::Addr<'_>> = match a {
                Address::List(l) => l.iter().collect(),
                Address::Group(g) => g.iter().flat_map(|g| g.addresses.iter()).collect(),
            };
            for addr in list {
                out.push_str(addr.name.as_deref().unwrap_or(""));
                out.push_str(" <");
                out.push_str(addr.address.as_deref().unwrap_or(""));
                out.push_str("> ");
            }
        }
        HeaderValue::ContentType(ct) => {
            out.push_str(ct.ctype());
            for a in ct.attributes().unwrap_or_default() {
                out.push_str(&format!("; {}={}", a.name, a.value));
            }
        }
        HeaderValue::Received(r) => out.push_str(&format!("{r:?}")),
        HeaderValue::DateTime(d) => out.push_str(&d.to_rfc3339()),
        HeaderValue::Empty => {}
    }
}

impl Verifier {
    /// Survivors in `text` and its layers with their context, for investigating a refusal
    /// (test builds only).
    #[cfg(feature = "test-hooks")]
    pub fn explain_for_tests(&self, text: &[u8]) -> Vec<(Kind, String)> {
        let mut out = Vec::new();
        let mut views = vec![text.to_vec()];
        views.extend(views::layers(text));
        for v in views {
            if let Some((k, end)) = self.detectors.locate(&v) {
                let from = end.saturating_sub(80);
                out.push((k, String::from_utf8_lossy(&v[from..end]).into_owned()));
            }
        }
        out
    }
}

#[cfg(test)]
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_payloads_are_a_view_and_plain_words_are_none() {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD.encode("contact: jan.nowak@wp.pl, PESEL 44051401359");
        let v = views::layers(format!("payload={b64} end").as_bytes());
        assert!(v.iter().any(|v| v == b"contact: jan.nowak@wp.pl, PESEL 44051401359"), "{v:?}");
        assert!(views::layers(b"Plain words, nothing encoded here at all, Exception.StackTrace").is_empty());
    }

    /// The default pack's scrubber and its verifier.
    fn default_pair() -> (crate::engine::Scrubber, Verifier) {
        let s = crate::engine::Scrubber::new(&crate::engine::RulePack::embedded_default(), None).unwrap();
        let v = Verifier::new(&s);
        (s, v)
    }

    /// uuencoding of `data` as a block named `a.txt`.
    fn uuencode(data: &[u8]) -> String {
        let ch = |v: u8| if v == 0 { '`' } else { (v + 32) as char };
        let mut out = String::from("begin 644 a.txt\n");
        for line in data.chunks(45) {
            out.push(ch(line.len() as u8));
            for g in line.chunks(3) {
                let b = [g[0], *g.get(1).unwrap_or(&0), *g.get(2).unwrap_or(&0)];
                for v in [b[0] >> 2, (b[0] & 3) << 4 | b[1] >> 4, (b[1] & 15) << 2 | b[2] >> 6, b[2] & 63] {
                    out.push(ch(v));
                }
            }
            out.push('\n');
        }
        out + "`\nend\n"
    }

    /// Texts made of markup pieces, plain lines and values split by markup (which only a
    /// markup-free view shows whole), among them values encoded over several lines (MIME
    /// base64, uuencoding), seeded.
    fn markup_texts() -> impl Iterator<Item = Vec<u8>> {
        use base64::Engine as _;
        const PIECES: &[&str] = &[
            "PESEL ",
            "<b>",
            "</b>",
            "<!--",
            "-->",
            "<script>",
            "</script>",
            "<style x>",
            "</style>",
            "\n",
            "\n\n",
            " ",
            "&#64;",
            "&amp;",
            "<",
            ">",
            "plain text ",
            "-----BEGIN PRIVATE KEY-----\n",
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n",
            "<td>",
            "</td>",
            "<br>",
            "<p class=\"x\">",
            "a < b ",
            "log line 12:00:01 INFO ok\n",
        ];
        let secret = "Dzień dobry, proszę o kontakt: jan.nowak@wp.pl albo tel. w godzinach pracy biura.";
        let b64 = base64::engine::general_purpose::STANDARD.encode(secret.repeat(3));
        let mime: Vec<&str> = b64.as_bytes().chunks(76).map(|l| std::str::from_utf8(l).unwrap()).collect();
        let values: Vec<Vec<u8>> = [
            "PESEL 44051401359".to_string(),
            "jan.nowak@wp.pl".to_string(),
            "from 81.2.69.142 ok".to_string(),
            "-----BEGIN PRIVATE KEY-----\n\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n".to_string(),
            format!("\n{}\n", mime.join("\n")),
            uuencode(secret.as_bytes()),
        ]
        .into_iter()
        .map(String::into_bytes)
        .collect();
        const SPLITTERS: &[&str] = &["<b>", "</b>", "<span>", "<!-- x -->", "<i\n>", "<br>", "\n", "<b></b>"];
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |m: usize| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % m as u64) as usize
        };
        (0..4000).map(move |_| {
            let mut text = Vec::new();
            for _ in 0..1 + next(12) {
                if next(3) == 0 {
                    let v = &values[next(values.len())];
                    let at = next(v.len());
                    text.extend_from_slice(&v[..at]);
                    text.extend_from_slice(SPLITTERS[next(SPLITTERS.len())].as_bytes());
                    text.extend_from_slice(&v[at..]);
                } else {
                    text.extend_from_slice(PIECES[next(PIECES.len())].as_bytes());
                }
            }
            text
        })
    }

    /// The verdict as it was reached before `markup_regions`: the HTML text view of the whole
    /// text, at every layer.
    fn whole_view_verdict(d: &detectors::Detectors, text: &[u8], layer: usize) -> bool {
        d.scan(text).is_some()
            || (layer < MAX_LAYERS && views::layers_whole(text).iter().any(|v| whole_view_verdict(d, v, layer + 1)))
    }

    #[test]
    fn markup_regions_read_as_the_whole_text_view_reads_them() {
        let (_, v) = default_pair();
        let (mut only_in_views, mut texts) = (0, 0);
        for text in markup_texts() {
            let whole = crate::engine::html_text_only(&text);
            for (from, to) in views::markup_regions(&text) {
                let part = crate::engine::html_text_only(&text[from..to]);
                assert!(
                    memchr::memmem::find(&whole, &part).is_some(),
                    "region {from}..{to} reads differently in {:?}",
                    String::from_utf8_lossy(&text)
                );
            }
            // Whatever the whole view found, at any layer, the regions find.
            if whole_view_verdict(&v.detectors, &text, 0) {
                assert!(v.view(&text, "t", 0).is_err(), "missed in {:?}", String::from_utf8_lossy(&text));
                only_in_views += usize::from(v.detectors.scan(&text).is_none());
            }
            texts += 1;
        }
        // The pieces do make values that only a derived view shows.
        assert!(only_in_views > 300, "{only_in_views} of {texts}");
    }

    #[test]
    fn markup_regions_agree_with_the_whole_view_on_mail_from_other_writers() {
        // Messages from other mail writers and the independent generator (tests/fixtures/mail,
        // tests/corpus/support): raw, and each decoded text and HTML body.
        let (s, v) = default_pair();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
        let mut files = 0;
        for dir in ["fixtures/mail", "corpus/support/out"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "eml") {
                    continue;
                }
                let raw = std::fs::read(&path).unwrap();
                let mut texts = vec![raw.clone()];
                if let Some(msg) = crate::reading::mime::parse(&raw) {
                    for part in &msg.parts {
                        if let PartType::Text(t) | PartType::Html(t) = &part.body {
                            texts.push(t.as_bytes().to_vec());
                        }
                    }
                }
                // Raw, almost every text holds a value the text itself shows; scrubbed, what is
                // left is what only a derived view might show.
                for t in texts.iter().flat_map(|t| [t.clone(), s.scrub(t).text.into_owned()]) {
                    let (whole, regions) = (whole_view_verdict(&v.detectors, &t, 0), v.view(&t, "t", 0).is_err());
                    assert!(!whole || regions, "{}: the whole view finds what the regions miss", path.display());
                }
                files += 1;
            }
        }
        assert!(files > 250, "{files} messages");
    }

    #[test]
    fn markup_regions_take_in_encodings_that_run_over_lines() {
        // The case that a region of the markup line alone misses: a tag inside a MIME base64
        // block, whose run (and so its decoded text) spans lines without markup.
        use base64::Engine as _;
        let (_, v) = default_pair();
        let secret = "Dzień dobry, proszę o kontakt: jan.nowak@wp.pl albo tel. w godzinach pracy biura. ".repeat(4);
        let b64 = base64::engine::general_purpose::STANDARD.encode(secret);
        let mut lines: Vec<String> =
            b64.as_bytes().chunks(76).map(|l| String::from_utf8(l.to_vec()).unwrap()).collect();
        assert!(lines.len() >= 5);
        lines[3].insert_str(2, "<b></b>");
        let text = format!("intro line\n{}\n</p>\n", lines.join("\n"));
        assert!(whole_view_verdict(&v.detectors, text.as_bytes(), 0));
        assert!(v.view(text.as_bytes(), "t", 0).is_err());
        let (from, to) = views::markup_regions(text.as_bytes())[0];
        assert!(from <= text.find(&lines[0]).unwrap() && to > text.find(&lines[lines.len() - 1]).unwrap());
    }

    #[test]
    fn a_survivor_anywhere_is_found_and_named_without_its_value() {
        let (_, v) = default_pair();
        let html =
            b"From: a@scrubline.invalid\r\nContent-Type: text/html\r\n\r\n<p>jan&#46;nowak&#64;wp&#46;pl</p>\r\n";
        let e = v.message(html).unwrap_err();
        assert_eq!(e.problem, Problem::Survivor(Kind::Email));
        assert!(!e.to_string().contains("nowak"), "{e}");
        let clean = b"From: a@scrubline.invalid\r\nSubject: ok\r\nContent-Type: text/plain\r\n\r\nPESEL [PESEL], from [IP:81.2.69.0/24]\r\n";
        v.message(clean).unwrap();
    }

    #[test]
    fn output_that_cannot_be_read_back_fails() {
        let (_, v) = default_pair();
        let png = b"From: a@scrubline.invalid\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgoAAAANSUhEUgAAAAEAAAAB\r\n--b--\r\n";
        assert!(matches!(v.message(png).unwrap_err().problem, Problem::Unreadable(_)));
    }
}
