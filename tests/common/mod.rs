//! Helpers shared by the package tests: what a reader of a sanitized package can see.
#![allow(dead_code)]

pub mod clickhouse;
pub mod service;
pub mod telemetry_worker;

use mail_parser::{Address, MessageParser, MimeHeaders, PartType};
use std::io::Read;

/// Everything a reader of the sanitized package could see, decoded.
pub fn visible_text(raw: &[u8], out: &mut String) {
    let msg = MessageParser::default().parse(raw).expect("the sanitized message re-parses");
    visible_message(&msg, out);
}

/// The same for a parsed message. A forwarded message is walked as parsed: mail-parser's
/// `raw_message` of an inline nested message is the whole outer message.
fn visible_message(msg: &mail_parser::Message<'_>, out: &mut String) {
    for a in [msg.from(), msg.to(), msg.cc(), msg.reply_to()].into_iter().flatten() {
        if let Address::List(l) = a {
            for x in l {
                out.push_str(&format!("{} {}\n", x.name.as_deref().unwrap_or(""), x.address.as_deref().unwrap_or("")));
            }
        }
    }
    for h in msg.root_part().headers.iter() {
        if let Some(t) = h.value.as_text() {
            out.push_str(t);
            out.push('\n');
        }
    }
    for i in 0..msg.text_body_count() {
        out.push_str(&msg.body_text(i).unwrap_or_default());
    }
    for i in 0..msg.html_body_count() {
        out.push_str(&msg.body_html(i).unwrap_or_default());
    }
    for part in msg.attachments() {
        out.push_str(part.attachment_name().unwrap_or(""));
        out.push('\n');
        match &part.body {
            PartType::Message(m) => visible_message(m, out),
            PartType::Text(t) | PartType::Html(t) => out.push_str(t),
            PartType::Binary(b) | PartType::InlineBinary(b) => {
                if b.starts_with(b"PK\x03\x04") {
                    unzip_text(b, out);
                } else {
                    out.push_str(&String::from_utf8_lossy(b));
                }
            }
            PartType::Multipart(_) => {}
        }
    }
}

pub fn unzip_text(bytes: &[u8], out: &mut String) {
    let mut ar = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("sanitized archives open");
    for i in 0..ar.len() {
        let mut f = ar.by_index(i).unwrap();
        out.push_str(f.name());
        out.push('\n');
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if data.starts_with(b"PK\x03\x04") {
            unzip_text(&data, out);
        } else {
            out.push_str(&String::from_utf8_lossy(&data));
        }
    }
}

pub fn contains_word(hay: &str, word: &str) -> bool {
    hay.match_indices(word).any(|(i, _)| {
        !hay[..i].chars().next_back().is_some_and(char::is_alphanumeric)
            && !hay[i + word.len()..].chars().next().is_some_and(char::is_alphanumeric)
    })
}

/// A blocking HTTP/1.0 request to 127.0.0.1:`port`: (status, headers, body).
pub fn http(port: u16, method: &str, path: &str, token: Option<&str>) -> (u16, String, Vec<u8>) {
    http_with_body(port, method, path, token, b"")
}

/// Like `http`, with a JSON request body.
pub fn http_with_body(port: u16, method: &str, path: &str, token: Option<&str>, body: &[u8]) -> (u16, String, Vec<u8>) {
    use std::io::Write;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("service listens");
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let content = if body.is_empty() {
        String::new()
    } else {
        format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len())
    };
    write!(s, "{method} {path} HTTP/1.0\r\nHost: localhost\r\n{auth}{content}\r\n").unwrap();
    s.write_all(body).unwrap();
    let mut resp = Vec::new();
    s.read_to_end(&mut resp).unwrap();
    let split = resp.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
    let head = String::from_utf8_lossy(&resp[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head, resp[split + 4..].to_vec())
}

/// A keyring file with one fixed test key, mode 600 (scrubline refuses world-readable keys).
pub fn key_file(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("keys");
    std::fs::write(&path, "1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path
}

/// Ground truth of distinct seats per (YYYY-MM-DD, license id).
pub fn seats_truth(t: &scrubline::synth::telemetry::Telemetry) -> std::collections::BTreeMap<(String, String), u64> {
    t.seats
        .iter()
        .map(|((day, lic), s)| ((scrubline::calendar::format_date(*day as i64), lic.clone()), s.len() as u64))
        .collect()
}

/// A message whose attachment is a zip nested ten deep: over the depth limit, so quarantined.
#[allow(dead_code)]
pub fn deeply_nested_zip_mail() -> Vec<u8> {
    let mut z = scrubline::synth::mail::zip(&[("app.log", b"PESEL 44051401359".as_slice())]);
    for i in 0..10 {
        z = scrubline::synth::mail::zip(&[(&format!("l{i}.zip"), &z)]);
    }
    mail_builder::MessageBuilder::new()
        .from(("Jan Kowalski", "jan.kowalski@firma.pl"))
        .to("support@vendor.example")
        .subject("deep")
        .text_body("see attachment")
        .attachment("application/zip", "deep.zip", z)
        .write_to_vec()
        .unwrap()
}
