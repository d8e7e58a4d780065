//! The support page in a real browser: headless Chromium (Debian's `chromium`), driven by
//! Playwright (`tests/browser/`), against `scrubline serve` and a real ClickHouse holding
//! sanitized and quarantined packages. The browser script signs in, searches, opens a package,
//! downloads, checks accessibility and the denials, and saves screenshots; this test then
//! checks what it left behind: the screenshots, downloads free of every planted value, and an
//! access-log row for each page view and download.

mod common;

use common::service::{self, ok, scrubline};
use common::{http, http_with_body};
use scrubline::engine::Kind;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Where the screenshots stay after the test: `target/support-page/`.
fn output_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/support-page");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn browser_tools() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir() && Path::new("/usr/bin/chromium").exists(),
        "the browser test needs Debian's chromium and `npm ci` in tests/browser: run scripts/setup.sh"
    );
    dir
}

#[test]
fn support_staff_use_the_page_in_a_real_browser() {
    let tools = browser_tools();
    let out = output_dir();
    let service::Ingested { ch, dir, keys, packages, report } =
        service::ingested(600..603, &[("deep.eml", common::deeply_nested_zip_mail())]);
    assert!(report.contains("stored 3 package(s), quarantined 1"), "{report}");
    let url = ch.url();
    let db = ["--clickhouse-url", url.as_str(), "--clickhouse-database", "sl"];
    let license =
        ch.query("SELECT any(license_id) FROM sl.diagnostic_packages WHERE license_id != ''").trim().to_string();
    assert!(!license.is_empty(), "the generated packages name a license");
    let quarantined = ch.query("SELECT any(package_id) FROM sl.package_quarantine").trim().to_string();

    let tokens = dir.path().join("tokens.toml");
    let t = tokens.to_str().unwrap();
    let token = |name: &str, role: &str| {
        ok(scrubline(&["tokens", "new", "--file", t, "--name", name, "--role", role])).trim().to_string()
    };
    let (alice, bob, carol) = (token("alice", "support"), token("bob", "license-admin"), token("carol", "dpo"));

    let (_server, port) = service::start(&[&["--tokens", t, "--key-file", keys.to_str().unwrap()][..], &db].concat());

    // Pages carry the headers that keep them from running or loading anything foreign.
    let (status, head, _) = http(port, "GET", "/login", None);
    assert_eq!(status, 200);
    for h in ["content-security-policy: default-src 'none'", "x-frame-options: deny", "cache-control: no-store"] {
        assert!(head.to_ascii_lowercase().contains(h), "{h} missing from\n{head}");
    }

    // A person the DPO can look up: a planted address the pipeline recorded as a subject.
    let subject_email = packages[0]
        .planted
        .iter()
        .filter(|p| p.kind == Kind::Email && !p.unsupported)
        .map(|p| p.value.clone())
        .find(|email| {
            let body = serde_json::json!({ "email": [email], "reference": "probe" }).to_string();
            let (s, _, b) = http_with_body(port, "POST", "/api/subjects/find", Some(&carol), body.as_bytes());
            let v: serde_json::Value = serde_json::from_slice(&b).unwrap_or_default();
            s == 200 && v["packages"].as_array().is_some_and(|p| !p.is_empty())
        })
        .expect("a planted e-mail address is a recorded subject");

    let run = Command::new("node")
        .arg("support_page.mjs")
        .current_dir(&tools)
        .env("BASE_URL", format!("http://127.0.0.1:{port}"))
        .env("OUT_DIR", &out)
        .env("TOKEN_SUPPORT", &alice)
        .env("TOKEN_ADMIN", &bob)
        .env("TOKEN_DPO", &carol)
        .env("LICENSE", &license)
        .env("QUARANTINED_ID", &quarantined)
        .env("SUBJECT_EMAIL", &subject_email)
        .output()
        .expect("node runs");
    let said = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "browser script failed:\n{said}");

    // Screenshots: real PNGs, one per step.
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let shots = report["screenshots"].as_array().unwrap();
    assert!(shots.len() >= 10, "{said}");
    for s in shots {
        let png = std::fs::read(out.join(s.as_str().unwrap())).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 5_000, "{s} is not a screenshot");
    }
    assert!(report["a11y"]["package"]["lowestContrast"].as_f64().unwrap() >= 4.5);

    // What was downloaded holds none of the values planted in any package (read decoded, as a
    // person would: the message's bodies and attachments, and the single part as it is).
    let files: Vec<Vec<u8>> = report["downloads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| std::fs::read(out.join("downloads").join(d.as_str().unwrap())).unwrap())
        .collect();
    assert_eq!(files.len(), 2);
    assert!(files[0].windows(13).any(|w| w.eq_ignore_ascii_case(b"MIME-Version:")), "the first download is a message");
    let mut seen = String::new();
    common::visible_text(&files[0], &mut seen);
    seen.push_str(&String::from_utf8_lossy(&files[1]));
    // Words of names the engine is not expected to find (no dictionary entry, no cue) may
    // remain; the downloads come from one package, so such words of any package count.
    let unsupported: Vec<&str> = packages
        .iter()
        .flat_map(|p| &p.planted)
        .filter(|v| v.unsupported)
        .flat_map(|v| v.value.split_whitespace())
        .collect();
    for p in &packages {
        for v in p.planted.iter().filter(|v| !v.unsupported) {
            if v.kind == Kind::Name {
                for w in v.value.split_whitespace().filter(|w| w.chars().count() >= 3 && !unsupported.contains(w)) {
                    assert!(!common::contains_word(&seen, w), "name word {w:?} downloaded");
                }
            } else {
                assert!(!seen.contains(&v.value), "{:?} {} downloaded", v.kind, v.value);
            }
        }
    }

    // Every page view and download is in the access log, with who and what.
    let rows = |cond: &str| -> u64 {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let n: u64 = ch.query(&format!("SELECT count() FROM sl.access_log WHERE {cond}")).trim().parse().unwrap();
            if n > 0 || Instant::now() > deadline {
                return n;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    };
    assert!(rows("principal = '-' AND path = '/packages' AND status = 401 AND result = 'denied'") >= 1);
    assert!(
        rows("principal = '-' AND path = '/login' AND method = 'POST' AND status = 401 AND result = 'denied'") >= 1
    );
    assert!(rows("principal = 'alice' AND path = '/login' AND method = 'POST' AND result = 'granted'") >= 1);
    assert!(rows("principal = 'alice' AND path = '/packages' AND result = 'granted'") >= 2);
    assert!(
        rows("principal = 'alice' AND path LIKE '/packages/%/eml' AND package_id != '' AND result = 'granted'") >= 1
    );
    assert!(rows("principal = 'alice' AND path LIKE '/packages/%/parts/%' AND result = 'granted'") >= 1);
    assert!(
        rows(&format!("principal = 'alice' AND path = '/packages/{quarantined}' AND package_id = '{quarantined}'"))
            >= 1
    );
    assert!(rows("principal = 'alice' AND path = '/subjects' AND status = 403") >= 1);
    assert!(rows("principal = 'alice' AND path = '/logout' AND status = 403") >= 1, "the forged sign-out is refused");
    assert!(rows("principal = 'bob' AND path = '/packages' AND status = 403 AND result = 'denied'") >= 1);
    assert!(rows("principal = 'carol' AND path = '/subjects' AND method = 'POST' AND result = 'granted'") >= 1);
    assert_eq!(
        ch.query("SELECT count() FROM sl.subject_requests WHERE operator = 'carol' AND reference = 'DSR-BROWSER-1'")
            .trim(),
        "1",
        "the DPO's lookup is in the audit trail"
    );
}
