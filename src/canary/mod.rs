//! The leak canary: synthetic personal values sent through the live pipeline as ordinary
//! traffic (a support package and telemetry events), then looked for everywhere the pipeline
//! writes. A value found anywhere is a leak; the pipeline then scrubs less than it should.
//!
//! Canary traffic is marked with a tag only the holder of the pseudonym key can make (a keyed
//! token of the run id), so a sender cannot hide mail from support by copying the mark. Marked
//! traffic is processed exactly like other traffic, and what the pipeline would have stored is
//! written to `canary_results` instead of the package and usage tables: it never reaches
//! support search or usage counters. A run against the live pipeline is
//! `pipelines/canary.rs`.

use crate::engine::{Keyring, Kind};
use rand::{Rng, SeedableRng};
use scrubline_synth::values;

/// The package header and the telemetry field that carry the mark.
pub const HEADER: &str = "X-Scrubline-Canary";
pub const FIELD: &str = "canary";
/// Canary addresses are on a domain no one can own (RFC 2606), and not under
/// `scrubline.invalid`, which the pipeline's own pseudonymous addresses use.
pub const DOMAIN: &str = "scrubline-canary.invalid";

/// What a mark is a keyed token of. The NUL bytes keep it from being any text's pseudonym:
/// no scrubbed value holds one, so sanitized output never shows a valid mark.
fn tag_material(run: &str) -> Vec<u8> {
    format!("\0scrubline-canary\0{run}").into_bytes()
}

/// How long a mark is accepted: a run takes minutes; a mark copied from a topic stops working.
pub const MARK_LIFETIME_SECS: u64 = 2 * 3600;

/// Seconds since 1970, for marks.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// A run id: when it started (Unix seconds, hex) and a random part.
pub fn new_run_id(now: u64, random: u64) -> String {
    format!("{now:x}-{random:016x}")
}

/// The mark of a run: `<run id> <keyed token>`.
pub fn mark(keys: &Keyring, run: &str) -> String {
    let mut token = Vec::new();
    keys.token_into(Kind::Secret, &tag_material(run), &mut token);
    format!("{run} {}", String::from_utf8_lossy(&token))
}

/// The run id of a genuine, current mark (made under any key of the ring, at most
/// [`MARK_LIFETIME_SECS`] before `now`), `None` for anything else.
pub fn verify(keys: &Keyring, mark: &str, now: u64) -> Option<String> {
    let (run, token) = mark.trim().split_once(' ')?;
    let (started, random) = run.split_once('-')?;
    let started = u64::from_str_radix(started, 16).ok()?;
    let current = started <= now + 300 && now.saturating_sub(started) <= MARK_LIFETIME_SECS;
    let plausible = random.len() == 16 && random.bytes().all(|b| b.is_ascii_hexdigit());
    (current && plausible && keys.all_tokens(Kind::Secret, &tag_material(run)).iter().any(|t| t == token.trim()))
        .then(|| run.to_string())
}

/// The value of the canary header in a raw message's header block, if it has one.
pub fn header_mark(raw: &[u8]) -> Option<&str> {
    let end = memchr::memmem::find(raw, b"\r\n\r\n").or_else(|| memchr::memmem::find(raw, b"\n\n"))?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim().eq_ignore_ascii_case(HEADER).then_some(value.trim())
    })
}

/// One run's synthetic values: checksum-valid, made up, unique to the run.
#[derive(Clone, Debug)]
pub struct Values {
    pub run: String,
    pub pesel: String,
    pub egn: String,
    pub email: String,
    pub ip: String,
    pub jwt: String,
    pub login: String,
}

impl Values {
    pub fn new(rng: &mut impl Rng, now: u64) -> Values {
        let mut r = values::Rng8::seed_from_u64(rng.gen());
        let run = new_run_id(now, rng.gen());
        Values {
            email: format!("canary.{}@{DOMAIN}", run.replace('-', ".")),
            // Not a part of the address: a leaked address must not count as a leaked login too.
            login: format!("kanarek_{}", &run[run.len() - 10..]),
            pesel: values::pesel(&mut r),
            egn: values::egn(&mut r),
            ip: values::ipv4(&mut r),
            jwt: values::jwt(&mut r),
            run,
        }
    }

    /// What must never be found, with what it is. The address is matched case-insensitively
    /// (see [`Values::found_in`]).
    pub fn all(&self) -> [(&'static str, &str); 6] {
        [
            ("pesel", &self.pesel),
            ("egn", &self.egn),
            ("email", &self.email),
            ("ip", &self.ip),
            ("jwt", &self.jwt),
            ("login", &self.login),
        ]
    }

    /// Which of the values `text` holds.
    pub fn found_in(&self, text: &str) -> Vec<&'static str> {
        let lower = text.to_lowercase();
        self.all().into_iter().filter(|(_, v)| lower.contains(&v.to_lowercase())).map(|(k, _)| k).collect()
    }

    /// A support message as customers send them: the values in the body, in a log
    /// attachment and in the sender's address.
    pub fn package(&self, mark: &str) -> Vec<u8> {
        let body = format!(
            "Dzień dobry,\r\nproszę o pomoc, w załączniku log.\r\nPESEL klienta: {}\r\nEGN: {}\r\nkontakt: {}\r\n\r\nPozdrawiam\r\n",
            self.pesel, self.egn, self.email
        );
        let log = format!(
            "2026-01-01 10:00:00.000 INFO  [LicenseAgent] login {} from {}\r\n\
2026-01-01 10:00:01.000 DEBUG [Http] Authorization: Bearer {}\r\n\
2026-01-01 10:00:02.000 INFO  [DeclarationEditor] declarant PESEL {}\r\n",
            self.login, self.ip, self.jwt, self.pesel
        );
        mail_builder::MessageBuilder::new()
            .from(("Kanarek Testowy", self.email.as_str()))
            .to("support@vendor.example")
            .subject(format!("scrubline canary {}", self.run))
            .header(HEADER, mail_builder::headers::raw::Raw::new(mark.to_string()))
            .text_body(body)
            .attachment("text/plain", "canary.log", log.into_bytes())
            .write_to_vec()
            .unwrap_or_default()
    }

    /// Telemetry events carrying the values where clients put personal data: the client
    /// address, the user block, a remote-help initiator, and free text in labels.
    pub fn events(&self, mark: &str, now: i64) -> Vec<Vec<u8>> {
        let common = |kind: &str, n: u32| {
            serde_json::json!({
                "schema": 1, "event_id": format!("canary-{}-{n}", self.run), "ts": now,
                "license_id": "LIC-2020-00000", "seat_id": format!("canary-{}", &self.run[self.run.len() - 8..]), "kind": kind,
                "client_ip": self.ip, "app_version": "1.0.0",
                "user": { "email": self.email, "login": self.login, "name": "Kanarek Testowy" },
                FIELD: mark,
            })
        };
        let mut launch = common("module_launch", 1);
        launch["module"] = format!("Celina PESEL {}", self.pesel).into();
        let mut window = common("window_opened", 2);
        window["module"] = "DeclarationEditor".into();
        window["window"] = format!("Klient {} EGN {}", self.email, self.egn).into();
        let mut help = common("remote_help", 3);
        help["duration_ms"] = 60_000.into();
        help["initiator"] = self.login.clone().into();
        help["functions"] = serde_json::json!(["file_transfer", format!("token {}", self.jwt)]);
        [launch, window, help].iter().map(|e| e.to_string().into_bytes()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keyring {
        Keyring::ephemeral([9; 32])
    }

    const NOW: u64 = 1_800_000_000;

    #[test]
    fn only_a_current_mark_made_with_the_key_is_accepted() {
        let k = keys();
        let run = new_run_id(NOW, 0xabcdef0123456789);
        let m = mark(&k, &run);
        assert_eq!(verify(&k, &m, NOW + 60).as_deref(), Some(run.as_str()));
        assert!(verify(&Keyring::ephemeral([1; 32]), &m, NOW).is_none(), "another key's mark");
        assert!(verify(&k, &format!("{run} [SECRET:k0:00]"), NOW).is_none());
        assert!(verify(&k, &m.replace("abcdef01", "abcdef02"), NOW).is_none(), "a mark moved to another run");
        assert!(verify(&k, &m, NOW + MARK_LIFETIME_SECS + 1).is_none(), "an old mark, copied from a topic");
        assert!(verify(&k, &m, NOW - 3600).is_none(), "a mark from the future");
        assert!(verify(&k, "", NOW).is_none());
        // The mark is no pseudonym of the text a sender could write.
        let mut token = Vec::new();
        k.token_into(Kind::Secret, format!("scrubline-canary:{run}").as_bytes(), &mut token);
        assert!(verify(&k, &format!("{run} {}", String::from_utf8_lossy(&token)), NOW).is_none());
    }

    #[test]
    fn the_package_carries_the_mark_and_every_value() {
        let v = Values::new(&mut rand::rngs::OsRng, NOW);
        let m = mark(&keys(), &v.run);
        let raw = v.package(&m);
        assert_eq!(header_mark(&raw), Some(m.as_str()));
        // As a reader sees it: headers and every part, decoded.
        let msg = crate::reading::mime::parse(&raw).unwrap();
        let mut text = String::from_utf8_lossy(&raw).into_owned();
        for part in &msg.parts {
            text.push_str(&String::from_utf8_lossy(part.contents()));
        }
        for (kind, value) in v.all() {
            assert!(text.contains(value) || text.to_lowercase().contains(&value.to_lowercase()), "{kind} missing");
        }
        assert_eq!(v.found_in(&format!("x {} y", v.email.to_uppercase())), vec!["email"]);
        for e in v.events(&m, NOW as i64) {
            let j: serde_json::Value = serde_json::from_slice(&e).unwrap();
            assert_eq!(j[FIELD], m.as_str());
        }
    }
}
