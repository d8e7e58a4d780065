//! Telemetry event schema, version 1 (see docs/events.md). Events are JSON objects, one per
//! line or Kafka record. Policy: unknown fields are dropped (never stored); an unknown `kind`,
//! a wrong `schema`, or a missing required field rejects the event to the dead-letter sink with
//! a reason and no content.

use serde::Deserialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKind {
    LicenseCheckin,
    ModuleLaunch,
    MessageSent,
    WindowOpened,
    DictionaryDownload,
    RemoteHelp,
}

impl EventKind {
    pub const ALL: [EventKind; 6] = [
        EventKind::LicenseCheckin,
        EventKind::ModuleLaunch,
        EventKind::MessageSent,
        EventKind::WindowOpened,
        EventKind::DictionaryDownload,
        EventKind::RemoteHelp,
    ];

    pub fn id(self) -> &'static str {
        match self {
            EventKind::LicenseCheckin => "license_checkin",
            EventKind::ModuleLaunch => "module_launch",
            EventKind::MessageSent => "message_sent",
            EventKind::WindowOpened => "window_opened",
            EventKind::DictionaryDownload => "dictionary_download",
            EventKind::RemoteHelp => "remote_help",
        }
    }

    pub fn from_id(s: &str) -> Option<EventKind> {
        Self::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// The user block: read only to be dropped (and counted by the engine if it leaked elsewhere).
#[derive(Deserialize, Debug, Default)]
pub struct UserBlock {
    pub name: Option<String>,
    pub email: Option<String>,
    pub login: Option<String>,
}

/// An event as sent. Fields not listed here are ignored by serde: dropped.
#[derive(Deserialize, Debug)]
pub struct RawEvent {
    pub schema: u32,
    pub event_id: String,
    /// RFC 3339 (`2026-11-23T10:15:00Z`, offsets allowed) or Unix seconds.
    pub ts: serde_json::Value,
    pub license_id: String,
    pub seat_id: String,
    pub kind: String,
    pub module: Option<String>,
    pub window: Option<String>,
    pub message_type: Option<String>,
    pub app_version: Option<String>,
    pub os: Option<String>,
    pub client_ip: Option<String>,
    #[serde(default)]
    pub user: Option<UserBlock>,
    /// Free text: never counted, never stored.
    pub text: Option<String>,
    pub count: Option<u64>,
    pub duration_ms: Option<u64>,
    pub dictionary: Option<String>,
    pub dictionary_version: Option<String>,
    /// Remote help: who started the session; kept only as a keyed pseudonym, for distinct
    /// counts.
    pub initiator: Option<String>,
    /// Remote help: the functions used in the session (never what was seen or sent).
    #[serde(default)]
    pub functions: Option<Vec<FunctionUse>>,
    /// The leak canary's mark (`scrubline canary`): a genuine one sends the event's counts to
    /// `canary_results` instead of the usage tables.
    pub canary: Option<String>,
}

/// One remote-help function used in a session: a name (`"file_transfer"`) or an object
/// `{"name": "file_transfer", "uses": 3}`.
#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(untagged)]
pub enum FunctionUse {
    Name(String),
    Counted {
        name: String,
        #[serde(default = "one")]
        uses: u64,
    },
}

fn one() -> u64 {
    1
}

impl FunctionUse {
    pub fn name(&self) -> &str {
        match self {
            FunctionUse::Name(n) | FunctionUse::Counted { name: n, .. } => n,
        }
    }

    pub fn uses(&self) -> u64 {
        match self {
            FunctionUse::Name(_) => 1,
            FunctionUse::Counted { uses, .. } => *uses,
        }
    }
}

/// Why an event was rejected. Labels only; no content.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// Not JSON, or not an object; the detail gives the class and position, never content.
    #[error("malformed: {0}")]
    Malformed(String),
    #[error("unsupported schema version {0}")]
    Schema(u32),
    #[error("missing field \"{0}\"")]
    Missing(&'static str),
    #[error("field \"{0}\" has the wrong type")]
    WrongType(&'static str),
    #[error("unknown kind")]
    UnknownKind,
    #[error("ts is not a date")]
    Timestamp,
    #[error("license_id has characters outside [A-Za-z0-9_-] or is not 3 to 64 long")]
    LicenseId,
}

impl Rejection {
    pub fn label(&self) -> &'static str {
        match self {
            Rejection::Malformed(_) => "malformed",
            Rejection::Schema(_) => "schema",
            Rejection::Missing(_) => "missing_field",
            Rejection::WrongType(_) => "wrong_type",
            Rejection::UnknownKind => "unknown_kind",
            Rejection::Timestamp => "timestamp",
            Rejection::LicenseId => "license_id",
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for Unix seconds.
pub fn format_rfc3339(ts: i64) -> String {
    let (days, secs) = (ts.div_euclid(86_400), ts.rem_euclid(86_400));
    format!("{}T{:02}:{:02}:{:02}Z", crate::calendar::format_date(days), secs / 3600, secs % 3600 / 60, secs % 60)
}

/// Unix seconds of an RFC 3339 timestamp or a JSON number.
pub fn parse_ts(v: &serde_json::Value) -> Option<i64> {
    if let Some(n) = v.as_i64() {
        return (0..=4_102_444_800).contains(&n).then_some(n);
    }
    let s = v.as_str()?;
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !(b[10] == b'T' || b[10] == b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d, h, mi, se) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) && &rest[3..4] == ":" => {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            sign * (rest[1..3].parse::<i64>().ok()? * 3600 + rest[4..6].parse::<i64>().ok()? * 60)
        }
        _ => return None,
    };
    Some(crate::calendar::days_from_civil(y, mo as u32, d as u32) * 86_400 + h * 3600 + mi * 60 + se - offset)
}

/// A license id is an identifier of a contract, not a person: it must look like one.
pub fn valid_license_id(s: &str) -> bool {
    (3..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        let j = |s: &str| serde_json::Value::String(s.into());
        assert_eq!(parse_ts(&j("1970-01-01T00:00:00Z")), Some(0));
        assert_eq!(parse_ts(&j("2026-11-23T10:15:00Z")), Some(1_795_428_900));
        assert_eq!(parse_ts(&j("2026-11-23T11:15:00.123+01:00")), Some(1_795_428_900));
        assert_eq!(parse_ts(&serde_json::json!(1_795_428_900)), Some(1_795_428_900));
        assert_eq!(parse_ts(&j("23.11.2026 10:15")), None);
        for ts in [0, 951_782_400, 1_795_428_900, 4_102_444_799] {
            assert_eq!(parse_ts(&j(&format_rfc3339(ts))), Some(ts), "{ts}");
        }
        assert_eq!(parse_ts(&j("2026-13-01T00:00:00Z")), None);
    }
}
