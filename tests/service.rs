//! `scrubline serve` against a real ClickHouse: authentication, roles, listing and search,
//! downloads, and an access-log row for every request under /api, granted or denied.

mod common;

use common::http;
use common::service::{self, ok, scrubline};
use scrubline::engine::{Keyring, Kind};
use std::process::Command;
use std::time::{Duration, Instant};

const KEYS: &str = "1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";

#[test]
fn staff_find_and_download_packages_and_every_request_is_audited() {
    let service::Ingested { ch, dir, packages, report, .. } = service::ingested(200..202, &[]);
    assert!(report.contains("stored 2 package(s)"), "{report}");
    let url = ch.url();
    let db = ["--clickhouse-url", url.as_str(), "--clickhouse-database", "sl"];

    let tokens = dir.path().join("tokens.toml");
    let t = tokens.to_str().unwrap();
    let alice =
        ok(scrubline(&["tokens", "new", "--file", t, "--name", "alice", "--role", "support"])).trim().to_string();
    let bob =
        ok(scrubline(&["tokens", "new", "--file", t, "--name", "bob", "--role", "license-admin"])).trim().to_string();
    let carol = ok(scrubline(&["tokens", "new", "--file", t, "--name", "carol", "--role", "dpo"])).trim().to_string();
    assert!(!std::fs::read_to_string(&tokens).unwrap().contains(&alice), "tokens are stored hashed");

    let (mut server, port) = service::start(&[&["--tokens", t][..], &db].concat());
    assert_eq!(http(port, "GET", "/health", None).0, 200);

    // Denied: no token, an unknown token, a role that may not read packages.
    let (status, head, _) = http(port, "GET", "/api/packages", None);
    assert_eq!(status, 401);
    assert!(head.to_ascii_lowercase().contains("www-authenticate: bearer"), "{head}");
    assert_eq!(http(port, "GET", "/api/packages", Some("slt_not_a_token")).0, 401);
    assert_eq!(http(port, "GET", "/api/packages", Some(&bob)).0, 403);

    // Granted: list, filter by license, by data-subject pseudonym, by date.
    let list = |q: &str, tok: &str| -> Vec<serde_json::Value> {
        let (status, _, body) = http(port, "GET", &format!("/api/packages{q}"), Some(tok));
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        v["packages"].as_array().unwrap().clone()
    };
    let all = list("", &alice);
    assert_eq!(all.len(), 2);
    let lic = packages[1].keep.iter().find(|k| k.value.starts_with("LIC-")).unwrap().value.clone();
    let by_license = list(&format!("?license_id={lic}"), &alice);
    assert_eq!(by_license.len(), 1);
    let email = packages[0].planted.iter().find(|v| v.kind == Kind::Email).unwrap().value.to_lowercase();
    let token = Keyring::parse(KEYS, "t").unwrap().all_tokens(Kind::Email, email.as_bytes()).pop().unwrap();
    let by_subject =
        list(&format!("?subject={}", token.replace('[', "%5B").replace(']', "%5D").replace(':', "%3A")), &carol);
    assert_eq!(by_subject.len(), 1, "found by the sender's pseudonym");
    assert_eq!(list("?from=2000-01-01&to=2100-12-31", &alice).len(), 2);
    assert_eq!(list("?to=2001-01-01", &alice).len(), 0);
    assert_eq!(http(port, "GET", "/api/packages?from=yesterday", Some(&alice)).0, 400);

    // Downloads: the sanitized message re-parses and is the stored one; the manifest is JSON.
    let id = by_license[0]["package_id"].as_str().unwrap().to_string();
    let (status, head, eml) = http(port, "GET", &format!("/api/packages/{id}/eml"), Some(&alice));
    assert_eq!(status, 200);
    assert!(head.to_ascii_lowercase().contains("content-type: message/rfc822"), "{head}");
    assert!(mail_parser::MessageParser::default().parse(&eml).is_some());
    let stored =
        ch.query(&format!("SELECT hex(sanitized_eml) FROM sl.diagnostic_packages FINAL WHERE package_id = '{id}'"));
    assert_eq!(stored.trim(), eml.iter().map(|b| format!("{b:02X}")).collect::<String>());
    let (status, _, manifest) = http(port, "GET", &format!("/api/packages/{id}/manifest"), Some(&carol));
    assert_eq!(status, 200);
    let m: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    assert_eq!(m["package_id"], id.as_str());
    assert_eq!(http(port, "GET", "/api/packages/0123456789abcdef0123456789abcdef/eml", Some(&alice)).0, 404);
    assert_eq!(http(port, "GET", &format!("/api/packages/{id}/eml"), Some(&bob)).0, 403);

    // Stop gracefully; the access log is flushed on the way out.
    Command::new("kill").args(["-TERM", &server.0.id().to_string()]).status().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.0.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "service did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = ch.query(
        "SELECT result, status, count() FROM sl.access_log GROUP BY result, status ORDER BY result, status FORMAT TSV",
    );
    assert_eq!(
        log, "denied\t401\t2\ndenied\t403\t2\nerror\t400\t1\nerror\t404\t1\ngranted\t200\t7\n",
        "every /api request logged with its outcome; /health is not"
    );
    let who = ch.query(
        "SELECT principal, role, count() FROM sl.access_log GROUP BY principal, role ORDER BY principal FORMAT TSV",
    );
    assert_eq!(who, "-\t-\t2\nalice\tsupport\t7\nbob\tlicense_admin\t2\ncarol\tdpo\t2\n");
    assert!(!ch.query("SELECT * FROM sl.access_log FORMAT TSV").contains(&alice), "no token in the log");
}

#[test]
fn every_route_is_described_in_the_openapi_file_and_nothing_else() {
    let code = std::fs::read_to_string("src/service/mod.rs").unwrap();
    let routes: std::collections::BTreeSet<String> = code
        .match_indices(".route(\"")
        .map(|(i, m)| {
            let rest = &code[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect();
    let spec: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string("docs/openapi.yaml").unwrap()).unwrap();
    let documented: std::collections::BTreeSet<String> =
        spec["paths"].as_mapping().unwrap().keys().map(|k| k.as_str().unwrap().to_string()).collect();
    assert!(routes.contains("/api/subjects/find"), "{routes:?}");
    assert_eq!(routes, documented);
}
