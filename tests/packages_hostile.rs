//! Hostile diagnostic packages: each is quarantined with its reason or processed within the
//! limits, never panics, and never lets a planted value through.

mod common;

use common::visible_text;
use mail_builder::MessageBuilder;
use scrubline::engine::{RulePack, Scrubber};
use scrubline::packages::{PackageSanitizer, PackagesConfig, PartAction, QuarantineReason};
use scrubline::synth::{mail, NamePool};
use std::sync::OnceLock;

const PESEL: &str = "44051401359";

fn scrubber() -> &'static Scrubber {
    static S: OnceLock<Scrubber> = OnceLock::new();
    S.get_or_init(|| Scrubber::new(&RulePack::embedded_default(), None).unwrap())
}

fn intake() -> PackageSanitizer<'static> {
    PackageSanitizer::new(scrubber(), PackagesConfig::embedded_default()).unwrap()
}

fn message_with(attachments: Vec<(&str, &str, Vec<u8>)>) -> Vec<u8> {
    let mut b = MessageBuilder::new()
        .from(("Jan Kowalski", "jan.kowalski@firma.pl"))
        .to("support@vendor.example")
        .subject("Ticket #12345 logs")
        .text_body(format!("PESEL {PESEL}, see attachments"));
    for (ctype, name, bytes) in attachments {
        b = b.attachment(ctype, name, bytes);
    }
    b.write_to_vec().unwrap()
}

fn assert_clean(eml: &[u8]) {
    let mut text = String::new();
    visible_text(eml, &mut text);
    assert!(!text.contains(PESEL), "a planted PESEL survived");
    assert!(!text.contains("jan.kowalski@firma.pl"), "an address survived");
}

#[test]
fn truncated_mime_is_processed_or_quarantined_and_never_leaks() {
    let names = NamePool::from_pack(&RulePack::embedded_default());
    let p = mail::package(&names, 1);
    for cut in [p.raw.len() / 10, p.raw.len() / 3, p.raw.len() * 6 / 10, p.raw.len() - 7] {
        match intake().sanitize(&p.raw[..cut]) {
            Ok(s) => {
                let mut text = String::new();
                visible_text(&s.eml, &mut text);
                for v in p.planted.iter().filter(|v| v.kind != scrubline::engine::Kind::Name) {
                    assert!(!text.contains(&v.value), "cut at {cut}: {:?} survived", v.kind);
                }
            }
            Err(q) => assert!(!q.reason.to_string().is_empty()),
        }
    }
}

#[test]
fn an_unknown_charset_still_gets_scrubbed() {
    let raw = format!(
        "From: Jan Kowalski <jan.kowalski@firma.pl>\r\nSubject: test\r\nContent-Type: text/plain; charset=klingon\r\n\r\nPESEL {PESEL}\r\n"
    );
    let s = intake().sanitize(raw.as_bytes()).expect("processed");
    assert_clean(&s.eml);
}

#[test]
fn invalid_base64_parts_are_removed_or_clean() {
    let raw = format!(
        "From: Jan Kowalski <jan.kowalski@firma.pl>\r\nSubject: logs\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n\
         --b1\r\nContent-Type: application/octet-stream; name=\"app.log\"\r\nContent-Disposition: attachment; filename=\"app.log\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n!!!not*base64 PESEL {PESEL} ###\r\n--b1--\r\n"
    );
    let s = intake().sanitize(raw.as_bytes()).expect("processed");
    assert_clean(&s.eml);
}

#[test]
fn a_zip_bomb_is_quarantined_as_one() {
    let zeros = vec![0u8; 16 << 20];
    let bomb = mail::zip(&[("huge.log", &zeros)]);
    assert!(bomb.len() < 100_000, "the bomb compresses well ({} bytes)", bomb.len());
    let q = intake().sanitize(&message_with(vec![("application/zip", "logs.zip", bomb)])).unwrap_err();
    assert!(matches!(q.reason, QuarantineReason::CompressionRatio { .. }), "{}", q.reason);
    assert_eq!(q.reason.label(), "compression_ratio");
}

#[test]
fn ten_levels_of_nested_zip_are_quarantined_as_too_deep() {
    let mut z = mail::zip(&[("app.log", format!("PESEL {PESEL}").as_bytes())]);
    for i in 0..10 {
        z = mail::zip(&[(&format!("level{i}.zip"), &z)]);
    }
    let q = intake().sanitize(&message_with(vec![("application/zip", "nested.zip", z)])).unwrap_err();
    assert!(matches!(q.reason, QuarantineReason::TooDeep { .. }), "{}", q.reason);
}

#[test]
fn a_shallow_nested_zip_is_scrubbed_inside() {
    let mut z = mail::zip(&[("app.log", format!("PESEL {PESEL}\n").as_bytes())]);
    for i in 0..2 {
        z = mail::zip(&[(&format!("level{i}.zip"), &z)]);
    }
    let s = intake().sanitize(&message_with(vec![("application/zip", "nested.zip", z)])).expect("processed");
    assert_clean(&s.eml);
    assert!(s
        .manifest
        .parts
        .iter()
        .any(|p| p.path.ends_with("level0.zip/app.log") && p.findings.get("pesel") == Some(&1)));
}

#[test]
fn a_50_mb_binary_attachment_is_removed_within_limits() {
    let big = vec![0x5au8; 50 << 20];
    let s = intake().sanitize(&message_with(vec![("application/octet-stream", "dump.bin", big)])).expect("processed");
    let part = s.manifest.parts.iter().find(|p| p.path.ends_with("dump.bin")).unwrap();
    assert_eq!(part.action, PartAction::Removed);
    assert_eq!(part.bytes_before, 50 << 20);
    assert!(s.eml.len() < 1 << 20, "the removed attachment is not in the output");
    assert_clean(&s.eml);
}

#[test]
fn ten_thousand_parts_are_quarantined() {
    let mut raw = String::from("From: a@b.example\r\nSubject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"p\"\r\n\r\n");
    for i in 0..10_000 {
        raw.push_str(&format!("--p\r\nContent-Type: text/plain\r\n\r\npart {i}\r\n"));
    }
    raw.push_str("--p--\r\n");
    let q = intake().sanitize(raw.as_bytes()).unwrap_err();
    assert!(matches!(q.reason, QuarantineReason::TooManyParts { .. }), "{}", q.reason);
}

#[test]
fn bytes_that_are_not_mail_are_quarantined() {
    let q = intake().sanitize(b"\x00\x01\x02 just some bytes without any header").unwrap_err();
    assert_eq!(q.reason, QuarantineReason::NotAMessage);
}

#[test]
fn a_message_over_the_size_limit_is_quarantined_unread() {
    let mut config = PackagesConfig::embedded_default();
    config.limits.max_message_bytes = 1000;
    let intake = PackageSanitizer::new(scrubber(), config).unwrap();
    let q = intake.sanitize(&message_with(vec![("text/plain", "a.log", vec![b'x'; 5000])])).unwrap_err();
    assert!(matches!(q.reason, QuarantineReason::TooLarge { .. }));
    assert!(q.reason.to_string().contains("exceeds the limit"));
}

#[test]
fn encrypted_and_binary_archive_entries_are_removed_and_listed() {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("locked.log", stored).unwrap();
    w.write_all(format!("PESEL {PESEL}").as_bytes()).unwrap();
    w.start_file("photo.jpg", zip::write::SimpleFileOptions::default()).unwrap();
    w.write_all(&[0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).unwrap();
    w.start_file("ok.log", zip::write::SimpleFileOptions::default()).unwrap();
    w.write_all(format!("PESEL {PESEL}\n").as_bytes()).unwrap();
    let mut z = w.finish().unwrap().into_inner();
    // Mark the first entry encrypted (general-purpose bit 0 in its local and central headers):
    // what an encrypted entry looks like to a reader without the password.
    z[6] |= 1;
    let central = z.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    z[central + 8] |= 1;
    let s = intake().sanitize(&message_with(vec![("application/zip", "logs.zip", z)])).expect("processed");
    assert_clean(&s.eml);
    let action =
        |name: &str| s.manifest.parts.iter().find(|p| p.path.ends_with(name)).map(|p| (p.action, p.reason.clone()));
    assert_eq!(action("locked.log").unwrap().0, PartAction::Removed);
    assert!(action("locked.log").unwrap().1.unwrap().contains("encrypted"));
    assert_eq!(action("photo.jpg").unwrap().0, PartAction::Removed);
    assert_eq!(action("ok.log").unwrap().0, PartAction::Scrubbed);
}
