//! Synthetic diagnostic packages: MIME messages as users send them to support, with
//! encoded headers, text and HTML bodies, log/config/XML/JSON attachments, a windows-1250
//! CSV without a charset label, nested zip archives, a forwarded message with an attachment
//! of its own, and an image that cannot be scrubbed. Every planted value is recorded.

use super::{Builder, Kept, NamePool, Planted};
use mail_builder::headers::content_type::ContentType;
use mail_builder::MessageBuilder;
use rand::Rng;
use scrubline_engine::Kind;
use std::io::{Cursor, Write};

pub struct Package {
    pub raw: Vec<u8>,
    /// Values that must not survive anywhere in the sanitized package or its manifest.
    pub planted: Vec<Planted>,
    /// Tokens that must survive (as decoded text somewhere in the sanitized package).
    pub keep: Vec<Kept>,
    /// Attachment names that cannot be scrubbed and must be removed.
    pub unscrubbable: Vec<String>,
}

/// Text of one generated document of the given kind, its planted and kept values moved into `acc`.
fn doc(names: &NamePool, seed: u64, f: fn(&mut Builder<'_>), acc: &mut Package) -> String {
    let mut b = Builder::new(seed, names);
    f(&mut b);
    acc.planted.append(&mut b.planted);
    acc.keep.append(&mut b.keep);
    b.text
}

pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).expect("in-memory zip");
        w.write_all(data).expect("in-memory zip");
    }
    w.finish().expect("in-memory zip").into_inner()
}

fn html(text: &str) -> String {
    let body: String = text
        .lines()
        .map(|l| format!("<p>{}</p>\n", l.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")))
        .collect();
    format!("<html><body>\n{body}</body></html>\n")
}

/// One package from `seed`.
pub fn package(names: &NamePool, seed: u64) -> Package {
    let mut acc = Package { raw: Vec::new(), planted: Vec::new(), keep: Vec::new(), unscrubbable: Vec::new() };
    let mut b = Builder::new(seed, names);
    let (from_first, from_last) = b.person();
    let (cc_first, cc_last) = b.person();
    let ticket = b.keep_value("ticket");
    let lic = b.keep_value("lic");
    let module = b.keep_value("module");
    let sender_name = format!("{from_first} {from_last}");
    let sender_mail = format!("{}.{}{}@firma.pl", ascii(&from_first), ascii(&from_last), seed % 100).to_lowercase();
    let cc_name = format!("{cc_first} {cc_last}");
    let cc_mail = format!("{}@agencja-celna.com.pl", ascii(&cc_last)).to_lowercase();
    for (kind, v) in
        [(Kind::Name, &sender_name), (Kind::Email, &sender_mail), (Kind::Name, &cc_name), (Kind::Email, &cc_mail)]
    {
        acc.planted.push(Planted { kind, value: v.clone(), start: 0, unsupported: false });
    }
    for v in [&ticket, &lic] {
        acc.keep.push(Kept { value: v.clone(), start: 0 });
    }
    let body = doc(names, seed ^ 1, super::mail_doc, &mut acc);
    let log = doc(names, seed ^ 2, super::log_doc, &mut acc);
    let ini = doc(names, seed ^ 3, super::ini_doc, &mut acc);
    let xml = doc(names, seed ^ 4, super::xml_doc, &mut acc);
    let json = doc(names, seed ^ 5, super::json_doc, &mut acc);
    // Some names in the Polish sources are foreign and do not fit windows-1250: draw again.
    let csv = (6..)
        .map(|k| {
            let mut b = Builder::new(seed ^ (k << 8), names);
            super::csv_pl_doc(&mut b);
            b
        })
        .find(|b| !encoding_rs::WINDOWS_1250.encode(&b.text).2)
        .map(|mut b| {
            acc.planted.append(&mut b.planted);
            acc.keep.append(&mut b.keep);
            b.text
        })
        .expect("some draw fits windows-1250");
    let zipped_log = doc(names, seed ^ 7, super::log_doc, &mut acc);
    let nested_csv = doc(names, seed ^ 8, super::csv_doc, &mut acc);
    let fwd_body = doc(names, seed ^ 9, super::mail_doc, &mut acc);
    let fwd_log = doc(names, seed ^ 10, super::log_doc, &mut acc);

    let (csv1250, _, unmappable) = encoding_rs::WINDOWS_1250.encode(&csv);
    assert!(!unmappable, "generated CSV text fits windows-1250");
    let inner = zip(&[("eksport/kontakty.csv", nested_csv.as_bytes())]);
    let logs_zip = zip(&[("logs/app-2.log", zipped_log.as_bytes()), ("nested.zip", &inner)]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend((0..2048).map(|_| b.rng.gen::<u8>()));
    acc.unscrubbable.push("screenshot.png".into());

    let forwarded = MessageBuilder::new()
        .from((cc_name.as_str(), cc_mail.as_str()))
        .to(vec![("Support", "support@vendor.example")])
        .subject(format!("Fwd: błąd w module {module}"))
        .text_body(fwd_body.as_str())
        .attachment("text/plain", "notatki.txt", fwd_log.as_bytes())
        .write_to_vec()
        .expect("in-memory message");

    acc.raw = MessageBuilder::new()
        .from((sender_name.as_str(), sender_mail.as_str()))
        .to(vec![("Wsparcie techniczne", "support@vendor.example")])
        .cc(vec![(cc_name.as_str(), cc_mail.as_str())])
        .subject(format!("[Ticket #{ticket}] Problem z modułem {module}, licencja {lic}"))
        .header("X-License-Id", mail_builder::headers::text::Text::new(lic.clone()))
        .header("X-Sender-Workstation", mail_builder::headers::text::Text::new(format!("WS-{}", seed % 1000)))
        .text_body(body.as_str())
        .html_body(html(&body))
        .attachment("text/plain", "app.log", log.as_bytes())
        .attachment("text/plain", "config.ini", ini.as_bytes())
        .attachment("application/xml", "deklaracja.xml", xml.as_bytes())
        .attachment("application/json", "config.json", json.as_bytes())
        .attachment("application/octet-stream", "kontakty.csv", csv1250.into_owned())
        .attachment("application/zip", "logs.zip", logs_zip)
        .attachment(ContentType::new("image/png"), "screenshot.png", png)
        .attachment("message/rfc822", "przekazana.eml", forwarded)
        .write_to_vec()
        .expect("in-memory message");
    acc
}

/// ASCII spelling of a name for e-mail local parts.
fn ascii(s: &str) -> String {
    super::translit(s).chars().filter(char::is_ascii_alphanumeric).collect()
}
