//! Every finding says why it was taken: a custom rule by its id, a built-in detector by its
//! kind and evidence; counts per reason add up to the counts per kind.

use scrubline_engine::{Evidence, Kind, KindCounts, PackFiles, RulePack, Scrubber};

const PACK: &str = r#"
name = "reasons"
version = 1
[kinds]
pesel = { action = "redact" }
email = { action = "redact" }
login = { action = "redact" }
name = { action = "redact" }

[[custom]]
id = "staff_badge"
kind = "login"
keywords = ["staff#"]
pattern = '(?-u)staff#([0-9]{5})'
group = 1
"#;

#[test]
fn custom_rules_and_built_in_detectors_are_told_apart() {
    let pack =
        RulePack::from_files(&PackFiles { pack: PACK, fields: None, context: None, names: None, common_words: None })
            .unwrap();
    let s = Scrubber::new(&pack, None).unwrap();
    let text = b"PESEL 44051401359, by staff#40213, mail jan.kowalski@example.com\n";
    let out = s.scrub(text);
    assert_eq!(&*out.text, b"PESEL [PESEL], by staff#[LOGIN], mail [EMAIL]\n".as_slice());
    let reasons: Vec<String> = out.findings.iter().map(|f| f.reason(&s)).collect();
    assert_eq!(reasons, ["pesel:checksum_or_parse", "custom:staff_badge", "email:checksum_or_parse"]);
    let owner = &out.findings[1];
    assert_eq!((owner.kind, owner.custom_rule, owner.evidence), (Kind::Login, Some(0), Evidence::Context));
    assert_eq!(s.custom_rule_id(0), Some("staff_badge"));
    assert_eq!(s.custom_rule_id(1), None);

    let mut counts = KindCounts::default();
    counts.add(&out.findings);
    counts.add(&out.findings);
    let by_reason = counts.reasons(&s);
    assert_eq!(
        by_reason,
        [
            ("pesel:checksum_or_parse".to_string(), 2),
            ("email:checksum_or_parse".to_string(), 2),
            ("custom:staff_badge".to_string(), 2)
        ]
    );
    assert_eq!(by_reason.iter().map(|(_, n)| n).sum::<u64>(), counts.total());
}
