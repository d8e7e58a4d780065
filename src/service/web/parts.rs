//! The downloadable parts of a stored sanitized message: every MIME part that is not a
//! container (bodies, attachments, forwarded messages as a whole). Numbered in the message's
//! own part order, so a number names the same part on the page and in the download link.

use mail_parser::{MimeHeaders, PartType};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartInfo {
    /// The part's index in the parsed message.
    pub number: usize,
    pub content_type: String,
    /// The attachment's (already scrubbed) file name; empty for bodies.
    pub name: String,
    pub bytes: usize,
    pub is_text: bool,
}

fn info(number: usize, part: &mail_parser::MessagePart<'_>) -> PartInfo {
    let content_type = part
        .content_type()
        .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("")).to_ascii_lowercase())
        .unwrap_or_else(|| "text/plain".into());
    PartInfo {
        number,
        content_type,
        name: part.attachment_name().unwrap_or("").to_string(),
        bytes: part.len(),
        is_text: part.is_text(),
    }
}

/// The parts a person may download, in order.
pub fn list(eml: &[u8]) -> Vec<PartInfo> {
    let Some(msg) = crate::reading::mime::parse(eml) else { return Vec::new() };
    msg.parts
        .iter()
        .enumerate()
        .filter(|(_, p)| !matches!(p.body, PartType::Multipart(_)))
        .map(|(i, p)| info(i, p))
        .collect()
}

/// One part's decoded contents (text as UTF-8, a forwarded message as its raw text).
pub fn get(eml: &[u8], number: usize) -> Option<(PartInfo, Vec<u8>)> {
    let msg = crate::reading::mime::parse(eml)?;
    let part = msg.parts.get(number)?;
    if matches!(part.body, PartType::Multipart(_)) {
        return None;
    }
    Some((info(number, part), part.contents().to_vec()))
}

/// A download name that is safe in a `Content-Disposition` header and on any file system.
pub fn download_name(package_id: &str, p: &PartInfo) -> String {
    let cleaned: String = p
        .name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
        .collect();
    let cleaned = cleaned.trim_start_matches('.');
    // A page saved from a download runs when opened from disk: markup is saved as text.
    let lower = cleaned.to_ascii_lowercase();
    let markup = p.content_type == "text/html"
        || [".htm", ".html", ".xhtml", ".svg", ".shtml", ".mht", ".mhtml"].iter().any(|x| lower.ends_with(x));
    if !cleaned.is_empty() && markup {
        return format!("{}.txt", cleaned.chars().take(116).collect::<String>());
    }
    if cleaned.is_empty() {
        let ext = match (p.is_text, p.content_type.as_str()) {
            (_, "message/rfc822") => "eml",
            (_, "text/html") => "html.txt",
            (true, _) => "txt",
            _ => "bin",
        };
        format!("{package_id}-part{}.{ext}", p.number)
    } else {
        cleaned.chars().take(120).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EML: &[u8] = b"From: a@example.invalid\r\nSubject: x\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
hello\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"../app log.txt\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\naGk=\r\n--b--\r\n";

    #[test]
    fn leaves_are_listed_and_fetched_by_number() {
        let parts = list(EML);
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert!(parts[0].is_text && parts[0].name.is_empty());
        let (p, body) = get(EML, parts[1].number).unwrap();
        assert_eq!(body, b"hi");
        assert_eq!(download_name("abc", &p), "_app_log.txt");
        assert_eq!(download_name("abc", &parts[0]), format!("abc-part{}.txt", parts[0].number));
        assert!(get(EML, 0).is_none(), "the container is not a download");
        let page = PartInfo { name: "invoice.HTML".into(), content_type: "application/octet-stream".into(), ..p };
        assert_eq!(download_name("abc", &page), "invoice.HTML.txt");
        assert!(get(EML, 99).is_none());
    }
}
