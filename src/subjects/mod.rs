//! Data-subject requests: from what the data-protection officer knows about a person (an
//! e-mail, a PESEL, a name…) to the keyed pseudonyms scrubline stored in their place, under
//! every key of the ring, so records made before a key rotation are found too.
//!
//! The pseudonyms are the only link between a person and what scrubline holds: plaintext
//! never reaches storage. `sinks::clickhouse::subjects` runs find, export, erase and object against ClickHouse;
//! `suppression` drops later events and packages of people who objected.

pub mod suppression;

use crate::engine::normalise;
use crate::engine::{validators, Keyring, Kind};

/// One identifier of the person, as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identifier {
    Value(Kind, String),
    /// A telemetry seat: license id and seat id.
    Seat {
        license_id: String,
        seat_id: String,
    },
}

impl Identifier {
    pub fn kind_label(&self) -> &'static str {
        match self {
            Identifier::Value(k, _) => k.id(),
            Identifier::Seat { .. } => "seat",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IdentifierError {
    #[error("the value is not a valid {0} (check digit); a mistyped identifier would find nothing")]
    Invalid(&'static str),
    #[error("a seat is given as LICENSE_ID/SEAT_ID")]
    Seat,
    #[error("give at least one identifier (--email, --pesel, --egn, --phone, --name, --login, --seat)")]
    None,
}

impl Identifier {
    /// Check what has a checksum, so a typo is an error rather than an empty answer.
    pub fn parse(kind: Kind, value: &str) -> Result<Identifier, IdentifierError> {
        let digits: Vec<u8> = value.bytes().filter(u8::is_ascii_digit).collect();
        match kind {
            Kind::Pesel if !validators::pesel(&digits) => return Err(IdentifierError::Invalid("PESEL")),
            Kind::Egn if !validators::egn(&digits) => return Err(IdentifierError::Invalid("EGN")),
            _ => {}
        }
        Ok(Identifier::Value(kind, value.trim().to_string()))
    }

    pub fn seat(s: &str) -> Result<Identifier, IdentifierError> {
        let (license_id, seat_id) = s.split_once('/').ok_or(IdentifierError::Seat)?;
        if license_id.is_empty() || seat_id.is_empty() {
            return Err(IdentifierError::Seat);
        }
        Ok(Identifier::Seat { license_id: license_id.into(), seat_id: seat_id.into() })
    }
}

/// What the data-protection officer knows about one person, as given on the command line
/// or in the service's JSON body. Every field is repeatable.
#[derive(clap::Args, serde::Deserialize, Debug, Default, Clone)]
#[serde(default)]
pub struct Identifiers {
    /// E-mail address.
    #[arg(long)]
    pub email: Vec<String>,
    /// PESEL (check digit verified).
    #[arg(long)]
    pub pesel: Vec<String>,
    /// Bulgarian EGN (check digit verified).
    #[arg(long)]
    pub egn: Vec<String>,
    /// Phone number in any common spelling.
    #[arg(long)]
    pub phone: Vec<String>,
    /// Full name as written ("Jan Kowalski" also matches "KOWALSKI, Jan"); inflected forms
    /// are other tokens.
    #[arg(long)]
    pub name: Vec<String>,
    /// Login or user name.
    #[arg(long)]
    pub login: Vec<String>,
    /// Telemetry seat as LICENSE_ID/SEAT_ID.
    #[arg(long)]
    pub seat: Vec<String>,
}

impl Identifiers {
    pub fn parse(&self) -> Result<Vec<Identifier>, IdentifierError> {
        let mut ids = Vec::new();
        for (kind, values) in [
            (Kind::Email, &self.email),
            (Kind::Pesel, &self.pesel),
            (Kind::Egn, &self.egn),
            (Kind::Phone, &self.phone),
            (Kind::Name, &self.name),
            (Kind::Login, &self.login),
        ] {
            for v in values {
                ids.push(Identifier::parse(kind, v)?);
            }
        }
        for s in &self.seat {
            ids.push(Identifier::seat(s)?);
        }
        Ok(ids)
    }
}

/// A person as scrubline can recognise them: their pseudonyms under every key.
#[derive(Clone, Debug, Default)]
pub struct Subject {
    /// Which kinds of identifier were given (for the audit log; never the values).
    pub kinds: Vec<&'static str>,
    /// Tokens as they appear in packages (`diagnostic_packages.subjects`).
    pub tokens: Vec<String>,
    /// Seat pseudonyms as stored in `seat_days.seat`.
    pub seats: Vec<String>,
    /// Remote-help initiator pseudonyms as stored in `remote_help_initiators.initiator`
    /// (from the logins given).
    pub initiators: Vec<String>,
    pub key_versions: Vec<u32>,
}

impl Subject {
    pub fn new(ring: &Keyring, ids: &[Identifier]) -> Result<Subject, IdentifierError> {
        if ids.is_empty() {
            return Err(IdentifierError::None);
        }
        let mut s = Subject { key_versions: ring.versions(), ..Subject::default() };
        let mut norm = Vec::new();
        for id in ids {
            if !s.kinds.contains(&id.kind_label()) {
                s.kinds.push(id.kind_label());
            }
            match id {
                Identifier::Value(kind, v) => {
                    normalise(*kind, v.as_bytes(), &mut norm);
                    s.tokens.extend(ring.all_tokens(*kind, &norm));
                    if *kind == Kind::Login {
                        s.initiators.extend(ring.all_tokens(Kind::Login, &crate::telemetry::initiator_material(v)));
                    }
                }
                Identifier::Seat { license_id, seat_id } => {
                    s.seats.extend(ring.all_tokens(Kind::Login, &crate::telemetry::seat_material(license_id, seat_id)));
                }
            }
        }
        s.tokens.sort();
        s.tokens.dedup();
        s.seats.sort();
        s.seats.dedup();
        s.initiators.sort();
        s.initiators.dedup();
        Ok(s)
    }

    /// Every token, for the suppression list.
    pub fn all_tokens(&self) -> impl Iterator<Item = &str> {
        self.tokens.iter().chain(&self.seats).chain(&self.initiators).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &str = "1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n2 1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100\n";

    #[test]
    fn tokens_under_every_key_match_what_the_engine_writes() {
        let ring = Keyring::parse(KEYS, "t").unwrap();
        let ids = [Identifier::parse(Kind::Email, "Jan.Kowalski@Example.com").unwrap()];
        let s = Subject::new(&ring, &ids).unwrap();
        assert_eq!(s.tokens.len(), 2);
        let mut written = Vec::new();
        ring.token_into(Kind::Email, b"jan.kowalski@example.com", &mut written);
        assert!(s.tokens.contains(&String::from_utf8(written).unwrap()));
        assert_eq!(s.kinds, vec!["email"]);
    }

    #[test]
    fn mistyped_checksums_are_refused() {
        assert!(Identifier::parse(Kind::Pesel, "44051401358").is_err());
        assert!(Identifier::parse(Kind::Pesel, "44051401359").is_ok());
        assert!(Identifier::seat("LIC-1").is_err());
        assert!(Subject::new(&Keyring::parse(KEYS, "t").unwrap(), &[]).is_err());
    }
}
