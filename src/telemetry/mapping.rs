//! Events as customers already send them: a declarative mapping from the installed base's
//! own shape to the canonical event (docs/events.md), read from the job configuration.
//!
//! ```toml
//! [events.map]            # canonical field = where it is read from; dotted paths allowed
//! kind = "event"
//! seat_id = "seat"
//! client_ip = "net.client_ip"
//! [events.kinds]          # source value -> canonical kind
//! license_check = "license_checkin"
//! [events.defaults]
//! schema = 1              # event_id, when absent, is a hash of the whole raw record
//! ```
//!
//! Only the canonical fields are read; everything else in a record (user blocks, free text,
//! coordinates, declaration numbers) is never looked at and so never stored.

use super::event::{EventKind, RawEvent, Rejection};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Canonical fields an event may carry, as in docs/events.md.
pub const CANONICAL: &[&str] = &[
    "schema",
    "event_id",
    "ts",
    "license_id",
    "seat_id",
    "kind",
    "module",
    "window",
    "message_type",
    "app_version",
    "os",
    "client_ip",
    "count",
    "duration_ms",
    "dictionary",
    "dictionary_version",
    "initiator",
    "functions",
];

/// Required, with the JSON type each must have.
const REQUIRED: &[(&str, Type)] = &[
    ("schema", Type::Number),
    ("event_id", Type::String),
    ("ts", Type::Any),
    ("license_id", Type::String),
    ("seat_id", Type::String),
    ("kind", Type::String),
];

#[derive(Clone, Copy)]
enum Type {
    Number,
    String,
    Any,
}

/// `[events]` of a job configuration.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventMapping {
    /// Canonical field name → where it is read from in the record (`user.login`, `event`).
    #[serde(default)]
    pub map: BTreeMap<String, String>,
    /// Value of the source's kind field → canonical kind (`license_check = "license_checkin"`).
    #[serde(default)]
    pub kinds: BTreeMap<String, String>,
    /// Values for canonical fields the records do not carry (`schema = 1`).
    #[serde(default)]
    pub defaults: BTreeMap<String, Value>,
}

/// A mapping that cannot work, said before any event is read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MappingError {
    #[error("[events.map] names `{0}`, which is no canonical event field (one of: {list})", list = CANONICAL.join(", "))]
    UnknownField(String),
    #[error("[events.defaults] names `{0}`, which is no canonical event field")]
    UnknownDefault(String),
    #[error("[events.kinds] maps `{0}` to `{1}`, which is no event kind (one of: {list})", list = EventKind::ALL.map(EventKind::id).join(", "))]
    UnknownKind(String, String),
    #[error("[events.map] reads `{0}` from an empty path")]
    EmptyPath(String),
}

impl EventMapping {
    pub fn validate(&self) -> Result<(), MappingError> {
        for (canonical, path) in &self.map {
            if !CANONICAL.contains(&canonical.as_str()) {
                return Err(MappingError::UnknownField(canonical.clone()));
            }
            if path.split('.').any(str::is_empty) {
                return Err(MappingError::EmptyPath(canonical.clone()));
            }
        }
        for canonical in self.defaults.keys() {
            if !CANONICAL.contains(&canonical.as_str()) {
                return Err(MappingError::UnknownDefault(canonical.clone()));
            }
        }
        for (from, to) in &self.kinds {
            if EventKind::from_id(to).is_none() {
                return Err(MappingError::UnknownKind(from.clone(), to.clone()));
            }
        }
        Ok(())
    }

    /// The canonical event of one raw record, or why it is rejected (the reason names a
    /// field, never quotes a value).
    pub fn canonical(&self, json: &[u8]) -> Result<RawEvent, Rejection> {
        let record: Value = serde_json::from_slice(json).map_err(|e| {
            Rejection::Malformed(format!("not JSON: {:?} at line {} column {}", e.classify(), e.line(), e.column()))
        })?;
        let Value::Object(record) = record else {
            return Err(Rejection::Malformed("not a JSON object".into()));
        };
        let mut out = Map::new();
        for &field in CANONICAL {
            let path = self.map.get(field).map_or(field, String::as_str);
            let found = lookup(&record, path).filter(|v| !v.is_null()).cloned();
            if let Some(v) = found.or_else(|| self.defaults.get(field).cloned()) {
                out.insert(field.to_string(), v);
            }
        }
        if let Some(Value::String(k)) = out.get("kind") {
            if let Some(mapped) = self.kinds.get(k) {
                out.insert("kind".into(), Value::String(mapped.clone()));
            }
        }
        if !out.contains_key("event_id") {
            // A record sent twice is the same bytes: the hash makes the retry a duplicate.
            use sha2::{Digest, Sha256};
            let digest = Sha256::digest(json.trim_ascii());
            let mut hex = String::with_capacity(32);
            for b in &digest[..16] {
                use std::fmt::Write as _;
                let _ = write!(hex, "{b:02x}");
            }
            out.insert("event_id".into(), Value::String(hex));
        }
        check_required(&out)?;
        // Numbers sent as strings (`"count": "3"`) are read as numbers.
        for field in ["schema", "count", "duration_ms"] {
            if let Some(Value::String(s)) = out.get(field) {
                let n: u64 = s.trim().parse().map_err(|_| Rejection::WrongType(field))?;
                out.insert(field.into(), Value::from(n));
            }
        }
        for field in
            ["license_id", "seat_id", "module", "window", "message_type", "app_version", "os", "client_ip", "initiator"]
        {
            if let Some(v @ Value::Number(_)) = out.get(field) {
                let s = v.to_string();
                out.insert(field.into(), Value::String(s));
            }
        }
        serde_json::from_value(Value::Object(out)).map_err(|e| Rejection::Malformed(format!("{:?}", e.classify())))
    }
}

fn lookup<'v>(record: &'v Map<String, Value>, path: &str) -> Option<&'v Value> {
    let mut parts = path.split('.');
    let mut v = record.get(parts.next()?)?;
    for p in parts {
        v = v.as_object()?.get(p)?;
    }
    Some(v)
}

/// The canonical record without the mapping: required fields present and of their type.
pub fn check_required(out: &Map<String, Value>) -> Result<(), Rejection> {
    for &(field, ty) in REQUIRED {
        let v = out.get(field).filter(|v| !v.is_null()).ok_or(Rejection::Missing(field))?;
        let ok = match ty {
            Type::Number => v.is_u64() || v.as_str().is_some_and(|s| s.trim().parse::<u64>().is_ok()),
            Type::String => v.is_string() || v.is_number(),
            Type::Any => true,
        };
        if !ok {
            return Err(Rejection::WrongType(field));
        }
    }
    Ok(())
}

/// Why a canonical record did not parse, naming the field: serde's own message can quote the
/// offending value, so it is not used; the record is read again as plain JSON and checked.
pub fn explain(json: &[u8], e: &serde_json::Error) -> Rejection {
    match serde_json::from_slice::<Value>(json) {
        Ok(Value::Object(record)) => match check_required(&record) {
            Err(r) => r,
            Ok(()) => {
                // A required field is fine: an optional one has the wrong type.
                let wrong = CANONICAL.iter().find(|f| {
                    record.get(**f).is_some_and(|v| match **f {
                        "count" | "duration_ms" | "schema" => !v.is_u64(),
                        "ts" => false,
                        "functions" => !(v.is_null() || v.as_array().is_some_and(|a| a.iter().all(function_use))),
                        _ => !(v.is_string() || v.is_null()),
                    })
                });
                match wrong {
                    Some(f) => Rejection::WrongType(f),
                    None => Rejection::Malformed(format!("{:?}", e.classify())),
                }
            }
        },
        Ok(_) => Rejection::Malformed("not a JSON object".into()),
        Err(_) => {
            Rejection::Malformed(format!("not JSON: {:?} at line {} column {}", e.classify(), e.line(), e.column()))
        }
    }
}

/// A remote-help function as `FunctionUse` reads it: a name, or `{name, uses?}`.
fn function_use(v: &Value) -> bool {
    v.is_string()
        || v.as_object()
            .is_some_and(|o| o.get("name").is_some_and(Value::is_string) && o.get("uses").is_none_or(Value::is_u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping() -> EventMapping {
        toml::from_str(
            "[map]\nkind = \"event\"\nlicense_id = \"lic.id\"\n[kinds]\nlicense_check = \"license_checkin\"\n[defaults]\nschema = 1\n",
        )
        .unwrap()
    }

    #[test]
    fn records_are_read_through_dotted_paths_kinds_and_defaults() {
        let m = mapping();
        m.validate().unwrap();
        let e = m
            .canonical(br#"{"event":"license_check","ts":"2026-11-23T10:00:00Z","lic":{"id":"LIC-1"},"seat_id":"S1","count":"3"}"#)
            .unwrap();
        assert_eq!(
            (e.kind.as_str(), e.license_id.as_str(), e.schema, e.count),
            ("license_checkin", "LIC-1", 1, Some(3))
        );
        // No event id: the same record twice gets the same one.
        let again = m
            .canonical(br#"{"event":"license_check","ts":"2026-11-23T10:00:00Z","lic":{"id":"LIC-1"},"seat_id":"S1","count":"3"}"#)
            .unwrap();
        assert_eq!(e.event_id, again.event_id);
        assert_eq!(e.event_id.len(), 32);
    }

    #[test]
    fn a_mapping_that_cannot_work_is_refused() {
        let bad = |t: &str| toml::from_str::<EventMapping>(t).unwrap().validate().unwrap_err();
        assert_eq!(bad("[map]\nknd = \"event\"\n"), MappingError::UnknownField("knd".into()));
        assert_eq!(bad("[kinds]\nx = \"license\"\n"), MappingError::UnknownKind("x".into(), "license".into()));
        assert_eq!(bad("[map]\nkind = \"a..b\"\n"), MappingError::EmptyPath("kind".into()));
        assert_eq!(bad("[defaults]\nuser = 1\n"), MappingError::UnknownDefault("user".into()));
    }

    #[test]
    fn rejections_name_fields_and_quote_nothing() {
        let m = mapping();
        let r = |j: &str| m.canonical(j.as_bytes()).unwrap_err();
        assert_eq!(r(r#"{"event":"license_check","ts":1,"seat_id":"S"}"#), Rejection::Missing("license_id"));
        assert_eq!(
            r(r#"{"event":"license_check","ts":1,"lic":{"id":"L-1"},"seat_id":["jkowalski"]}"#),
            Rejection::WrongType("seat_id")
        );
        assert!(matches!(r("PESEL 85120347156"), Rejection::Malformed(d) if !d.contains("8512")));
        let e =
            serde_json::from_slice::<RawEvent>(br#"{"schema":1,"event_id":"e","ts":1,"license_id":"L-1","kind":"x"}"#)
                .unwrap_err();
        assert_eq!(
            explain(br#"{"schema":1,"event_id":"e","ts":1,"license_id":"L-1","kind":"x"}"#, &e),
            Rejection::Missing("seat_id")
        );
    }
}
