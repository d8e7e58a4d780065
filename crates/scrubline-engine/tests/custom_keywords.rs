//! A custom rule's keywords gate it in any ASCII case, as `pack.toml` documents: the rule's
//! own pattern decides what matches, the keyword only says where to try it.

use scrubline_engine::{PackFiles, RulePack, Scrubber};

#[test]
fn keywords_gate_their_rule_in_any_ascii_case() {
    let pack = r#"
name = "keywords"
version = 1
[kinds]
login = { action = "redact" }

[[custom]]
id = "staff_badge"
kind = "login"
keywords = ["staff#"]
pattern = '(?i-u)staff#([0-9]{5})'
group = 1
"#;
    let files = PackFiles { pack, fields: None, context: None, names: None, common_words: None };
    let s = Scrubber::new(&RulePack::from_files(&files).unwrap(), None).unwrap();
    for written in ["staff#40213", "Staff#40213", "STAFF#40213", "sTaFf#40213"] {
        let text = format!("badge {written} today\n");
        let out = s.scrub(text.as_bytes());
        assert!(!out.text.windows(5).any(|w| w == b"40213"), "{written}: {}", String::from_utf8_lossy(&out.text));
        assert_eq!(out.findings.len(), 1, "{written}");
        assert!(String::from_utf8_lossy(&out.text).starts_with("badge "), "{written}: words around are kept");
    }
}
