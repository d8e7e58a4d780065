//! One snapshot per case in tests/cases: the sanitized output and the findings (kind, span,
//! action and reason), with the default pack and a fixed test key. Review changes with `cargo insta review`
//! (or `INSTA_UPDATE=always cargo test --test snapshots` and read the diff).

use scrubline::engine::{Keyring, RulePack, Scratch, Scrubber};
use scrubline::reading::{classify, scrub_document, Content, TextFormat};

const TEST_KEYS: &str = "1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";

fn render(s: &Scrubber, path: &std::path::Path) -> String {
    let input = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    let Content::Text(ty) = classify(&name, "", &input) else { panic!("{name} is not text") };
    let mut scratch = Scratch::default();
    let mut out = String::new();
    if ty == TextFormat::Plain {
        let r = s.scrub_with(&input, &mut scratch);
        out.push_str(&String::from_utf8_lossy(&r.text));
        out.push_str("\n---- findings\n");
        for f in &r.findings {
            out.push_str(&format!("{} {}..{} {:?} {}\n", f.kind, f.start, f.end, f.action, f.reason(s)));
        }
    } else {
        let r = scrub_document(s, ty, &input, &mut scratch);
        assert!(r.rejected.is_empty(), "{:?}", r.rejected);
        out.push_str(&String::from_utf8_lossy(&r.output));
        out.push_str("\n---- counts\n");
        for (k, n) in r.counts.iter() {
            out.push_str(&format!("{k} {n}\n"));
        }
        out.push_str("---- reasons\n");
        for (reason, n) in r.counts.reasons(s) {
            out.push_str(&format!("{reason} {n}\n"));
        }
    }
    out
}

#[test]
fn redacted() {
    let s = Scrubber::new(&RulePack::embedded_default(), None).unwrap();
    insta::glob!("cases/*", |path| insta::assert_snapshot!(render(&s, path)));
}

#[test]
fn pseudonymized() {
    let keys = Keyring::parse(TEST_KEYS, "test").unwrap();
    let s = Scrubber::new(&RulePack::embedded_default(), Some(keys)).unwrap();
    insta::glob!("cases/*", |path| insta::assert_snapshot!(render(&s, path)));
}
