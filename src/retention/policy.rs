//! What retention means for each table: the user-facing policy (config/retention.toml), the
//! facts about each table's layout that scrubline owns (which date column, monthly
//! partitions, legal minimums), and the pure plan that turns both into drops and deletes.

use crate::calendar::{days_from_civil, format_date, years_before};
use serde::Deserialize;
use std::collections::BTreeMap;

pub const DEFAULT_POLICY: &str = include_str!("../../config/retention.toml");

/// How long to keep rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    Forever,
    Days(u32),
    Years(u32),
}

impl Keep {
    pub fn parse(s: &str) -> Option<Keep> {
        let s = s.trim();
        if s == "forever" {
            return Some(Keep::Forever);
        }
        let (n, unit) = s.split_at(s.len().checked_sub(1)?);
        let n: u32 = n.parse().ok().filter(|n| *n > 0)?;
        match unit {
            "d" => Some(Keep::Days(n)),
            "y" => Some(Keep::Years(n)),
            _ => None,
        }
    }

    /// First day (since 1970) that is kept; rows dated before it expire.
    pub fn cutoff(self, today: i64) -> Option<i64> {
        match self {
            Keep::Forever => None,
            Keep::Days(n) => Some(today - i64::from(n)),
            Keep::Years(n) => Some(years_before(today, n)),
        }
    }

    /// Is this at least as long as `other`? A year counts as its shortest, 365 days.
    fn at_least(self, other: Keep) -> bool {
        let days = |k: Keep| match k {
            Keep::Forever => u64::MAX,
            Keep::Days(n) => u64::from(n),
            Keep::Years(n) => 365 * u64::from(n),
        };
        days(self) >= days(other)
    }
}

impl std::fmt::Display for Keep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Keep::Forever => f.write_str("forever"),
            Keep::Days(n) => write!(f, "{n}d"),
            Keep::Years(n) => write!(f, "{n}y"),
        }
    }
}

/// A table scrubline stores into, as laid out in sql/clickhouse/.
pub struct Table {
    pub name: &'static str,
    /// The `Date` the table is partitioned by (`toYYYYMM` of it).
    pub date_column: &'static str,
    /// Shortest retention the law or the audit trail allows.
    pub minimum: Option<Keep>,
}

pub const TABLES: &[Table] = &[
    Table { name: "diagnostic_packages", date_column: "received_date", minimum: None },
    Table { name: "package_quarantine", date_column: "received_date", minimum: None },
    Table { name: "access_log", date_column: "at_date", minimum: Some(Keep::Years(1)) },
    Table { name: "subject_requests", date_column: "at_date", minimum: Some(Keep::Years(1)) },
    Table { name: "usage_counters", date_column: "toDate(bucket)", minimum: None },
    Table { name: "seat_days", date_column: "day", minimum: None },
    Table { name: "remote_help_counters", date_column: "toDate(bucket)", minimum: None },
    Table { name: "remote_help_initiators", date_column: "day", minimum: None },
    Table { name: "canary_results", date_column: "received_date", minimum: None },
];

/// Tables that must never expire: without them scrubline forgets who objected, which
/// licenses exist or which migrations ran.
pub const NEVER_EXPIRE: &[&str] = &["suppressions", "licenses", "schema_migrations"];

#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("retention policy: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("retention policy: `{table} = \"{value}\"`: expected \"<n>d\", \"<n>y\" or \"forever\"")]
    Value { table: String, value: String },
    #[error("retention policy: `{0}` must be kept forever")]
    MustKeep(String),
    #[error("retention policy: `{0}` is not a table scrubline stores into")]
    UnknownTable(String),
    #[error("retention policy: `{table}` must be kept at least {minimum} (configured {keep})")]
    TooShort { table: String, keep: Keep, minimum: Keep },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    #[serde(default)]
    keep: BTreeMap<String, String>,
}

/// Retention per table; tables not named are kept forever.
#[derive(Clone, Debug)]
pub struct Policy {
    pub keep: BTreeMap<&'static str, Keep>,
}

impl Policy {
    pub fn parse(text: &str) -> Result<Policy, PolicyError> {
        let file: PolicyFile = toml::from_str(text)?;
        let mut keep = BTreeMap::new();
        for (table, value) in file.keep {
            let k =
                Keep::parse(&value).ok_or_else(|| PolicyError::Value { table: table.clone(), value: value.clone() })?;
            if NEVER_EXPIRE.contains(&table.as_str()) {
                if k != Keep::Forever {
                    return Err(PolicyError::MustKeep(table));
                }
                continue;
            }
            let t = TABLES.iter().find(|t| t.name == table).ok_or(PolicyError::UnknownTable(table.clone()))?;
            if let Some(minimum) = t.minimum {
                if !k.at_least(minimum) {
                    return Err(PolicyError::TooShort { table, keep: k, minimum });
                }
            }
            keep.insert(t.name, k);
        }
        Ok(Policy { keep })
    }

    pub fn embedded_default() -> Policy {
        Policy::parse(DEFAULT_POLICY).expect("config/retention.toml is valid")
    }

    pub fn keep(&self, table: &str) -> Keep {
        self.keep.get(table).copied().unwrap_or(Keep::Forever)
    }
}

/// What to do to one monthly partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Every row in the month is older than the cut-off.
    DropPartition { partition_id: String },
    /// The month straddles the cut-off: delete the rows dated before it.
    DeleteBefore { partition_id: String, cutoff: String },
}

/// Steps for a table with cut-off `cutoff` (first kept day) given its partition ids
/// (`YYYYMM`). An id that is not a month is a layout scrubline does not know: an error, so
/// nothing is dropped by mistake.
pub fn plan(partitions: &[String], cutoff: i64) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    for id in partitions {
        let (y, m) = month_of(id).ok_or_else(|| format!("partition `{id}` is not a YYYYMM month"))?;
        let first = days_from_civil(y, m, 1);
        let next = if m == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, m + 1, 1) };
        if next <= cutoff {
            steps.push(Step::DropPartition { partition_id: id.clone() });
        } else if first < cutoff {
            steps.push(Step::DeleteBefore { partition_id: id.clone(), cutoff: format_date(cutoff) });
        }
    }
    Ok(steps)
}

fn month_of(id: &str) -> Option<(i64, u32)> {
    if id.len() != 6 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, m) = (id[..4].parse().ok()?, id[4..].parse().ok()?);
    (1..=12).contains(&m).then_some((y, m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::parse_date;

    #[test]
    fn default_policy_matches_the_documented_defaults() {
        let p = Policy::embedded_default();
        assert_eq!(p.keep("diagnostic_packages"), Keep::Years(3));
        assert_eq!(p.keep("package_quarantine"), Keep::Days(90));
        assert_eq!(p.keep("access_log"), Keep::Years(1));
        assert_eq!(p.keep("usage_counters"), Keep::Forever);
        assert_eq!(p.keep("seat_days"), Keep::Forever);
    }

    #[test]
    fn refuses_short_audit_trails_unknown_tables_and_expiring_suppressions() {
        let e = |s: &str| Policy::parse(s).unwrap_err().to_string();
        assert!(e("[keep]\naccess_log = \"364d\"").contains("at least 1y"));
        assert!(Policy::parse("[keep]\naccess_log = \"365d\"").is_ok());
        assert!(e("[keep]\nsuppressions = \"1y\"").contains("must be kept forever"));
        assert!(e("[keep]\npackages = \"1y\"").contains("not a table"));
        assert!(e("[keep]\naccess_log = \"2 years\"").contains("expected"));
        assert!(e("[keep]\naccess_log = \"0d\"").contains("expected"));
    }

    #[test]
    fn whole_months_drop_and_the_straddling_month_deletes() {
        let cutoff = parse_date("2026-02-15").unwrap();
        let ids: Vec<String> = ["202512", "202601", "202602", "202603"].map(String::from).into();
        assert_eq!(
            plan(&ids, cutoff).unwrap(),
            vec![
                Step::DropPartition { partition_id: "202512".into() },
                Step::DropPartition { partition_id: "202601".into() },
                Step::DeleteBefore { partition_id: "202602".into(), cutoff: "2026-02-15".into() },
            ]
        );
        // A cut-off on the first of a month drops the month before and touches nothing else.
        let first = parse_date("2026-02-01").unwrap();
        assert_eq!(plan(&ids[1..], first).unwrap(), vec![Step::DropPartition { partition_id: "202601".into() }]);
        assert!(plan(&["all".to_string()], cutoff).is_err());
    }
}
