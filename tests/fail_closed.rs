//! Fail closed, on mail and files written by software other than ours (tests/fixtures/mail,
//! made by Python's email package under both policies and by hand in the shapes of Outlook,
//! Thunderbird, Apple Mail, MTAs and .NET tools). Every class the fail-closed issue names has
//! its test here; on the code before that issue each of them leaked or was quarantined.

mod common;

use common::{contains_word, visible_text};
use mail_parser::MimeHeaders;
use scrubline::engine::{Kind, RulePack, Scrubber};
use scrubline::packages::{PackageSanitizer, PackagesConfig, PartAction, Sanitized};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail")
}

fn scrubber() -> &'static Scrubber {
    static S: OnceLock<Scrubber> = OnceLock::new();
    S.get_or_init(|| Scrubber::new(&RulePack::embedded_default(), None).unwrap())
}

/// One fixture's line of truth.jsonl.
struct Truth {
    planted: Vec<(String, String)>,
    keep: Vec<String>,
}

fn truth(file: &str) -> Truth {
    let text = std::fs::read_to_string(fixtures().join("truth.jsonl")).unwrap();
    let line = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["file"] == file)
        .unwrap_or_else(|| panic!("{file} in truth.jsonl"));
    Truth {
        planted: line["planted"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["kind"].as_str().unwrap().to_string(), p["value"].as_str().unwrap().to_string()))
            .collect(),
        keep: line["keep"].as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_string()).collect(),
    }
}

fn sanitize(file: &str) -> Sanitized {
    let raw = std::fs::read(fixtures().join(file)).unwrap();
    let intake = PackageSanitizer::new(scrubber(), PackagesConfig::embedded_default()).unwrap();
    intake.sanitize(&raw).unwrap_or_else(|q| panic!("{file} quarantined: {}", q.reason))
}

/// What a reader can see, with HTML character references and %-escapes undone the simple way
/// (this test's own decoding, apart from the product's).
fn readable(eml: &[u8]) -> String {
    let mut text = String::new();
    visible_text(eml, &mut text);
    let mut out = text.clone();
    let mut i = 0;
    let b = text.as_bytes();
    let mut decoded = String::new();
    while i < b.len() {
        if b[i] == b'&' && b.get(i + 1) == Some(&b'#') {
            if let Some(end) = text[i..].find(';') {
                let num = &text[i + 2..i + end];
                let v =
                    num.strip_prefix(['x', 'X']).map_or_else(|| num.parse().ok(), |h| u32::from_str_radix(h, 16).ok());
                if let Some(c) = v.and_then(char::from_u32) {
                    decoded.push(c);
                    i += end + 1;
                    continue;
                }
            }
        }
        decoded.push(text[i..].chars().next().unwrap());
        i += text[i..].chars().next().unwrap().len_utf8();
    }
    out.push('\n');
    out.push_str(&decoded);
    out.push_str(&uudecoded(&text));
    out
}

/// The files inside `begin 644 name` … `end` blocks, decoded (a few lines of this test's own).
fn uudecoded(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("begin ") {
            inside = true;
        } else if line == "end" {
            inside = false;
        } else if inside && !line.is_empty() {
            let b = line.as_bytes();
            let n = ((b[0] - 32) & 63) as usize;
            let mut bytes = Vec::new();
            for q in b[1..].chunks(4) {
                let v: Vec<u32> = (0..4).map(|k| ((q.get(k).copied().unwrap_or(b' ') - 32) & 63) as u32).collect();
                let w = v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3];
                bytes.extend([(w >> 16) as u8, (w >> 8) as u8, w as u8]);
            }
            bytes.truncate(n);
            out.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    out
}

fn assert_clean_and_whole(file: &str, seen: &str) {
    let t = truth(file);
    for (kind, value) in &t.planted {
        if kind == "name" {
            for w in value.split_whitespace().filter(|w| w.chars().count() >= 3) {
                assert!(!contains_word(seen, w), "{file}: a name word survived ({kind})");
            }
        } else {
            assert!(!seen.contains(value.as_str()), "{file}: a {kind} value survived");
        }
    }
    for k in &t.keep {
        assert!(seen.contains(k.as_str()), "{file}: must-keep {k:?} was destroyed");
    }
}

fn scrub_cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_scrubline")).args(args).env_remove("SCRUBLINE_KEY").output().unwrap()
}

#[test]
fn utf16_logs_given_as_files_are_decoded_and_scrubbed() {
    let out = tempfile::tempdir().unwrap();
    for name in ["app-utf16le-bom.log", "app-utf16be-nobom.log", "app-utf16le-nobom.log"] {
        let input = fixtures().join("files").join(name);
        let o = scrub_cli(&["scrub", "--out", out.path().to_str().unwrap(), input.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&o.stderr));
        let bytes = std::fs::read(out.path().join(name)).unwrap();
        let text = String::from_utf8(bytes).expect("results are written as UTF-8");
        assert!(!text.contains('\0'));
        assert_clean_and_whole(&format!("files/{name}"), &text);
        let raw_lines = String::from_utf8_lossy(&std::fs::read(&input).unwrap()).matches('\n').count();
        assert_eq!(text.matches('\n').count(), raw_lines, "{name}: a log keeps its line count");
    }
}

#[test]
fn utf16_logs_as_attachments_in_both_byte_orders_with_and_without_a_mark() {
    for file in ["utf16le-bom-log.eml", "utf16be-bom-log.eml", "utf16le-nobom-log.eml", "utf16be-nobom-log.eml"] {
        let s = sanitize(file);
        let log = s.manifest.parts.iter().find(|p| p.path.starts_with("attachment/")).expect("the log is listed");
        assert_eq!(log.action, PartAction::Scrubbed, "{file}");
        assert!(log.findings.values().sum::<u64>() >= 5, "{file}: the log was read, findings {:?}", log.findings);
        assert_clean_and_whole(file, &readable(&s.eml));
    }
}

#[test]
fn a_utf16_log_inside_a_zip_is_read_like_any_other() {
    let s = sanitize("zip-utf16-log-nested-ini.eml");
    let members: Vec<_> = s.manifest.parts.iter().filter(|p| p.path.contains(".zip/")).collect();
    assert!(members.len() >= 2, "{members:?}");
    assert!(members.iter().all(|m| m.action == PartAction::Scrubbed && !m.findings.is_empty()), "{members:?}");
    assert_clean_and_whole("zip-utf16-log-nested-ini.eml", &readable(&s.eml));
}

#[test]
fn forwarded_messages_from_every_writer_nest_as_deep_as_they_really_are() {
    for file in [
        "py-compat32-forward.eml",
        "py-default-forward.eml",
        "thunderbird-flowed-forward.eml",
        "forward-unusual-header-order.eml",
        "forward-two-levels.eml",
        "message-global.eml",
        "bounce-delivery-status.eml",
    ] {
        let s = sanitize(file);
        assert!(s.manifest.parts.iter().any(|p| p.path.starts_with("forwarded[1]/")), "{file}: the forward was read");
        assert_clean_and_whole(file, &readable(&s.eml));
    }
    let two = sanitize("forward-two-levels.eml");
    assert!(two.manifest.parts.iter().any(|p| p.path.starts_with("forwarded[1]/") && p.path.contains("forwarded[2]")
        || p.path.starts_with("forwarded[2]/")));
}

#[test]
fn a_forward_written_by_mail_builder_is_sanitized_not_quarantined() {
    let inner = mail_builder::MessageBuilder::new()
        .from(("Anna Nowak", "anna.nowak@firma.pl"))
        .to("pomoc@vendor.example")
        .subject("Błąd wysyłki")
        .text_body("PESEL 44051401359, tel. +48 601 234 567")
        .write_to_vec()
        .unwrap();
    let outer = mail_builder::MessageBuilder::new()
        .from(("Jan Kowalski", "jan.kowalski@firma.pl"))
        .to("pomoc@vendor.example")
        .subject("Fwd: Błąd wysyłki")
        .text_body("Przesyłam dalej.")
        .attachment("message/rfc822", "fwd.eml", inner)
        .write_to_vec()
        .unwrap();
    let intake = PackageSanitizer::new(scrubber(), PackagesConfig::embedded_default()).unwrap();
    let s = intake.sanitize(&outer).unwrap_or_else(|q| panic!("quarantined: {}", q.reason));
    let seen = readable(&s.eml);
    for v in ["44051401359", "anna.nowak@firma.pl", "601 234 567", "Nowak", "Kowalski"] {
        assert!(!seen.contains(v), "{v} survived");
    }
    assert!(seen.contains("Przesyłam dalej."));
}

#[test]
fn html_character_references_are_read_through() {
    let s = sanitize("html-character-references.eml");
    assert_clean_and_whole("html-character-references.eml", &readable(&s.eml));
}

#[test]
fn a_base64_body_without_its_transfer_encoding_header_is_decoded_and_scrubbed() {
    let s = sanitize("base64-body-no-cte.eml");
    let seen = readable(&s.eml);
    assert_clean_and_whole("base64-body-no-cte.eml", &seen);
    assert!(seen.contains("Здравейте"), "the body is shown decoded");
}

#[test]
fn url_encoded_values_even_encoded_twice_are_scrubbed_in_place() {
    let s = sanitize("url-encoded-values.eml");
    let seen = readable(&s.eml);
    assert_clean_and_whole("url-encoded-values.eml", &seen);
    assert!(seen.contains("returnUrl=%2Fdeclaration%3Fnip%3D[NIP]"), "the URL keeps its shape");
}

#[test]
fn colliding_json_keys_keep_every_value() {
    let s = sanitize("json-personal-keys.eml");
    let msg = mail_parser::MessageParser::default().parse(&s.eml).unwrap();
    let mut docs = Vec::new();
    for a in mail_parser::MimeHeaders::attachment_name(&msg.parts[0]).into_iter() {
        docs.push(a.to_string());
    }
    let jsons: Vec<serde_json::Value> =
        msg.attachments().filter_map(|p| serde_json::from_slice(p.contents()).ok()).collect();
    assert_eq!(jsons.len(), 2, "both JSON attachments kept and valid");
    let counts = jsons
        .iter()
        .find(|j| j.as_object().is_some_and(|o| o.len() == 2 && o.values().all(|v| v.is_number())))
        .expect("counts.json");
    let values: Vec<i64> = counts.as_object().unwrap().values().map(|v| v.as_i64().unwrap()).collect();
    assert_eq!(values, vec![1, 2], "no value lost to a collision: {counts}");
    let users = jsons.iter().find_map(|j| j.get("users")).expect("users.json");
    assert_eq!(users.as_object().unwrap().len(), 2, "both users kept: {users}");
    assert_clean_and_whole("json-personal-keys.eml", &readable(&s.eml));
}

#[test]
fn a_file_name_split_into_rfc2231_sections_is_read_whole_and_scrubbed() {
    // Thunderbird and Outlook split long non-ASCII names; the `Ł` here straddles two sections.
    let eml = b"From: pomoc@vendor.example\r\nTo: pomoc@vendor.example\r\nSubject: log\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nW za\xc5\x82\xc4\x85czniku log.\r\n\
--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment;\r\n\
\x20filename*0*=UTF-8''Raport_%C5; filename*1*=%81ukasz_85120347156.log\r\n\r\nstart 10:12\r\n\
--b1--\r\n";
    let intake = PackageSanitizer::new(scrubber(), PackagesConfig::embedded_default()).unwrap();
    let s = intake.sanitize(eml).unwrap_or_else(|q| panic!("quarantined: {}", q.reason));
    let out = String::from_utf8_lossy(&s.eml);
    let reparsed = mail_parser::MessageParser::default().parse(&s.eml[..]).expect("output parses");
    let names: Vec<String> = reparsed.attachments().filter_map(|a| a.attachment_name().map(str::to_string)).collect();
    assert_eq!(names.len(), 1, "{out}");
    assert!(!names[0].contains("85120347156") && !out.contains("85120347156"), "{out}");
    assert!(names[0].starts_with("Raport_") && !names[0].contains('\u{fffd}'), "{names:?}");
}

#[test]
fn tnef_signatures_and_unreadable_parts_are_removed_with_a_reason() {
    for (file, part) in [("outlook-alternative-tnef.eml", "winmail.dat"), ("smime-signed.eml", "smime.p7s")] {
        let s = sanitize(file);
        let p = s.manifest.parts.iter().find(|p| p.path.ends_with(part)).unwrap_or_else(|| panic!("{part} listed"));
        assert_eq!(p.action, PartAction::Removed, "{file}");
        assert!(p.reason.as_deref().is_some_and(|r| !r.is_empty()));
        assert_clean_and_whole(file, &readable(&s.eml));
    }
}

#[test]
fn every_fixture_output_parses_cleanly_and_keeps_its_shape() {
    let text = std::fs::read_to_string(fixtures().join("truth.jsonl")).unwrap();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = v["file"].as_str().unwrap();
        if !file.ends_with(".eml") {
            continue;
        }
        let s = sanitize(file);
        let msg = mail_parser::MessageParser::default().parse(&s.eml).expect("parses");
        assert!(msg.parts.iter().all(|p| !p.is_encoding_problem), "{file}: a part does not decode");
        let head = String::from_utf8_lossy(&s.eml[..s.eml.len().min(4096)]).into_owned();
        assert!(!head.contains("filename=\"=?"), "{file}: no encoded word inside a quoted file name");
        assert!(!String::from_utf8_lossy(&s.eml).contains('\u{fffd}'), "{file}: no replacement characters");
        let raw = std::fs::read(fixtures().join(file)).unwrap();
        let crlf_in = raw.windows(2).any(|w| w == b"\r\n");
        assert_eq!(s.eml.windows(2).any(|w| w == b"\r\n"), crlf_in, "{file}: line endings kept");
        assert_clean_and_whole(file, &readable(&s.eml));
    }
}

/// The same fixtures through the released command, checked by a decoder written apart from
/// ours (Python's email package, zipfile, html, urllib; scripts/try-mail-suites.sh).
#[test]
fn an_independent_decoder_finds_no_planted_value_in_any_fixture_output() {
    if Command::new("python3").arg("--version").output().is_err() {
        panic!("python3 is needed (scripts/setup.sh installs it)");
    }
    let o = Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/try-mail-suites.sh"))
        .arg(fixtures())
        .env("SCRUBLINE_BIN", env!("CARGO_BIN_EXE_scrubline"))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{report}{}", String::from_utf8_lossy(&o.stderr));
    assert!(report.contains("truth: 30 ok, 0 failing"), "{report}");
    assert!(report.contains("outputs with Python email defects: 0"), "{report}");
}

#[test]
fn kinds_are_reported_by_their_ids() {
    // The truth files spell kinds as the engine does.
    let text = std::fs::read_to_string(fixtures().join("truth.jsonl")).unwrap();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for p in v["planted"].as_array().unwrap() {
            let k = p["kind"].as_str().unwrap();
            assert!(Kind::from_id(k).is_some(), "unknown kind {k}");
        }
    }
}
