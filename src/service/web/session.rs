//! Browser sessions for the support page. A session is created by signing in with a support
//! token and lives in this process only (a restart signs everyone out). Its id travels in an
//! HttpOnly, SameSite=Strict cookie; every POST also carries the session's CSRF token in a
//! hidden form field. Sessions end after `idle` without a request, or `absolute` after sign-in,
//! whichever comes first.

use super::super::auth::Principal;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const COOKIE: &str = "scrubline_session";
/// The pre-session CSRF cookie of the sign-in form (double submit: cookie and field must match).
pub const LOGIN_COOKIE: &str = "scrubline_login";

#[derive(Clone, Debug)]
pub struct Session {
    pub principal: Principal,
    pub csrf: String,
}

struct Entry {
    session: Session,
    created: Instant,
    last: Instant,
}

pub struct Sessions {
    live: Mutex<HashMap<String, Entry>>,
    idle: Duration,
    absolute: Duration,
    secure_cookies: bool,
}

/// 32 random bytes, hex: session ids and CSRF tokens.
pub fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Equality whose time does not depend on where two secrets first differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Sessions {
    pub fn new(idle: Duration, absolute: Duration, secure_cookies: bool) -> Sessions {
        Sessions { live: Mutex::new(HashMap::new()), idle, absolute, secure_cookies }
    }

    fn live(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock cannot leave the map half-changed: keep serving.
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new session for `principal`; returns its id (for the cookie).
    pub fn start(&self, principal: Principal) -> String {
        let id = random_token();
        let now = Instant::now();
        let mut live = self.live();
        live.retain(|_, e| !self.expired(e, now));
        live.insert(
            id.clone(),
            Entry { session: Session { principal, csrf: random_token() }, created: now, last: now },
        );
        id
    }

    fn expired(&self, e: &Entry, now: Instant) -> bool {
        now.duration_since(e.last) > self.idle || now.duration_since(e.created) > self.absolute
    }

    /// The live session with this id, if any; a request through it counts as activity.
    pub fn get(&self, id: &str) -> Option<Session> {
        let now = Instant::now();
        let mut live = self.live();
        let expired = self.expired(live.get(id)?, now);
        if expired {
            live.remove(id);
            return None;
        }
        let e = live.get_mut(id)?;
        e.last = now;
        Some(e.session.clone())
    }

    pub fn idle_minutes(&self) -> u64 {
        self.idle.as_secs() / 60
    }

    pub fn end(&self, id: &str) {
        self.live().remove(id);
    }

    /// The `Set-Cookie` value for a session id (or, with `None`, one that removes it).
    pub fn cookie(&self, name: &str, value: Option<&str>) -> String {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        match value {
            Some(v) => {
                format!("{name}={v}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}", self.absolute.as_secs())
            }
            None => format!("{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
        }
    }
}

/// A cookie's value from a request's `Cookie` headers.
pub fn cookie_value<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::auth::Role;

    fn alice() -> Principal {
        Principal { name: "alice".into(), role: Role::Support }
    }

    #[test]
    fn sessions_expire_when_idle_and_after_their_lifetime() {
        let s = Sessions::new(Duration::from_millis(60), Duration::from_secs(3600), false);
        let id = s.start(alice());
        assert_eq!(s.get(&id).unwrap().principal.name, "alice");
        std::thread::sleep(Duration::from_millis(120));
        assert!(s.get(&id).is_none(), "idle session still live");

        // Wide margins: the machine may be busy.
        let s = Sessions::new(Duration::from_secs(3600), Duration::from_millis(1500), false);
        let id = s.start(alice());
        assert!(s.get(&id).is_some());
        std::thread::sleep(Duration::from_millis(1000));
        assert!(s.get(&id).is_some(), "activity after 1 s of a 1.5 s lifetime");
        std::thread::sleep(Duration::from_millis(1000));
        assert!(s.get(&id).is_none(), "activity must not extend a session past its lifetime");
    }

    #[test]
    fn ended_sessions_and_unknown_ids_are_refused() {
        let s = Sessions::new(Duration::from_secs(60), Duration::from_secs(60), true);
        let id = s.start(alice());
        assert_ne!(s.get(&id).unwrap().csrf, id);
        s.end(&id);
        assert!(s.get(&id).is_none());
        assert!(s.get("0").is_none());
        let c = s.cookie(COOKIE, Some("abc"));
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Secure"), "{c}");
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }

    #[test]
    fn cookies_are_read_from_any_cookie_header() {
        let mut h = axum::http::HeaderMap::new();
        h.append(axum::http::header::COOKIE, "a=1; scrubline_session=xyz".parse().unwrap());
        assert_eq!(cookie_value(&h, COOKIE), Some("xyz"));
        assert_eq!(cookie_value(&h, LOGIN_COOKIE), None);
    }
}
