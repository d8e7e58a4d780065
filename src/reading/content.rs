//! What a file, MIME part or archive member is: decided once, here, from its first bytes (magic
//! numbers win), its declared content type and its name, in that order of trust.

/// How a piece of input is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Content {
    /// One RFC 5322 message (a package, a forwarded message, an `.eml` in an archive).
    Mail,
    /// Many messages in one mbox file.
    Mbox,
    /// A zip archive: its members are read one by one.
    Zip,
    /// Text, in one of the layouts the engine knows.
    Text(TextFormat),
    /// Not text and not a container scrubline opens: removed, with this reason.
    Binary(&'static str),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    /// Logs, configuration, XML, mail text: scrubbed as a stream of lines.
    Plain,
    /// HTML: harmless character references are decoded first (`&#64;` is an `@`).
    Html,
    /// One JSON document: keys are context.
    Json,
    /// One JSON document per line.
    Ndjson,
    /// Delimited rows with a header row: headers are context.
    Csv,
}

/// Signatures of formats that are never text. Checked before anything a sender declares.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "PDF documents cannot be scrubbed"),
    (b"\x89PNG", "images cannot be scrubbed"),
    (b"\xff\xd8\xff", "images cannot be scrubbed"),
    (b"GIF87a", "images cannot be scrubbed"),
    (b"GIF89a", "images cannot be scrubbed"),
    (b"\x1f\x8b", "gzip-compressed data is not opened (only zip archives are)"),
    (b"Rar!\x1a\x07", "RAR archives are not opened (only zip archives are)"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archives are not opened (only zip archives are)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office and Outlook binary documents cannot be scrubbed"),
    (b"\x78\x9f\x3e\x22", "TNEF (winmail.dat) cannot be scrubbed"),
    (b"\x7fELF", "executables cannot be scrubbed"),
];

/// Decide how to read a piece of input. `name` is its file name (may be empty), `ctype` its
/// declared `type/subtype` (lower case; empty when none), `head` its first bytes.
///
/// ```
/// use scrubline::reading::{classify, Content, TextFormat};
/// assert_eq!(classify("app.log", "application/octet-stream", b"\xff\xfe2\x000\x00"), Content::Text(TextFormat::Plain));
/// assert_eq!(classify("winmail.dat", "application/ms-tnef", b"\x78\x9f\x3e\x22"), Content::Binary("TNEF (winmail.dat) cannot be scrubbed"));
/// assert_eq!(classify("", "message/rfc822", b"Content-Type: text/plain\n\nhi"), Content::Mail);
/// ```
pub fn classify(name: &str, ctype: &str, head: &[u8]) -> Content {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Content::Zip;
    }
    if let Some((_, why)) = MAGIC.iter().find(|(m, _)| head.starts_with(m)) {
        return Content::Binary(why);
    }
    let ext = extension(name);
    let by_type = match ctype {
        "message/rfc822" | "message/global" => Some(Content::Mail),
        "application/zip" | "application/x-zip-compressed" | "application/x-zip" => Some(Content::Zip),
        "application/ms-tnef" | "application/vnd.ms-tnef" => {
            Some(Content::Binary("TNEF (winmail.dat) cannot be scrubbed"))
        }
        "application/pkcs7-signature" | "application/x-pkcs7-signature" | "application/pgp-signature" => {
            Some(Content::Binary("signatures are removed: scrubbing invalidates them"))
        }
        "application/pkcs7-mime" | "application/x-pkcs7-mime" | "application/pgp-encrypted" => {
            Some(Content::Binary("encrypted content cannot be scrubbed"))
        }
        "application/pdf" => Some(Content::Binary("PDF documents cannot be scrubbed")),
        "text/html" => Some(Content::Text(TextFormat::Html)),
        "text/csv" | "text/tab-separated-values" => Some(Content::Text(TextFormat::Csv)),
        "application/json" => Some(Content::Text(TextFormat::Json)),
        "application/x-ndjson" | "application/jsonl" => Some(Content::Text(TextFormat::Ndjson)),
        t if t.starts_with("image/") || t.starts_with("audio/") || t.starts_with("video/") => {
            Some(Content::Binary("media files cannot be scrubbed"))
        }
        _ => None,
    };
    if let Some(c) = by_type {
        return c;
    }
    // A message saved under a text name (`message.txt`) is read as the message it is: as text,
    // its base64 parts would pass unread.
    if ext.as_deref().and_then(by_extension) == Some(Content::Text(TextFormat::Plain)) && looks_like_mail(head) {
        return Content::Mail;
    }
    if let Some(c) = ext.as_deref().and_then(by_extension) {
        // An `.eml` is read as mail even when its head does not look like one (it is then
        // quarantined as not a message, never passed as text); an mbox is told by its head.
        return match c {
            Content::Mail | Content::Mbox => sniff(head).unwrap_or(Content::Mail),
            c => c,
        };
    }
    let textual_type = ctype.starts_with("text/")
        || matches!(
            ctype,
            "application/xml"
                | "message/delivery-status"
                | "message/disposition-notification"
                | "message/feedback-report"
                | "application/x-sh"
                | "application/javascript"
                | "application/x-yaml"
        );
    if let Some(c) = sniff(head) {
        return c;
    }
    if textual_type || looks_like_text(head) {
        return Content::Text(TextFormat::Plain);
    }
    Content::Binary("binary data cannot be scrubbed")
}

/// Mail by its first bytes: an mbox separator, or a mail header block.
fn sniff(head: &[u8]) -> Option<Content> {
    if head.starts_with(b"From ") && head.contains(&b'\n') {
        Some(Content::Mbox)
    } else if looks_like_mail(head) {
        Some(Content::Mail)
    } else {
        None
    }
}

fn extension(name: &str) -> Option<String> {
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())
}

fn by_extension(ext: &str) -> Option<Content> {
    use TextFormat::*;
    Some(match ext {
        "ndjson" | "jsonl" => Content::Text(Ndjson),
        "json" => Content::Text(Json),
        "csv" | "tsv" => Content::Text(Csv),
        "html" | "htm" => Content::Text(Html),
        "eml" | "msg822" => Content::Mail,
        "mbox" | "mbx" => Content::Mbox,
        "zip" => Content::Zip,
        _ if is_text_extension(ext) => Content::Text(Plain),
        _ if is_binary_extension(ext) => Content::Binary("binary files cannot be scrubbed"),
        _ => return None,
    })
}

fn is_text_extension(ext: &str) -> bool {
    matches!(
        ext,
        "log"
            | "txt"
            | "text"
            | "xml"
            | "ini"
            | "cfg"
            | "conf"
            | "config"
            | "yaml"
            | "yml"
            | "properties"
            | "md"
            | "trace"
            | "out"
            | "err"
            | "ps1"
            | "bat"
            | "cmd"
            | "sh"
            | "sql"
            | "reg"
            | "xsd"
            | "svclog"
            | "evtx.txt"
    )
}

/// Extensions that name binary formats: not sniffed for text (a dump of printable bytes is
/// still a dump).
fn is_binary_extension(ext: &str) -> bool {
    matches!(
        ext,
        "bin"
            | "exe"
            | "dll"
            | "so"
            | "dylib"
            | "dat"
            | "db"
            | "sqlite"
            | "mdb"
            | "accdb"
            | "pdb"
            | "dmp"
            | "mdmp"
            | "iso"
            | "img"
            | "msi"
            | "cab"
            | "jpg"
            | "jpeg"
            | "png"
            | "gif"
            | "bmp"
            | "tif"
            | "tiff"
            | "ico"
            | "webp"
            | "pdf"
            | "doc"
            | "xls"
            | "ppt"
            | "docx"
            | "xlsx"
            | "pptx"
            | "odt"
            | "ods"
            | "msg"
            | "pst"
            | "ost"
            | "evtx"
            | "etl"
            | "gz"
            | "tgz"
            | "bz2"
            | "xz"
            | "7z"
            | "rar"
            | "tar"
            | "p7s"
            | "p7m"
            | "pfx"
            | "p12"
            | "der"
            | "cer"
            | "crt"
            | "class"
            | "jar"
            | "pyc"
            | "wav"
            | "mp3"
            | "mp4"
            | "avi"
            | "mov"
    )
}

/// Names that say a file holds text the engine can scrub.
pub fn is_text_name(name: &str) -> bool {
    matches!(extension(name).as_deref().and_then(by_extension), Some(Content::Text(_)))
}

/// Text by its bytes: a byte-order mark, the NUL pattern of UTF-16/32, or bytes that decode to
/// believable text.
fn looks_like_text(head: &[u8]) -> bool {
    let head = &head[..head.len().min(8192)];
    super::charset::decode(head, None).is_ok()
}

/// A header block (`Name: value` lines up to a blank line) naming at least two of the headers
/// every mail has.
///
/// ```
/// use scrubline::reading::looks_like_mail;
/// assert!(looks_like_mail(b"Return-Path: <x@y>\nFrom: a@b\nSubject: hi\n\nbody"));
/// assert!(looks_like_mail(b"Content-Type: text/plain\r\nMIME-Version: 1.0\r\nFrom: a@b\r\n\r\nbody"));
/// assert!(!looks_like_mail(b"2024-01-01 INFO started\n"));
/// ```
pub fn looks_like_mail(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&head[..head.len().min(64 << 10)]);
    let mut known = 0;
    for line in text.lines() {
        if line.is_empty() {
            return known >= 2;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else { return false };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return false;
        }
        let n = name.to_ascii_lowercase();
        known += matches!(
            n.as_str(),
            "from"
                | "to"
                | "subject"
                | "date"
                | "message-id"
                | "received"
                | "return-path"
                | "mime-version"
                | "content-type"
        ) as usize;
    }
    // The whole head was headers (a long header block): judge by what was seen.
    known >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_beats_names_and_declared_types() {
        assert_eq!(classify("notes.txt", "text/plain", b"\x89PNG\r\n"), Content::Binary("images cannot be scrubbed"));
        assert_eq!(classify("logs.log", "text/plain", b"PK\x03\x04"), Content::Zip);
        assert_eq!(classify("x.bin", "application/octet-stream", b"\x1f\x8b\x08"), MAGIC_GZIP);
    }

    const MAGIC_GZIP: Content = Content::Binary("gzip-compressed data is not opened (only zip archives are)");

    #[test]
    fn names_types_and_bytes() {
        assert_eq!(classify("a.json", "", b"{}"), Content::Text(TextFormat::Json));
        assert_eq!(classify("", "text/html", b"<p>"), Content::Text(TextFormat::Html));
        assert_eq!(classify("", "message/delivery-status", b"Reporting-MTA: dns; x"), Content::Text(TextFormat::Plain));
        assert_eq!(classify("1700000000.M1P1.host:2,S", "", b"From: a@b\nTo: c@d\n\nhi"), Content::Mail);
        assert_eq!(
            classify("noname", "application/octet-stream", b"plain words here\n"),
            Content::Text(TextFormat::Plain)
        );
        let utf16: Vec<u8> = "2025-01-01 start\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(classify("noname", "application/octet-stream", &utf16), Content::Text(TextFormat::Plain));
        let noise: Vec<u8> = (0..2048u32).map(|i| (i.wrapping_mul(2654435761) >> 11) as u8).collect();
        assert!(matches!(classify("blob", "application/octet-stream", &noise), Content::Binary(_)));
        assert_eq!(classify("mail.eml", "", b"just text"), Content::Mail, "quarantined as not a message later");
    }
}
