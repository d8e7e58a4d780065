//! The support page: server-rendered HTML for support staff and the data-protection officer.
//! Sign in with a support token, then a session cookie; search packages, read a package's
//! manifest, download the sanitized message or one of its parts, and (DPO) look up a data
//! subject. Works without JavaScript. Every request but the style sheet is written to
//! `access_log`, as the JSON API's are.

mod parts;
mod session;
mod views;

pub use session::Sessions;

use super::auth::{Principal, Role};
use super::{AccessRow, AppState};
use askama::Template;
use axum::body::Body;
use axum::extract::{Form, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use session::{cookie_value, same_secret, Session, COOKIE, LOGIN_COOKIE};
use std::time::Instant;
use views::*;

const STYLE: &str = include_str!("../../../templates/support/support.css");

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/packages") }))
        .route("/login", get(login_page).post(login))
        .route("/logout", axum::routing::post(logout))
        .route("/packages", get(packages_page))
        .route("/packages/{id}", get(package_page))
        .route("/packages/{id}/eml", get(package_eml))
        .route("/packages/{id}/parts/{n}", get(package_part))
        .route("/subjects", get(subjects_page).post(subjects_lookup))
        .layer(middleware::from_fn_with_state(state, guard))
        .route("/static/support.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE) }))
        .layer(middleware::map_response(security_headers))
}

/// Who may open a page; `None` for pages anyone may see.
fn required(path: &str) -> Option<&'static [Role]> {
    if path.starts_with("/packages") {
        Some(&[Role::Support, Role::Dpo])
    } else if path.starts_with("/subjects") {
        Some(&[Role::Dpo])
    } else {
        None
    }
}

/// Pages are never cached, never framed, and load nothing but their own style sheet.
async fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    r
}

/// The principal a handler signed in (set on the sign-in response, for the access log).
#[derive(Clone)]
struct SignedIn(Principal);

/// Resolve the session, refuse what the role may not see, and log the request.
async fn guard(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let session = cookie_value(req.headers(), COOKIE).and_then(|id| st.sessions.get(id));
    let (response, result) = match (required(&path), &session) {
        (Some(_), None) => (
            denied(StatusCode::UNAUTHORIZED, None, "Sign-in required", "This page is for signed-in support staff."),
            "denied",
        ),
        (Some(roles), Some(s)) if !roles.contains(&s.principal.role) => (
            denied(
                StatusCode::FORBIDDEN,
                Some(s),
                "Not allowed",
                "Your role does not give access to this page. License administrators see seat usage in Grafana.",
            ),
            "denied",
        ),
        _ => {
            if let Some(s) = &session {
                req.extensions_mut().insert(s.clone());
            }
            let r = next.run(req).await;
            let result = if r.status().is_success() || r.status().is_redirection() { "granted" } else { "error" };
            (r, result)
        }
    };
    let principal = response.extensions().get::<SignedIn>().map(|s| s.0.clone()).or(session.map(|s| s.principal));
    let result = if path == "/login" && method == "POST" && principal.is_none() { "denied" } else { result };
    crate::self_metrics::http_request(result, response.status().as_u16());
    let package_id: String = path
        .strip_prefix("/packages/")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("")
        .chars()
        .take(64)
        .collect();
    st.log
        .record(AccessRow {
            at: crate::sinks::clickhouse::unix_now(),
            principal: principal.as_ref().map_or("-".into(), |p| p.name.clone()),
            role: principal.as_ref().map_or("-".into(), |p| p.role.id().into()),
            method,
            path,
            package_id,
            status: response.status().as_u16(),
            duration_ms: started.elapsed().as_millis().min(u32::MAX as u128) as u32,
            result: result.into(),
        })
        .await;
    response
}

fn render(status: StatusCode, page: impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "rendering a page failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "page could not be rendered\n").into_response()
        }
    }
}

fn denied(status: StatusCode, s: Option<&Session>, heading: &str, message: &str) -> Response {
    render(status, Denied { user: s.map(User::of), heading: heading.into(), message: message.into() })
}

fn unavailable(s: &Session) -> Response {
    denied(
        StatusCode::SERVICE_UNAVAILABLE,
        Some(s),
        "Storage unavailable",
        "Packages cannot be read right now; try again in a minute.",
    )
}

async fn login_page(State(st): State<AppState>, headers: HeaderMap) -> Response {
    if cookie_value(&headers, COOKIE).and_then(|id| st.sessions.get(id)).is_some() {
        return Redirect::to("/packages").into_response();
    }
    login_form(&st, StatusCode::OK, None)
}

/// The sign-in form with a fresh double-submit CSRF value in a cookie and a hidden field.
fn login_form(st: &AppState, status: StatusCode, error: Option<&str>) -> Response {
    let csrf = session::random_token();
    let idle_minutes = st.sessions.idle_minutes();
    let mut r = render(status, Login { user: None, csrf: csrf.clone(), error: error.map(Into::into), idle_minutes });
    if let Ok(v) = HeaderValue::from_str(&st.sessions.cookie(LOGIN_COOKIE, Some(&csrf))) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// Missing fields are empty (and refused as such), not a 422 from the form extractor.
#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginForm {
    token: String,
    csrf: String,
}

async fn login(State(st): State<AppState>, headers: HeaderMap, Form(f): Form<LoginForm>) -> Response {
    let expected = cookie_value(&headers, LOGIN_COOKIE).unwrap_or("");
    if expected.is_empty() || !same_secret(expected, &f.csrf) {
        return login_form(&st, StatusCode::FORBIDDEN, Some("The sign-in form expired; please try again."));
    }
    let Some(p) = st.tokens.authenticate(f.token.trim()) else {
        return login_form(&st, StatusCode::UNAUTHORIZED, Some("That token is not valid."));
    };
    // A new sign-in never continues a session the browser already had.
    if let Some(old) = cookie_value(&headers, COOKIE) {
        st.sessions.end(old);
    }
    let id = st.sessions.start(p.clone());
    let mut r = Redirect::to(if p.role == Role::Dpo { "/subjects" } else { "/packages" }).into_response();
    for c in [st.sessions.cookie(COOKIE, Some(&id)), st.sessions.cookie(LOGIN_COOKIE, None)] {
        if let Ok(v) = HeaderValue::from_str(&c) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    r.extensions_mut().insert(SignedIn(p));
    r
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfForm {
    csrf: String,
}

async fn logout(State(st): State<AppState>, headers: HeaderMap, Form(f): Form<CsrfForm>) -> Response {
    let Some((id, s)) = cookie_value(&headers, COOKIE).and_then(|id| st.sessions.get(id).map(|s| (id, s))) else {
        return Redirect::to("/login").into_response();
    };
    if !same_secret(&s.csrf, &f.csrf) {
        return denied(StatusCode::FORBIDDEN, Some(&s), "Not allowed", "The form was not sent from this site.");
    }
    st.sessions.end(id);
    let mut r = Redirect::to("/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&st.sessions.cookie(COOKIE, None)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

async fn packages_page(
    State(st): State<AppState>,
    axum::Extension(s): axum::Extension<Session>,
    Query(q): Query<SearchForm>,
) -> Response {
    let filter = q.filter();
    let mut page = Packages {
        user: Some(User::of(&s)),
        show_quarantine: filter.license_id.is_none() && filter.ticket.is_none() && filter.subject.is_none(),
        q,
        error: None,
        packages: Vec::new(),
        quarantined: Vec::new(),
    };
    if let Err(e) = super::check_dates(&filter) {
        page.error = Some(e.into());
        return render(StatusCode::BAD_REQUEST, page);
    }
    match super::search_packages(&st.db, &filter).await {
        Ok(rows) => page.packages = rows.into_iter().map(PackageRow::from).collect(),
        Err(e) => {
            tracing::error!(error = %e, "listing packages failed");
            return unavailable(&s);
        }
    }
    if page.show_quarantine {
        match super::search_quarantine(&st.db, &filter).await {
            Ok(rows) => page.quarantined = rows.into_iter().map(QuarantineRow::from).collect(),
            Err(e) => {
                tracing::error!(error = %e, "listing quarantined packages failed");
                return unavailable(&s);
            }
        }
    }
    render(StatusCode::OK, page)
}

async fn package_page(
    State(st): State<AppState>,
    axum::Extension(s): axum::Extension<Session>,
    Path(id): Path<String>,
) -> Response {
    let not_found = || denied(StatusCode::NOT_FOUND, Some(&s), "No such package", "No package has this id.");
    if !super::valid_id(&id) {
        return not_found();
    }
    let (stored, quarantine) = match tokio::join!(super::stored_package(&st.db, &id), super::quarantined(&st.db, &id)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = %e, "reading a package failed");
            return unavailable(&s);
        }
    };
    if stored.is_none() && quarantine.is_none() {
        return not_found();
    }
    let stored = match stored.map(StoredView::try_from).transpose() {
        Ok(v) => v,
        Err(e) => {
            tracing::error!(error = %e, package_id = %id, "a stored manifest does not parse");
            return unavailable(&s);
        }
    };
    render(
        StatusCode::OK,
        PackagePage {
            user: Some(User::of(&s)),
            short_id: id[..12].to_string(),
            package_id: id,
            stored,
            quarantine: quarantine.map(QuarantineRow::from),
        },
    )
}

async fn package_eml(
    State(st): State<AppState>,
    axum::Extension(s): axum::Extension<Session>,
    Path(id): Path<String>,
) -> Response {
    match eml(&st, &s, &id).await {
        Ok(bytes) => download(bytes, "message/rfc822", &format!("{id}.eml")),
        Err(r) => r,
    }
}

async fn package_part(
    State(st): State<AppState>,
    axum::Extension(s): axum::Extension<Session>,
    Path((id, n)): Path<(String, usize)>,
) -> Response {
    let bytes = match eml(&st, &s, &id).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    match parts::get(&bytes, n) {
        // Never the part's own type: an HTML part must not render (and run) on this origin.
        Some((p, body)) => {
            let ctype = if p.is_text { "text/plain; charset=utf-8" } else { "application/octet-stream" };
            download(body, ctype, &parts::download_name(&id, &p))
        }
        None => denied(StatusCode::NOT_FOUND, Some(&s), "No such part", "This package has no part with that number."),
    }
}

async fn eml(st: &AppState, s: &Session, id: &str) -> Result<Vec<u8>, Response> {
    let not_found = || denied(StatusCode::NOT_FOUND, Some(s), "No such package", "No sanitized package has this id.");
    if !super::valid_id(id) {
        return Err(not_found());
    }
    match super::fetch_eml(&st.db, id).await {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(not_found()),
        Err(e) => {
            tracing::error!(error = %e, "reading a package failed");
            Err(unavailable(s))
        }
    }
}

fn download(body: Vec<u8>, ctype: &'static str, name: &str) -> Response {
    Response::builder()
        .header(header::CONTENT_TYPE, ctype)
        .header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))
        .body(Body::from(body))
        .unwrap_or_else(|_| (StatusCode::INTERNAL_SERVER_ERROR, "response\n").into_response())
}

async fn subjects_page(axum::Extension(s): axum::Extension<Session>) -> Response {
    render(StatusCode::OK, Subjects { user: Some(User::of(&s)), csrf: s.csrf.clone(), error: None, result: None })
}

async fn subjects_lookup(
    State(st): State<AppState>,
    axum::Extension(s): axum::Extension<Session>,
    Form(f): Form<SubjectForm>,
) -> Response {
    let mut page = Subjects { user: Some(User::of(&s)), csrf: s.csrf.clone(), error: None, result: None };
    if !same_secret(&s.csrf, &f.csrf) {
        return denied(StatusCode::FORBIDDEN, Some(&s), "Not allowed", "The form was not sent from this site.");
    }
    if f.reference.trim().is_empty() {
        page.error = Some("Give the request's reference: every lookup is recorded with it.".into());
        return render(StatusCode::BAD_REQUEST, page);
    }
    match super::lookup_subject(&st, &s.principal, &f.identifiers(), &f.reference).await {
        Ok((request_id, found)) => {
            page.result = Some(SubjectResult::new(request_id, found));
            render(StatusCode::OK, page)
        }
        Err(e) => {
            page.error = Some(e.message().into());
            render(e.status(), page)
        }
    }
}
