//! Data-subject requests against ClickHouse: find, export, erase and object, each recorded in
//! `subject_requests` with its outcome (never with the identifiers).

use crate::calendar::format_date;
use crate::sinks::clickhouse::packages::PackageRow;
use crate::sinks::clickhouse::telemetry::SeatRow;
use crate::sinks::clickhouse::{insert, unix_now, wait_for_mutations, MutationError};
use crate::subjects::suppression::Suppression;
use crate::subjects::Subject;
use crate::telemetry::event::format_rfc3339;
use clickhouse::{Client, Row};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Find,
    Export,
    Erase,
    Object,
}

impl Action {
    pub fn id(self) -> &'static str {
        match self {
            Action::Find => "find",
            Action::Export => "export",
            Action::Erase => "erase",
            Action::Object => "object",
        }
    }
}

/// One row of `subject_requests`.
#[derive(Row, Serialize, Deserialize, Debug, Clone)]
pub struct RequestRow {
    pub at: u32,
    pub request_id: String,
    pub action: String,
    pub operator: String,
    pub reference: String,
    pub identifier_kinds: Vec<String>,
    pub key_versions: Vec<u32>,
    pub packages: u64,
    pub seat_days: u64,
    pub initiator_days: u64,
    pub outcome: String,
    pub detail: String,
}

#[derive(Row, Serialize, Deserialize, Debug, Clone)]
struct SuppressionRow {
    token: String,
    kind: String,
    request_id: String,
    added_at: u32,
}

/// A package that refers to the person.
#[derive(Row, Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct PackageRef {
    pub package_id: String,
    pub received_at: u32,
    pub license_id: String,
    pub ticket: String,
}

#[derive(Debug, Default, Serialize)]
pub struct Found {
    pub packages: Vec<PackageRef>,
    pub seat_days: u64,
    /// Days on which the person started a remote-help session (as its initiator).
    pub initiator_days: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error("ClickHouse: {0}")]
    Client(#[from] clickhouse::error::Error),
    #[error("{0}")]
    Mutation(#[from] MutationError),
    #[error("erasure incomplete: {packages} package(s), {seat_days} seat-day(s) and {initiator_days} remote-help initiator-day(s) still refer to the person")]
    Incomplete { packages: usize, seat_days: u64, initiator_days: u64 },
}

/// Who asked, under which case reference.
#[derive(Clone, Debug)]
pub struct Requester {
    pub operator: String,
    pub reference: String,
}

pub fn new_request_id() -> String {
    let mut b = [0u8; 8];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut b);
    hex::encode(b)
}

pub async fn find(client: &Client, s: &Subject) -> Result<Found, RequestError> {
    let packages = if s.tokens.is_empty() {
        Vec::new()
    } else {
        client
            .query(
                "SELECT package_id, received_at, license_id, ticket FROM diagnostic_packages FINAL \
                 WHERE hasAny(subjects, ?) ORDER BY received_at, package_id",
            )
            .bind(&s.tokens)
            .fetch_all::<PackageRef>()
            .await?
    };
    let seat_days = if s.seats.is_empty() {
        0
    } else {
        client.query("SELECT count() FROM seat_days FINAL WHERE has(?, seat)").bind(&s.seats).fetch_one::<u64>().await?
    };
    let initiator_days = if s.initiators.is_empty() {
        0
    } else {
        client
            .query("SELECT count() FROM remote_help_initiators FINAL WHERE has(?, initiator)")
            .bind(&s.initiators)
            .fetch_one::<u64>()
            .await?
    };
    Ok(Found { packages, seat_days, initiator_days })
}

/// Everything held about the person, for access and portability requests.
pub async fn export(client: &Client, s: &Subject, request_id: &str) -> Result<serde_json::Value, RequestError> {
    let packages: Vec<PackageRow> = if s.tokens.is_empty() {
        Vec::new()
    } else {
        client
            .query(
                "SELECT package_id, received_at, license_id, ticket, app_version, subjects, findings_total, \
                 parts_total, parts_removed, bytes_before, bytes_after, manifest, sanitized_eml, source, ingested_at \
                 FROM diagnostic_packages FINAL WHERE hasAny(subjects, ?) ORDER BY received_at, package_id",
            )
            .bind(&s.tokens)
            .fetch_all()
            .await?
    };
    let seats: Vec<SeatRow> = if s.seats.is_empty() {
        Vec::new()
    } else {
        client
            .query("SELECT day, license_id, seat FROM seat_days FINAL WHERE has(?, seat) ORDER BY day, license_id")
            .bind(&s.seats)
            .fetch_all()
            .await?
    };
    let initiated: Vec<(u16, String)> = if s.initiators.is_empty() {
        Vec::new()
    } else {
        client
            .query(
                "SELECT day, license_id FROM remote_help_initiators FINAL WHERE has(?, initiator) ORDER BY day, license_id",
            )
            .bind(&s.initiators)
            .fetch_all()
            .await?
    };
    let suppressed: u64 = client
        .query("SELECT count() FROM suppressions WHERE has(?, token)")
        .bind(s.all_tokens().collect::<Vec<_>>())
        .fetch_one()
        .await?;
    Ok(serde_json::json!({
        "request_id": request_id,
        "generated_at": format_rfc3339(i64::from(unix_now())),
        "identifier_kinds": s.kinds,
        "what_is_held": "Diagnostic packages that refer to you, as stored for support staff: personal values in them are replaced by keyed pseudonyms, like the ones that stand for you. Days on which your seat was active, and days on which you started a remote-help session. Usage counters hold nothing about you.",
        "packages": packages.iter().map(|p| serde_json::json!({
            "package_id": p.package_id,
            "received_at": format_rfc3339(i64::from(p.received_at)),
            "license_id": p.license_id,
            "ticket": p.ticket,
            "app_version": p.app_version,
            "manifest": serde_json::from_str::<serde_json::Value>(&p.manifest).unwrap_or(serde_json::Value::Null),
            "sanitized_eml": String::from_utf8_lossy(&p.sanitized_eml),
        })).collect::<Vec<_>>(),
        "seat_days": seats.iter().map(|r| serde_json::json!({"day": format_date(i64::from(r.day)), "license_id": r.license_id})).collect::<Vec<_>>(),
        "remote_help_initiator_days": initiated.iter().map(|(day, lic)| serde_json::json!({"day": format_date(i64::from(*day)), "license_id": lic})).collect::<Vec<_>>(),
        "objected": suppressed > 0,
    }))
}

/// Delete every package, seat-day and remote-help initiator-day that refers to the person,
/// wait until the deletes have run, and check that nothing is left. Packages are removed whole: their pseudonyms also sit
/// inside encoded attachments and archives, where a rewrite could not be proven complete.
/// On a cluster the deletes run on every shard's local table (`ON CLUSTER`), and the check
/// after them reads all shards through the Distributed tables.
pub async fn erase(client: &Client, db: &str, cluster: Option<&str>, s: &Subject) -> Result<Found, RequestError> {
    let before = find(client, s).await?;
    let deletes: [(&'static str, &'static str, &str, &Vec<String>); 3] = [
        ("diagnostic_packages", "diagnostic_packages_local", "hasAny(subjects, ?)", &s.tokens),
        ("seat_days", "seat_days_local", "has(?, seat)", &s.seats),
        ("remote_help_initiators", "remote_help_initiators_local", "has(?, initiator)", &s.initiators),
    ];
    for (table, local, condition, pseudonyms) in deletes {
        if pseudonyms.is_empty() {
            continue;
        }
        let (alter, mutated) = match cluster {
            Some(c) => (format!("{db}.{local} ON CLUSTER {c}"), local),
            None => (table.to_string(), table),
        };
        client.query(&format!("ALTER TABLE {alter} DELETE WHERE {condition}")).bind(pseudonyms).execute().await?;
        wait_for_mutations(client, db, mutated).await?;
    }
    let after = find(client, s).await?;
    if !after.packages.is_empty() || after.seat_days > 0 || after.initiator_days > 0 {
        return Err(RequestError::Incomplete {
            packages: after.packages.len(),
            seat_days: after.seat_days,
            initiator_days: after.initiator_days,
        });
    }
    Ok(before)
}

/// Add the person to the suppression list (their tokens under every key in the ring).
pub async fn object(client: &Client, s: &Subject, request_id: &str) -> Result<usize, RequestError> {
    let now = unix_now();
    let rows: Vec<SuppressionRow> = s
        .tokens
        .iter()
        .map(|t| (t, t.trim_start_matches('[').split(':').next().unwrap_or("").to_ascii_lowercase()))
        .chain(s.seats.iter().map(|t| (t, "seat".to_string())))
        .chain(s.initiators.iter().map(|t| (t, "initiator".to_string())))
        .map(|(t, kind)| SuppressionRow { token: t.clone(), kind, request_id: request_id.into(), added_at: now })
        .collect();
    insert(client, "suppressions", &rows).await?;
    Ok(rows.len())
}

pub async fn load_suppression(client: &Client) -> Result<Suppression, RequestError> {
    let tokens: Vec<String> = client.query("SELECT DISTINCT token FROM suppressions").fetch_all().await?;
    Ok(Suppression::new(tokens))
}

/// Record a request and its outcome in the audit trail.
pub async fn audit(
    client: &Client,
    request_id: &str,
    action: Action,
    who: &Requester,
    s: &Subject,
    found: &Found,
    outcome: Result<(), &str>,
) -> Result<(), RequestError> {
    let row = RequestRow {
        at: unix_now(),
        request_id: request_id.into(),
        action: action.id().into(),
        operator: who.operator.clone(),
        reference: who.reference.clone(),
        identifier_kinds: s.kinds.iter().map(|k| k.to_string()).collect(),
        key_versions: s.key_versions.clone(),
        packages: found.packages.len() as u64,
        seat_days: found.seat_days,
        initiator_days: found.initiator_days,
        outcome: if outcome.is_ok() { "done".into() } else { "failed".into() },
        detail: outcome.err().unwrap_or("").into(),
    };
    crate::self_metrics::subject_request(action.id(), if outcome.is_ok() { "done" } else { "failed" });
    insert(client, "subject_requests", &[row]).await?;
    Ok(())
}

/// The list as a long-running worker sees it: loaded at start, reloaded about once a
/// minute between batches. A failed reload keeps the previous list (and says so).
pub struct LiveSuppression {
    client: clickhouse::Client,
    list: std::cell::RefCell<std::sync::Arc<Suppression>>,
    loaded: std::cell::Cell<std::time::Instant>,
}

const RELOAD_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

impl LiveSuppression {
    pub async fn start(client: clickhouse::Client) -> Result<LiveSuppression, RequestError> {
        let list = load_suppression(&client).await?;
        Ok(LiveSuppression {
            client,
            list: std::cell::RefCell::new(std::sync::Arc::new(list)),
            loaded: std::cell::Cell::new(std::time::Instant::now()),
        })
    }

    pub fn current(&self) -> std::sync::Arc<Suppression> {
        self.list.borrow().clone()
    }

    pub async fn reload_if_due(&self) {
        if self.loaded.get().elapsed() < RELOAD_EVERY {
            return;
        }
        self.loaded.set(std::time::Instant::now());
        match load_suppression(&self.client).await {
            Ok(list) => *self.list.borrow_mut() = std::sync::Arc::new(list),
            Err(e) => tracing::warn!(error = %e, "reloading the suppression list failed; keeping the previous one"),
        }
    }
}
