//! The right to object: pseudonyms of people who objected, and the intake checks that drop
//! their later events and packages before anything is counted or stored.
//!
//! The list holds tokens under every key the ring had when the person objected. Intake
//! compares the identifiers it still has in plaintext (an event's user block and seat, a
//! package's sender) under *every* key of the current ring, so a later key rotation does not
//! let them through; values only found inside a package are compared as the tokens the
//! package carries (active key).

use super::Subject;
use crate::engine::normalise;
use crate::engine::{Keyring, Kind};
use crate::telemetry::event::RawEvent;
use crate::telemetry::seat_material;
use std::collections::{BTreeSet, HashSet};

#[derive(Clone, Debug, Default)]
pub struct Suppression {
    tokens: HashSet<String>,
}

impl Suppression {
    pub fn new(tokens: impl IntoIterator<Item = String>) -> Suppression {
        Suppression { tokens: tokens.into_iter().collect() }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn add(&mut self, s: &Subject) {
        self.tokens.extend(s.all_tokens().map(str::to_string));
    }

    fn any_token(&self, ring: &Keyring, kind: Kind, value: &[u8], norm: &mut Vec<u8>) -> bool {
        normalise(kind, value, norm);
        ring.all_tokens(kind, norm).iter().any(|t| self.tokens.contains(t))
    }

    /// Does this event come from someone who objected? `seat` is its seat pseudonym under
    /// the active key. Costs nothing while the list is empty.
    pub fn event(&self, ring: &Keyring, e: &RawEvent, seat: &str) -> bool {
        <Self as crate::telemetry::Suppress>::event(self, ring, e, seat)
    }

    /// Does this package come from, or name, someone who objected? `subjects` are the
    /// tokens the sanitized package carries; `raw` is the message as received (for its
    /// sender, compared under every key).
    pub fn package(&self, ring: &Keyring, subjects: &BTreeSet<String>, raw: &[u8]) -> bool {
        if self.tokens.is_empty() {
            return false;
        }
        if subjects.iter().any(|t| self.tokens.contains(t)) {
            return true;
        }
        let Some(msg) = crate::reading::mime::parse_headers(raw) else { return false };
        let mut norm = Vec::new();
        let found = [msg.from(), msg.sender(), msg.reply_to()]
            .into_iter()
            .flatten()
            .flat_map(|a| a.iter())
            .filter_map(|a| a.address())
            .any(|addr| self.any_token(ring, Kind::Email, addr.as_bytes(), &mut norm));
        found
    }
}

impl crate::telemetry::Suppress for Suppression {
    fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    fn event(&self, ring: &Keyring, e: &RawEvent, seat: &str) -> bool {
        if self.tokens.is_empty() {
            return false;
        }
        if self.tokens.contains(seat) {
            return true;
        }
        if ring.key_count() > 1
            && ring
                .all_tokens(Kind::Login, &seat_material(&e.license_id, &e.seat_id))
                .iter()
                .any(|t| self.tokens.contains(t))
        {
            return true;
        }
        let mut norm = Vec::new();
        // The person who started a remote-help session objected like any user would.
        if e.initiator.as_deref().is_some_and(|v| self.any_token(ring, Kind::Login, v.as_bytes(), &mut norm)) {
            return true;
        }
        let Some(u) = &e.user else { return false };
        [(Kind::Email, &u.email), (Kind::Login, &u.login), (Kind::Name, &u.name)]
            .into_iter()
            .any(|(kind, v)| v.as_deref().is_some_and(|v| self.any_token(ring, kind, v.as_bytes(), &mut norm)))
    }
}

/// The keyring intake compares with. Objections on file cannot be honoured without one.
pub fn ring_for(list: &Suppression, ring: Option<Keyring>) -> Result<Option<Keyring>, &'static str> {
    if !list.is_empty() && ring.as_ref().is_none_or(Keyring::is_ephemeral) {
        return Err("people have objected (table `suppressions`), and without the keyring (--key-file) their data cannot be recognised; refusing to start");
    }
    Ok(ring)
}

/// The list and the ring together, as package intake asks them.
pub struct Objected<'a> {
    pub list: &'a Suppression,
    pub ring: Option<&'a Keyring>,
}

impl Objected<'_> {
    pub fn package(&self, p: &crate::packages::Sanitized, raw: &[u8]) -> bool {
        self.ring.is_some_and(|ring| self.list.package(ring, &p.manifest.subjects, raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::subjects::Identifier;

    const OLD: &str = "1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";
    const ROTATED: &str = "1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n2 1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100\n";

    fn event(email: &str, seat: &str) -> RawEvent {
        serde_json::from_value(serde_json::json!({"schema": 1, "event_id": "e", "ts": 0, "license_id": "LIC-1",
            "seat_id": seat, "kind": "module_launch", "user": {"email": email}}))
        .unwrap()
    }

    #[test]
    fn objection_made_under_an_old_key_still_drops_after_rotation() {
        let old = Keyring::parse(OLD, "t").unwrap();
        let mut list = Suppression::default();
        list.add(&Subject::new(&old, &[Identifier::parse(Kind::Email, "ola@firma.pl").unwrap()]).unwrap());
        let ring = Keyring::parse(ROTATED, "t").unwrap();
        let mut seat = Vec::new();
        ring.token_into(Kind::Login, &seat_material("LIC-1", "S1"), &mut seat);
        let seat = String::from_utf8(seat).unwrap();
        assert!(list.event(&ring, &event("OLA@firma.pl", "S1"), &seat));
        assert!(!list.event(&ring, &event("ala@firma.pl", "S1"), &seat));
        let raw = b"From: Ola <ola@firma.pl>\r\nSubject: x\r\n\r\nbody";
        assert!(list.package(&ring, &BTreeSet::new(), raw));
        assert!(!list.package(&ring, &BTreeSet::new(), b"From: a@b.pl\r\n\r\nbody"));
        assert!(!Suppression::default().package(&ring, &BTreeSet::new(), raw));
    }

    #[test]
    fn a_suppressed_seat_drops_its_events() {
        let ring = Keyring::parse(ROTATED, "t").unwrap();
        let mut list = Suppression::default();
        list.add(&Subject::new(&ring, &[Identifier::seat("LIC-1/S9").unwrap()]).unwrap());
        let mut seat = Vec::new();
        ring.token_into(Kind::Login, &seat_material("LIC-1", "S9"), &mut seat);
        assert!(list.event(&ring, &event("x@y.pl", "S9"), std::str::from_utf8(&seat).unwrap()));
    }

    #[test]
    fn objections_on_file_need_the_real_keyring() {
        let ring = Keyring::parse(OLD, "t").unwrap();
        let mut list = Suppression::default();
        assert!(ring_for(&list, None).is_ok(), "nothing on file: no key needed");
        list.add(&Subject::new(&ring, &[Identifier::parse(Kind::Email, "ola@firma.pl").unwrap()]).unwrap());
        assert!(ring_for(&list, None).is_err());
        assert!(ring_for(&list, Some(crate::keyring_file::ephemeral())).is_err());
        assert!(ring_for(&list, Some(ring)).is_ok());
    }
}
