//! Telemetry: license and usage events reduced to counters that hold no personal data.
//! Per event: validate (schema v1, docs/events.md), place the client IP in a country and
//! region and drop it, turn the seat into a keyed pseudonym used only for distinct counting,
//! drop the user block and free text, and add to the counters.

pub mod event;
pub mod geo;
pub mod mapping;

use crate::engine::{FieldContext, Keyring, Kind, Scratch, Scrubber};
use event::{parse_ts, valid_license_id, EventKind, RawEvent, Rejection};
use geo::Geo;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The dimensions of a usage counter. `bucket` is the start of the hour (Unix seconds).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct UsageKey {
    pub bucket: u32,
    pub license_id: String,
    pub kind: &'static str,
    pub module: String,
    pub app_version: String,
    pub country: String,
    pub region: String,
    /// Message type, window or dictionary name, by kind; empty otherwise.
    pub detail: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UsageValue {
    pub events: u64,
    /// Sum of `count` (messages in a batch and the like); 1 per event without one.
    pub quantity: u64,
    /// Sum of `duration_ms` (remote-help sessions).
    pub duration_ms: u64,
}

/// The dimensions of a remote-help counter: per hour, license and function used. The
/// function `""` counts every session, whatever it used.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct RemoteHelpKey {
    pub bucket: u32,
    pub license_id: String,
    pub function: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RemoteHelpValue {
    /// Sessions (that used the function).
    pub sessions: u64,
    /// Times the function was used; for `""`, the sum over every function.
    pub uses: u64,
    /// Length of those sessions.
    pub duration_ms: u64,
}

/// An event's identity for counting once: the first 128 bits of the SHA-256 of its
/// `event_id` (stored as 32 hex digits in `seen_events`, so ids of any length cost the same).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventKey(pub u128);

impl EventKey {
    pub fn of(event_id: &str) -> EventKey {
        use sha2::{Digest, Sha256};
        let d = Sha256::digest(event_id.as_bytes());
        EventKey(u128::from_be_bytes(d[..16].try_into().expect("16 bytes")))
    }

    pub fn hex(self) -> String {
        format!("{:032x}", self.0)
    }

    pub fn from_hex(s: &str) -> Option<EventKey> {
        (s.len() == 32).then(|| u128::from_str_radix(s, 16).ok().map(EventKey)).flatten()
    }
}

/// An event read and checked, not yet counted.
#[derive(Debug)]
pub struct Accepted {
    pub key: EventKey,
    /// The run of the leak canary that sent it (its mark checked under the seat key).
    pub canary: Option<String>,
    kind: EventKind,
    ts: i64,
    event: RawEvent,
}

/// What [`Processor::count`] did with an accepted event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    Counted,
    /// Its key was counted before (in this batch or, as told, an earlier one).
    Duplicate,
    /// From someone who objected: dropped uncounted.
    Suppressed,
}

impl UsageValue {
    /// Client-supplied numbers saturate rather than overflow: a panic would fail the batch
    /// forever, wrapping would corrupt the hour's counters.
    pub fn add(&mut self, o: &UsageValue) {
        self.events = self.events.saturating_add(o.events);
        self.quantity = self.quantity.saturating_add(o.quantity);
        self.duration_ms = self.duration_ms.saturating_add(o.duration_ms);
    }
}

impl RemoteHelpValue {
    /// Saturating, like [`UsageValue::add`].
    pub fn add(&mut self, o: &RemoteHelpValue) {
        self.sessions = self.sessions.saturating_add(o.sessions);
        self.uses = self.uses.saturating_add(o.uses);
        self.duration_ms = self.duration_ms.saturating_add(o.duration_ms);
    }
}

/// Counters for one run or batch.
#[derive(Default, Debug)]
pub struct Counters {
    /// Hashed for speed; sort the keys where order matters (output files).
    pub usage: rustc_hash::FxHashMap<UsageKey, UsageValue>,
    /// (day since 1970, license id, seat pseudonym) for every active seat-day.
    pub seat_days: BTreeSet<(u32, String, String)>,
    /// Remote-help sessions, uses and duration per hour, license and function.
    pub remote_help: BTreeMap<RemoteHelpKey, RemoteHelpValue>,
    /// (day since 1970, license id, initiator pseudonym) for every remote-help initiator-day.
    pub initiator_days: BTreeSet<(u32, String, String)>,
    pub events: u64,
    pub duplicates: u64,
    /// Events from people who objected (`scrubline subject object`), dropped uncounted.
    pub suppressed: u64,
    pub rejected: BTreeMap<&'static str, u64>,
}

impl Counters {
    /// Add `other`'s counts (another thread's share of the same batch).
    pub fn merge(&mut self, other: Counters) {
        for (k, v) in other.usage {
            self.usage.entry(k).or_default().add(&v);
        }
        self.seat_days.extend(other.seat_days);
        for (k, v) in other.remote_help {
            self.remote_help.entry(k).or_default().add(&v);
        }
        self.initiator_days.extend(other.initiator_days);
        self.events += other.events;
        self.duplicates += other.duplicates;
        self.suppressed += other.suppressed;
        for (k, n) in other.rejected {
            *self.rejected.entry(k).or_default() += n;
        }
    }
}

pub struct Processor<'a> {
    scrubber: &'a Scrubber,
    geo: &'a Geo,
    seat_key: &'a Keyring,
    scratch: Scratch,
    seen: HashSet<EventKey>,
    /// Seats and dimension values repeat from event to event: their pseudonyms and scrubbed
    /// forms are remembered for the life of the processor (one batch), keyed so that a hit
    /// costs no allocation (license → seat → pseudonym; one map per dimension).
    seats: HashMap<String, HashMap<String, String>>,
    remembered_seats: usize,
    /// The output verifier, built when the first new label needs it.
    verifier: std::cell::OnceCell<crate::verify::Verifier>,
    /// Addresses repeat too (one office, many events): a GeoIP lookup and decode costs more
    /// than the rest of an event's processing. Held in memory for the processor's life only.
    places: HashMap<std::net::IpAddr, geo::Place>,
    dimensions: [Dimension; 4],
    suppression: Option<std::sync::Arc<dyn Suppress>>,
    /// How the installed base's own records map to the canonical event (none: canonical).
    mapping: Option<std::sync::Arc<mapping::EventMapping>>,
}

/// The list of data subjects whose events are dropped (the right to object). The subjects
/// module keeps it; telemetry only asks, so it depends on no request or storage code.
pub trait Suppress: Send + Sync {
    /// Nobody is on the list: asking costs nothing.
    fn is_empty(&self) -> bool;
    /// Does this event come from someone on the list? `seat` is its seat pseudonym under the
    /// active key of `ring`.
    fn event(&self, ring: &crate::engine::Keyring, e: &event::RawEvent, seat: &str) -> bool;
}

/// One free-form dimension: what its field name says, and the values seen so far.
struct Dimension {
    ctx: FieldContext,
    seen: HashMap<String, String>,
}

const MODULE: usize = 0;
const APP_VERSION: usize = 1;
const DETAIL: usize = 2;
const FUNCTION: usize = 3;
const DIMENSION_NAMES: [&str; 4] = ["module", "app_version", "detail", "function"];
/// Distinct functions counted per session; the rest are counted as `(other)`, so a client
/// bug cannot make one session a thousand counter rows.
const MAX_FUNCTIONS: usize = 32;
const MAX_DIMENSION: usize = 64;
/// A label the output verifier would not pass: counted under this instead.
pub const WITHHELD: &str = "[WITHHELD]";
/// Bound on each cache, so a stream of ever-new values cannot grow memory without limit.
const MAX_REMEMBERED: usize = 100_000;

impl<'a> Processor<'a> {
    pub fn new(scrubber: &'a Scrubber, geo: &'a Geo, seat_key: &'a Keyring) -> Self {
        // The field names are context: a dotted quad under `app_version` is a version.
        let dimension = |name: &str| Dimension { ctx: scrubber.field_context(name), seen: HashMap::new() };
        Processor {
            scrubber,
            geo,
            seat_key,
            scratch: Scratch::default(),
            seen: HashSet::new(),
            seats: HashMap::new(),
            remembered_seats: 0,
            verifier: std::cell::OnceCell::new(),
            places: HashMap::new(),
            dimensions: DIMENSION_NAMES.map(dimension),
            suppression: None,
            mapping: None,
        }
    }

    /// Read records through this mapping (`[events]` of the job configuration).
    pub fn with_mapping(mut self, mapping: Option<std::sync::Arc<mapping::EventMapping>>) -> Self {
        self.mapping = mapping;
        self
    }

    /// Drop events of people on this list (the right to object).
    pub fn with_suppression(mut self, list: std::sync::Arc<dyn Suppress>) -> Self {
        self.suppression = (!list.is_empty()).then_some(list);
        self
    }

    /// A free-form dimension (module, version, window) scrubbed like any text and bounded:
    /// a name typed into a window title must not become a counter label.
    fn dimension(&mut self, which: usize, v: Option<&str>) -> String {
        let v = v.unwrap_or("").trim();
        let d = &mut self.dimensions[which];
        if let Some(clean) = d.seen.get(v) {
            return clean.clone();
        }
        let text = self.scrubber.scrub_in_field(v.as_bytes(), &mut self.scratch, d.ctx).text;
        let mut clean: String = String::from_utf8_lossy(&text).chars().take(MAX_DIMENSION).collect();
        // The last gate: a label is read back on its own terms, under its field name as the
        // verifier reads a config line, before it can be stored.
        let verifier = self.verifier.get_or_init(|| crate::verify::Verifier::new(self.scrubber));
        let line = format!("{}: {clean}", DIMENSION_NAMES[which]);
        if let Err(failure) = verifier.text(line.as_bytes(), "telemetry/dimension") {
            crate::self_metrics::verify_failed(failure.label());
            clean = WITHHELD.to_string();
        }
        if d.seen.len() < MAX_REMEMBERED {
            d.seen.insert(v.to_string(), clean.clone());
        }
        clean
    }

    fn place(&mut self, ip: Option<&str>) -> geo::Place {
        let Some(addr) = ip.and_then(|ip| ip.trim().parse::<std::net::IpAddr>().ok()) else {
            return geo::Place::unknown();
        };
        if let Some(p) = self.places.get(&addr) {
            return p.clone();
        }
        let p = self.geo.locate_addr(addr);
        if self.places.len() < MAX_REMEMBERED {
            self.places.insert(addr, p.clone());
        }
        p
    }

    fn seat(&mut self, license_id: &str, seat_id: &str) -> String {
        if let Some(s) = self.seats.get(license_id).and_then(|m| m.get(seat_id)) {
            return s.clone();
        }
        let mut token = Vec::new();
        self.seat_key.token_into(Kind::Login, &seat_material(license_id, seat_id), &mut token);
        let token = String::from_utf8_lossy(&token).into_owned();
        if self.remembered_seats < MAX_REMEMBERED {
            self.remembered_seats += 1;
            self.seats.entry(license_id.to_string()).or_default().insert(seat_id.to_string(), token.clone());
        }
        token
    }

    /// Add one event (a JSON object) to `c`, or say why it is rejected.
    pub fn add(&mut self, json: &[u8], c: &mut Counters) -> Result<(), Rejection> {
        let e = self.accept(json, c)?;
        self.count(e, c);
        Ok(())
    }

    /// Read and check one event without counting it yet (a rejection is counted in `c`);
    /// [`Processor::count`] counts it.
    pub fn accept(&mut self, json: &[u8], c: &mut Counters) -> Result<Accepted, Rejection> {
        let result = self.check(json);
        if let Err(rej) = &result {
            *c.rejected.entry(rej.label()).or_default() += 1;
        }
        result
    }

    /// [`Processor::accept`] without counters: the rejection is only returned (and counted in
    /// the metrics), for a caller that counts rejections itself.
    pub fn check(&mut self, json: &[u8]) -> Result<Accepted, Rejection> {
        let result = self.parse(json);
        if let Err(rej) = &result {
            crate::self_metrics::event_rejected(rej.label());
        }
        result
    }

    /// Count an accepted event once: a key this processor counted before is a duplicate, an
    /// event of someone who objected is dropped. (The Kafka pipeline settles repeats across
    /// threads and batches itself and hands each processor first occurrences only.)
    pub fn count(&mut self, e: Accepted, c: &mut Counters) -> Counted {
        let outcome = self.count_inner(e, c);
        crate::self_metrics::event(match outcome {
            Counted::Counted => "counted",
            Counted::Duplicate => "duplicate",
            Counted::Suppressed => "suppressed",
        });
        outcome
    }

    fn parse(&mut self, json: &[u8]) -> Result<Accepted, Rejection> {
        let e: RawEvent = match &self.mapping {
            Some(m) => m.canonical(json)?,
            None => serde_json::from_slice(json).map_err(|e| mapping::explain(json, &e))?,
        };
        if e.schema != 1 {
            return Err(Rejection::Schema(e.schema));
        }
        let kind = EventKind::from_id(&e.kind).ok_or(Rejection::UnknownKind)?;
        let ts = parse_ts(&e.ts).ok_or(Rejection::Timestamp)?;
        if !valid_license_id(&e.license_id) {
            return Err(Rejection::LicenseId);
        }
        let canary =
            e.canary.as_deref().and_then(|m| crate::canary::verify(self.seat_key, m, crate::canary::unix_now()));
        Ok(Accepted { key: EventKey::of(&e.event_id), canary, kind, ts, event: e })
    }

    fn count_inner(&mut self, a: Accepted, c: &mut Counters) -> Counted {
        let Accepted { key: event_key, kind, ts, event: e, .. } = a;
        if !self.seen.insert(event_key) {
            c.duplicates += 1;
            return Counted::Duplicate;
        }
        let place = self.place(e.client_ip.as_deref());
        let seat = self.seat(&e.license_id, &e.seat_id);
        if self.suppression.as_ref().is_some_and(|list| list.event(self.seat_key, &e, &seat)) {
            c.suppressed += 1;
            return Counted::Suppressed;
        }
        let detail = match kind {
            EventKind::MessageSent => e.message_type.as_deref(),
            EventKind::WindowOpened => e.window.as_deref(),
            EventKind::DictionaryDownload => e.dictionary.as_deref(),
            _ => None,
        };
        let key = UsageKey {
            bucket: key_bucket(ts),
            license_id: e.license_id.clone(),
            kind: kind.id(),
            module: self.dimension(MODULE, e.module.as_deref()),
            app_version: self.dimension(APP_VERSION, e.app_version.as_deref()),
            country: place.country,
            region: place.region,
            detail: self.dimension(DETAIL, detail),
        };
        c.usage.entry(key).or_default().add(&UsageValue {
            events: 1,
            quantity: e.count.unwrap_or(1),
            duration_ms: e.duration_ms.unwrap_or(0),
        });
        if kind == EventKind::RemoteHelp {
            self.remote_help(&e, key_bucket(ts), c);
        }
        c.seat_days.insert(((ts / 86_400) as u32, e.license_id, seat));
        c.events += 1;
        Counted::Counted
    }

    /// A remote-help session: the session, its length and the functions it used, per hour
    /// and license; who started it only as a pseudonym per day, for distinct counts. Nothing
    /// of what was seen or sent in the session is in the event, nor read.
    fn remote_help(&mut self, e: &RawEvent, bucket: u32, c: &mut Counters) {
        let duration = e.duration_ms.unwrap_or(0);
        let mut used: BTreeMap<String, u64> = BTreeMap::new();
        for f in e.functions.iter().flatten() {
            let mut name = self.dimension(FUNCTION, Some(f.name()));
            if used.len() >= MAX_FUNCTIONS && !used.contains_key(&name) {
                name = "(other)".to_string();
            }
            if !name.is_empty() {
                let n = used.entry(name).or_default();
                *n = n.saturating_add(f.uses());
            }
        }
        let mut add = |function: String, uses: u64| {
            c.remote_help
                .entry(RemoteHelpKey { bucket, license_id: e.license_id.clone(), function })
                .or_default()
                .add(&RemoteHelpValue { sessions: 1, uses, duration_ms: duration });
        };
        add(String::new(), used.values().fold(0u64, |a, n| a.saturating_add(*n)));
        for (function, uses) in used {
            add(function, uses);
        }
        if let Some(who) = e.initiator.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
            let mut token = Vec::new();
            self.seat_key.token_into(Kind::Login, &initiator_material(who), &mut token);
            let day = bucket / 86_400;
            c.initiator_days.insert((day, e.license_id.clone(), String::from_utf8_lossy(&token).into_owned()));
        }
    }
}

fn key_bucket(ts: i64) -> u32 {
    (ts - ts.rem_euclid(3600)) as u32
}

/// What counting an event added, as the rows the sinks would write (for the leak canary,
/// whose events are counted apart and read back).
pub fn rows_json(c: &Counters) -> String {
    let mut usage: Vec<_> = c.usage.iter().map(|(k, v)| serde_json::json!({"key": k, "value": v})).collect();
    usage.sort_by_key(|v| v.to_string());
    serde_json::json!({
        "usage": usage,
        "remote_help": c.remote_help.iter().map(|(k, v)| serde_json::json!({"key": k, "value": v})).collect::<Vec<_>>(),
        "seat_days": c.seat_days,
        "initiator_days": c.initiator_days,
        "suppressed": c.suppressed,
    })
    .to_string()
}

/// What a remote-help initiator's pseudonym is computed from: the login, whatever license
/// the session was for, so one helper counts once across licenses.
pub fn initiator_material(login: &str) -> Vec<u8> {
    format!("initiator\0{}", login.trim().to_lowercase()).into_bytes()
}

/// What a seat's pseudonym is computed from: the seat id is only unique within its license.
pub fn seat_material(license_id: &str, seat_id: &str) -> Vec<u8> {
    format!("seat\0{license_id}\0{seat_id}").into_bytes()
}

/// Active seats per (day, license) from the seat-days.
pub fn active_seats_by_day(c: &Counters) -> BTreeMap<(u32, String), u64> {
    let mut out = BTreeMap::new();
    for (day, lic, _) in &c.seat_days {
        *out.entry((*day, lic.clone())).or_default() += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RulePack;

    fn event(id: u32, extra: &str) -> String {
        format!(
            r#"{{"schema":1,"event_id":"e{id}","ts":"2026-11-23T10:15:00Z","license_id":"LIC-1","seat_id":"S1","kind":"remote_help","duration_ms":1000{extra}}}"#
        )
    }

    #[test]
    fn remote_help_counts_functions_bounds_them_and_names_a_bad_list() {
        let scrubber = Scrubber::new(&RulePack::embedded_default(), None).unwrap();
        let (geo, key) = (Geo::none(), Keyring::ephemeral([7; 32]));
        let mut p = Processor::new(&scrubber, &geo, &key);
        let mut c = Counters::default();
        // 40 distinct names, then one of the first 32 again: that one stays itself.
        let mut many: Vec<String> = (0..40).map(|i| format!("\"f{i:02}\"")).collect();
        many.push("\"f05\"".into());
        p.add(event(1, &format!(r#","initiator":"a.nowak","functions":[{}]"#, many.join(","))).as_bytes(), &mut c)
            .unwrap();
        p.add(event(2, r#","initiator":"A.Nowak ","functions":["chat",{"name":"chat","uses":2}]"#).as_bytes(), &mut c)
            .unwrap();
        let get = |c: &Counters, f: &str| c.remote_help.iter().find(|(k, _)| k.function == f).map(|(_, v)| v.clone());
        assert_eq!(get(&c, ""), Some(RemoteHelpValue { sessions: 2, uses: 44, duration_ms: 2000 }));
        assert_eq!(get(&c, "chat"), Some(RemoteHelpValue { sessions: 1, uses: 3, duration_ms: 1000 }));
        assert_eq!(get(&c, "f05"), Some(RemoteHelpValue { sessions: 1, uses: 2, duration_ms: 1000 }));
        assert_eq!(get(&c, "(other)"), Some(RemoteHelpValue { sessions: 1, uses: 8, duration_ms: 1000 }));
        assert_eq!(c.remote_help.len(), 1 + 32 + 1 + 1, "32 named functions, (other), chat and all sessions");
        assert_eq!(c.initiator_days.len(), 1, "one helper, however the login is spelled");

        // Uses near the top of u64 saturate instead of overflowing.
        let huge = format!(r#","functions":[{{"name":"chat","uses":{m}}},{{"name":"zoom","uses":{m}}}]"#, m = u64::MAX);
        p.add(event(3, &huge).as_bytes(), &mut c).unwrap();
        assert_eq!(get(&c, "").map(|v| v.uses), Some(u64::MAX));
        assert_eq!(get(&c, "chat").map(|v| v.uses), Some(u64::MAX));

        let bad = p.add(event(4, r#","functions":[3]"#).as_bytes(), &mut c).unwrap_err();
        assert_eq!(bad, event::Rejection::WrongType("functions"));
    }
}

#[cfg(test)]
mod last_gate {
    use super::*;
    use crate::engine::RulePack;

    #[test]
    fn labels_pass_the_output_verifier_or_are_withheld() {
        let scrubber = Scrubber::new(&RulePack::embedded_default(), None).unwrap();
        let (geo, key) = (Geo::none(), Keyring::ephemeral([7; 32]));
        let mut p = Processor::new(&scrubber, &geo, &key);
        for (which, v) in [
            (APP_VERSION, "20.1.3.1"),
            (APP_VERSION, "2026.11"),
            (MODULE, "NctsSender"),
            (DETAIL, "IE015"),
            (DETAIL, "GoodsItemForm"),
            (FUNCTION, "file_transfer"),
        ] {
            assert_eq!(p.dimension(which, Some(v)), v, "a plain label is kept");
        }
        let typed = p.dimension(DETAIL, Some("Okno klienta Jan Kowalski, PESEL 44051401359"));
        assert!(!typed.contains("Kowalski") && !typed.contains("44051401359"), "{typed}");
    }
}

#[cfg(all(test, feature = "test-hooks"))]
mod last_gate_fires {
    use super::*;
    use crate::engine::RulePack;

    #[test]
    fn a_label_the_engine_let_through_is_withheld() {
        let mut scrubber = Scrubber::new(&RulePack::embedded_default(), None).unwrap();
        scrubber.skip_detector_for_tests(Kind::Email);
        let (geo, key) = (Geo::none(), Keyring::ephemeral([7; 32]));
        let mut p = Processor::new(&scrubber, &geo, &key);
        assert_eq!(p.dimension(DETAIL, Some("Okno jan.kowalski@firma.pl")), WITHHELD);
        assert_eq!(p.dimension(DETAIL, Some("IE015")), "IE015");
    }
}
