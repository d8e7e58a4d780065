//! `scrubline serve`: the support service. Staff authenticate with a bearer token, find
//! sanitized packages (by license, ticket, data-subject pseudonym, date range) and download
//! the `.eml` and its manifest. Every request under `/api`, granted or denied, lands in the
//! `access_log` table. `/health` and `/openapi.yaml` are public and not logged. People use the
//! support page (`web`), which reads through the same queries below.

pub mod access_log;
pub mod auth;
mod web;

pub use web::Sessions;

use access_log::{AccessLog, AccessRow};
use auth::{Principal, Role, TokenFile};
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use clickhouse::{Client, Row};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Instant;

#[derive(Clone)]
pub struct AppState {
    pub tokens: Arc<TokenFile>,
    pub db: Client,
    pub log: AccessLog,
    /// The pseudonym keyring, for data-subject lookups; `None` turns them off.
    pub keys: Option<Arc<crate::engine::Keyring>>,
    /// Browser sessions of the support page.
    pub sessions: Arc<Sessions>,
}

const OPENAPI: &str = include_str!("../../docs/openapi.yaml");

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/packages", get(list_packages))
        .route("/api/packages/{id}/eml", get(package_eml))
        .route("/api/packages/{id}/manifest", get(package_manifest))
        .route("/api/subjects/find", axum::routing::post(find_subject))
        .fallback(|| async { (StatusCode::NOT_FOUND, "not found\n") })
        .layer(middleware::from_fn_with_state(state.clone(), guard));
    Router::new()
        .route("/health", get(|| async { "ok\n" }))
        .route("/openapi.yaml", get(|| async { ([(header::CONTENT_TYPE, "application/yaml")], OPENAPI) }))
        .merge(api)
        .merge(web::router(state.clone()))
        .with_state(state)
}

/// Which roles may use a path.
fn allowed(path: &str, role: Role) -> bool {
    if path.starts_with("/api/packages") {
        return matches!(role, Role::Support | Role::Dpo);
    }
    if path.starts_with("/api/subjects") {
        return role == Role::Dpo;
    }
    true
}

fn bearer(req: &Request) -> Option<&str> {
    req.headers().get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// Authenticate, authorise, and log every request, whatever its outcome.
async fn guard(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let principal = bearer(&req).and_then(|t| st.tokens.authenticate(t));
    let (response, result) = match &principal {
        None => {
            let mut r = (StatusCode::UNAUTHORIZED, "unauthorized\n").into_response();
            r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            (r, "denied")
        }
        Some(p) if !allowed(&path, p.role) => ((StatusCode::FORBIDDEN, "forbidden\n").into_response(), "denied"),
        Some(p) => {
            req.extensions_mut().insert(p.clone());
            let r = next.run(req).await;
            let result = if r.status().is_success() { "granted" } else { "error" };
            (r, result)
        }
    };
    crate::self_metrics::http_request(result, response.status().as_u16());
    let package_id = path.strip_prefix("/api/packages/").and_then(|rest| rest.split('/').next()).unwrap_or("");
    st.log
        .record(AccessRow {
            at: crate::sinks::clickhouse::unix_now(),
            principal: principal.as_ref().map_or("-".into(), |p: &Principal| p.name.clone()),
            role: principal.as_ref().map_or("-".into(), |p| p.role.id().into()),
            method,
            path: path.clone(),
            package_id: package_id.chars().take(64).collect(),
            status: response.status().as_u16(),
            duration_ms: started.elapsed().as_millis().min(u32::MAX as u128) as u32,
            result: result.into(),
        })
        .await;
    response
}

#[derive(Deserialize, Debug)]
pub struct Filter {
    pub license_id: Option<String>,
    pub ticket: Option<String>,
    /// A data subject's pseudonym token, e.g. `[EMAIL:k1:…]`.
    pub subject: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<u32>,
}

#[derive(Row, Serialize, Deserialize, Debug)]
pub struct PackageSummary {
    pub package_id: String,
    pub received_at: u32,
    pub license_id: String,
    pub ticket: String,
    pub app_version: String,
    pub findings_total: u32,
    pub parts_removed: u16,
    pub bytes_after: u64,
}

/// `YYYY-MM-DD` within ClickHouse's `Date` range (1970 to 2105; later dates wrap around).
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    shape && s[..4].parse::<u32>().is_ok_and(|y| (1970..=2105).contains(&y))
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// Both dates, if given, are `YYYY-MM-DD` ClickHouse can hold.
pub(crate) fn check_dates(f: &Filter) -> Result<(), &'static str> {
    for d in [&f.from, &f.to].into_iter().flatten() {
        if !is_date(d) {
            return Err("dates are YYYY-MM-DD, years 1970 to 2105");
        }
    }
    Ok(())
}

/// Conditions on `received_date` for the filter's dates, with their values.
fn date_conditions(f: &Filter, sql: &mut String, binds: &mut Vec<String>) {
    for (cond, value) in [(" AND received_date >= toDate(?)", &f.from), (" AND received_date <= toDate(?)", &f.to)] {
        if let Some(v) = value {
            sql.push_str(cond);
            binds.push(v.clone());
        }
    }
}

/// Sanitized packages matching a filter (dates checked first), newest first.
pub(crate) async fn search_packages(db: &Client, f: &Filter) -> Result<Vec<PackageSummary>, clickhouse::error::Error> {
    let mut sql = String::from("SELECT ?fields FROM diagnostic_packages FINAL WHERE 1");
    let mut binds: Vec<String> = Vec::new();
    for (cond, value) in
        [(" AND license_id = ?", &f.license_id), (" AND ticket = ?", &f.ticket), (" AND has(subjects, ?)", &f.subject)]
    {
        if let Some(v) = value {
            sql.push_str(cond);
            binds.push(v.clone());
        }
    }
    date_conditions(f, &mut sql, &mut binds);
    sql.push_str(" ORDER BY received_at DESC LIMIT ?");
    let mut q = db.query(&sql);
    for b in binds {
        q = q.bind(b);
    }
    q.bind(f.limit.unwrap_or(100).min(1000)).fetch_all::<PackageSummary>().await
}

#[derive(Row, Serialize, Deserialize, Debug)]
pub struct QuarantineSummary {
    pub package_id: String,
    pub received_at: u32,
    pub reason_label: String,
    pub reason: String,
    pub bytes: u64,
}

/// Quarantined packages received in the filter's date range (they carry no license or ticket).
pub(crate) async fn search_quarantine(
    db: &Client,
    f: &Filter,
) -> Result<Vec<QuarantineSummary>, clickhouse::error::Error> {
    let mut sql = String::from("SELECT ?fields FROM package_quarantine FINAL WHERE 1");
    let mut binds = Vec::new();
    date_conditions(f, &mut sql, &mut binds);
    sql.push_str(" ORDER BY received_at DESC LIMIT ?");
    let mut q = db.query(&sql);
    for b in binds {
        q = q.bind(b);
    }
    q.bind(f.limit.unwrap_or(100).min(1000)).fetch_all::<QuarantineSummary>().await
}

pub(crate) async fn quarantined(db: &Client, id: &str) -> Result<Option<QuarantineSummary>, clickhouse::error::Error> {
    db.query("SELECT ?fields FROM package_quarantine FINAL WHERE package_id = ? LIMIT 1")
        .bind(id)
        .fetch_optional()
        .await
}

/// Everything the package page shows of a stored package.
#[derive(Row, Deserialize)]
pub struct StoredPackage {
    pub received_at: u32,
    pub license_id: String,
    pub ticket: String,
    pub app_version: String,
    pub findings_total: u32,
    pub bytes_before: u64,
    pub bytes_after: u64,
    pub manifest: String,
    #[serde(with = "serde_bytes")]
    pub sanitized_eml: Vec<u8>,
}

pub(crate) async fn stored_package(db: &Client, id: &str) -> Result<Option<StoredPackage>, clickhouse::error::Error> {
    db.query("SELECT ?fields FROM diagnostic_packages FINAL WHERE package_id = ? LIMIT 1")
        .bind(id)
        .fetch_optional()
        .await
}

pub(crate) async fn fetch_eml(db: &Client, id: &str) -> Result<Option<Vec<u8>>, clickhouse::error::Error> {
    let q = db.query("SELECT ?fields FROM diagnostic_packages FINAL WHERE package_id = ? LIMIT 1").bind(id);
    Ok(q.fetch_optional::<EmlRow>().await?.map(|r| r.sanitized_eml))
}

async fn list_packages(State(st): State<AppState>, Query(f): Query<Filter>) -> Response {
    if let Err(e) = check_dates(&f) {
        return error(StatusCode::BAD_REQUEST, e);
    }
    match search_packages(&st.db, &f).await {
        Ok(rows) => Json(serde_json::json!({ "packages": rows })).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "listing packages failed");
            error(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable")
        }
    }
}

#[derive(Row, Deserialize)]
struct EmlRow {
    #[serde(with = "serde_bytes")]
    sanitized_eml: Vec<u8>,
}

#[derive(Row, Deserialize)]
struct ManifestRow {
    manifest: String,
}

pub(crate) fn valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

async fn package_eml(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    if !valid_id(&id) {
        return error(StatusCode::NOT_FOUND, "no such package");
    }
    match fetch_eml(&st.db, &id).await {
        Ok(Some(eml)) => Response::builder()
            .header(header::CONTENT_TYPE, "message/rfc822")
            .header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"{id}.eml\""))
            .body(Body::from(eml))
            .unwrap_or_else(|_| error(StatusCode::INTERNAL_SERVER_ERROR, "response")),
        Ok(None) => error(StatusCode::NOT_FOUND, "no such package"),
        Err(e) => {
            tracing::error!(error = %e, "reading a package failed");
            error(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable")
        }
    }
}

async fn package_manifest(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    if !valid_id(&id) {
        return error(StatusCode::NOT_FOUND, "no such package");
    }
    let q = st.db.query("SELECT ?fields FROM diagnostic_packages FINAL WHERE package_id = ? LIMIT 1").bind(&id);
    match q.fetch_optional::<ManifestRow>().await {
        Ok(Some(r)) => ([(header::CONTENT_TYPE, "application/json")], r.manifest).into_response(),
        Ok(None) => error(StatusCode::NOT_FOUND, "no such package"),
        Err(e) => {
            tracing::error!(error = %e, "reading a manifest failed");
            error(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable")
        }
    }
}

/// Identifiers of one person, in a POST body so they never appear in a URL or a log line.
#[derive(Deserialize, Debug, Default)]
pub struct SubjectQuery {
    #[serde(flatten)]
    pub who: crate::subjects::Identifiers,
    #[serde(default)]
    pub reference: String,
}

/// Why a subject lookup gave no answer.
pub(crate) enum LookupError {
    NoKeyring,
    Invalid(String),
    Storage,
}

impl LookupError {
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            LookupError::NoKeyring => StatusCode::NOT_IMPLEMENTED,
            LookupError::Invalid(_) => StatusCode::BAD_REQUEST,
            LookupError::Storage => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub(crate) fn message(&self) -> &str {
        match self {
            LookupError::NoKeyring => "the service runs without a keyring (--key-file)",
            LookupError::Invalid(m) => m,
            LookupError::Storage => "storage unavailable",
        }
    }
}

/// The data-protection officer's lookup: which packages and seat-days refer to a person.
/// Recorded in `subject_requests` like the command-line requests; answered only once recorded.
pub(crate) async fn lookup_subject(
    st: &AppState,
    who: &Principal,
    ids: &crate::subjects::Identifiers,
    reference: &str,
) -> Result<(String, crate::sinks::clickhouse::subjects::Found), LookupError> {
    use crate::sinks::clickhouse::subjects as store;
    let keys = st.keys.as_ref().ok_or(LookupError::NoKeyring)?;
    let subject = ids
        .parse()
        .and_then(|ids| crate::subjects::Subject::new(keys, &ids))
        .map_err(|e| LookupError::Invalid(e.to_string()))?;
    let id = store::new_request_id();
    let requester = store::Requester { operator: who.name.clone(), reference: reference.to_string() };
    let found = store::find(&st.db, &subject).await;
    let outcome = found.as_ref().map(|_| ()).map_err(|_| "storage unavailable");
    let empty = store::Found::default();
    let audited =
        store::audit(&st.db, &id, store::Action::Find, &requester, &subject, found.as_ref().unwrap_or(&empty), outcome)
            .await;
    match (found, audited) {
        (Ok(f), Ok(())) => Ok((id, f)),
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = %e, "subject lookup failed");
            Err(LookupError::Storage)
        }
    }
}

async fn find_subject(
    State(st): State<AppState>,
    axum::Extension(who): axum::Extension<Principal>,
    Json(q): Json<SubjectQuery>,
) -> Response {
    match lookup_subject(&st, &who, &q.who, &q.reference).await {
        Ok((id, f)) => Json(serde_json::json!({ "request_id": id, "packages": f.packages, "seat_days": f.seat_days, "remote_help_initiator_days": f.initiator_days }))
            .into_response(),
        Err(e) => error(e.status(), e.message()),
    }
}
