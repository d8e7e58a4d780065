//! `scrubline serve`: the support service. Staff authenticate with a bearer token, find
//! sanitized packages (by license, ticket, data-subject pseudonym, date range) and download
//! the `.eml` and its manifest. Every request under `/api`, granted or denied, lands in the
//! `access_log` table. `/health` and `/openapi.yaml` are public and not logged.

pub mod access_log;
pub mod auth;

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

async fn list_packages(State(st): State<AppState>, Query(f): Query<Filter>) -> Response {
    for d in [&f.from, &f.to].into_iter().flatten() {
        if !is_date(d) {
            return error(StatusCode::BAD_REQUEST, "dates are YYYY-MM-DD, years 1970 to 2105");
        }
    }
    let mut sql = String::from("SELECT ?fields FROM diagnostic_packages FINAL WHERE 1");
    let mut binds: Vec<String> = Vec::new();
    for (cond, value) in [
        (" AND license_id = ?", &f.license_id),
        (" AND ticket = ?", &f.ticket),
        (" AND has(subjects, ?)", &f.subject),
        (" AND received_date >= toDate(?)", &f.from),
        (" AND received_date <= toDate(?)", &f.to),
    ] {
        if let Some(v) = value {
            sql.push_str(cond);
            binds.push(v.clone());
        }
    }
    sql.push_str(" ORDER BY received_at DESC LIMIT ?");
    let mut q = st.db.query(&sql);
    for b in binds {
        q = q.bind(b);
    }
    match q.bind(f.limit.unwrap_or(100).min(1000)).fetch_all::<PackageSummary>().await {
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

fn valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

async fn package_eml(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    if !valid_id(&id) {
        return error(StatusCode::NOT_FOUND, "no such package");
    }
    let q = st.db.query("SELECT ?fields FROM diagnostic_packages FINAL WHERE package_id = ? LIMIT 1").bind(&id);
    match q.fetch_optional::<EmlRow>().await {
        Ok(Some(r)) => Response::builder()
            .header(header::CONTENT_TYPE, "message/rfc822")
            .header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"{id}.eml\""))
            .body(Body::from(r.sanitized_eml))
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

/// The data-protection officer's lookup: which packages and seat-days refer to a person.
/// Recorded in `subject_requests` like the command-line requests.
async fn find_subject(
    State(st): State<AppState>,
    axum::Extension(who): axum::Extension<Principal>,
    Json(q): Json<SubjectQuery>,
) -> Response {
    use crate::sinks::clickhouse::subjects as store;
    let Some(keys) = &st.keys else {
        return error(StatusCode::NOT_IMPLEMENTED, "the service runs without a keyring (--key-file)");
    };
    let subject = match q.who.parse().and_then(|ids| crate::subjects::Subject::new(keys, &ids)) {
        Ok(s) => s,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e.to_string()),
    };
    let id = store::new_request_id();
    let requester = store::Requester { operator: who.name.clone(), reference: q.reference.clone() };
    let found = store::find(&st.db, &subject).await;
    let outcome = found.as_ref().map(|_| ()).map_err(|_| "storage unavailable");
    let empty = store::Found::default();
    let audited =
        store::audit(&st.db, &id, store::Action::Find, &requester, &subject, found.as_ref().unwrap_or(&empty), outcome)
            .await;
    match (found, audited) {
        (Ok(f), Ok(())) => {
            Json(serde_json::json!({ "request_id": id, "packages": f.packages, "seat_days": f.seat_days, "remote_help_initiator_days": f.initiator_days }))
                .into_response()
        }
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = %e, "subject lookup failed");
            error(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable")
        }
    }
}
