//! JSON: keys are context. A value under `pesel`, `lat` or `imie` is replaced whole, even a
//! number; other strings go through the text engine. serde_json's recursion limit (128)
//! bounds nesting, so hostile depth is an error, not a stack overflow.

use super::StructuredError;
use crate::engine::{FieldContext, Kind, KindCounts, Scratch, Scrubber};
use serde_json::Value;

/// Scrub one JSON document; returns the re-serialised document.
pub fn scrub_json(
    s: &Scrubber,
    input: &[u8],
    scratch: &mut Scratch,
    counts: &mut KindCounts,
) -> Result<Vec<u8>, StructuredError> {
    let mut v: Value = serde_json::from_slice(input).map_err(|e| StructuredError::Json(e.to_string()))?;
    walk(s, &mut v, None, false, scratch, counts);
    serde_json::to_vec(&v).map_err(|e| StructuredError::Json(e.to_string()))
}

fn walk(
    s: &Scrubber,
    v: &mut Value,
    field: Option<Kind>,
    version: bool,
    scratch: &mut Scratch,
    counts: &mut KindCounts,
) {
    match v {
        Value::Object(map) => {
            let old = std::mem::take(map);
            for (k, mut val) in old {
                // An object under a personal key ({"credentials": {...}}) is personal through and
                // through; a `user` object holds other fields too, which announce themselves.
                let inherited = field.filter(|k| *k != Kind::Login);
                let ctx = s.field_context(&k);
                walk(s, &mut val, ctx.kind.or(inherited), ctx.version, scratch, counts);
                let scrubbed_key = scrub_text(s, false, &k, scratch, counts);
                map.insert(scrubbed_key, val);
            }
        }
        Value::Array(items) => {
            for item in items {
                walk(s, item, field, version, scratch, counts);
            }
        }
        Value::String(text) => match field {
            Some(kind) if !s.is_own_token(text.as_bytes()) && !text.is_empty() => {
                counts.add_kind(kind, 1);
                *text = String::from_utf8_lossy(&s.replace_value(kind, text.as_bytes(), scratch)).into_owned();
            }
            Some(_) => {}
            None => *text = scrub_text(s, version, text, scratch, counts),
        },
        Value::Number(n) => {
            let text = n.to_string();
            match field {
                Some(kind) => {
                    counts.add_kind(kind, 1);
                    *v = Value::String(
                        String::from_utf8_lossy(&s.replace_value(kind, text.as_bytes(), scratch)).into_owned(),
                    );
                }
                None => {
                    let scrubbed = scrub_text(s, version, &text, scratch, counts);
                    if scrubbed != text {
                        *v = Value::String(scrubbed);
                    }
                }
            }
        }
        Value::Bool(_) | Value::Null => {}
    }
}

fn scrub_text(s: &Scrubber, version: bool, text: &str, scratch: &mut Scratch, counts: &mut KindCounts) -> String {
    let r = s.scrub_in_field(text.as_bytes(), scratch, FieldContext { kind: None, version });
    counts.add(&r.findings);
    match r.text {
        std::borrow::Cow::Borrowed(_) => text.to_string(),
        std::borrow::Cow::Owned(v) => {
            String::from_utf8(v).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RulePack;

    fn run(input: &str) -> String {
        let s = Scrubber::new(&RulePack::embedded_default(), None).unwrap();
        let mut c = KindCounts::default();
        String::from_utf8(scrub_json(&s, input.as_bytes(), &mut Scratch::default(), &mut c).unwrap()).unwrap()
    }

    #[test]
    fn field_names_make_values_personal_even_numbers() {
        let out = run(r#"{"pesel": 12345678901, "lat": 52.1, "lon": 21.0, "imie": "Xawery", "code": "E1042", "n": 3}"#);
        assert_eq!(out, r#"{"pesel":"[PESEL]","lat":"[GEO]","lon":"[GEO]","imie":"[NAME]","code":"E1042","n":3}"#);
    }

    #[test]
    fn free_text_values_and_nested_objects() {
        let out = run(
            r#"{"note": "PESEL 44051401359 from 10.1.2.3", "credentials": {"x": "abc"}, "list": ["jan@example.com"]}"#,
        );
        assert_eq!(
            out,
            r#"{"note":"PESEL [PESEL] from [IP:10.1.2.0/24]","credentials":{"x":"[SECRET]"},"list":["[EMAIL]"]}"#
        );
    }

    #[test]
    fn hostile_depth_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        let s = Scrubber::new(&RulePack::embedded_default(), None).unwrap();
        let err = scrub_json(&s, deep.as_bytes(), &mut Scratch::default(), &mut KindCounts::default()).unwrap_err();
        assert!(err.to_string().contains("recursion limit"), "{err}");
    }
}
