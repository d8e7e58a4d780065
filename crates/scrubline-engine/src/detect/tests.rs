//! One table per detector entry point (see the contract in `mod.rs`): each row calls the
//! detector at one anchor and checks what it pushed and where the scan goes on.

use super::*;
use crate::compiled::Compiled;
use crate::RulePack;
use std::sync::OnceLock;
use Kind::*;

fn compiled() -> &'static Compiled {
    static C: OnceLock<Compiled> = OnceLock::new();
    C.get_or_init(|| Compiled::new(&RulePack::embedded_default()).expect("default pack compiles"))
}

type Detector<'d> = &'d dyn Fn(&mut Scanner<'_>, usize) -> usize;

/// Run `detector` at the byte offset of `anchor` in `text` (its first occurrence), flush the
/// name being built, and return the next index and the candidates as (kind, text).
fn call(text: &str, anchor: &str, detector: Detector<'_>) -> (usize, usize, Vec<(Kind, String)>) {
    let i = text.find(anchor).unwrap_or_else(|| panic!("anchor {anchor:?} not in {text:?}"));
    let mut scratch = Scratch::default();
    let mut s = Scanner {
        t: text.as_bytes(),
        c: compiled(),
        out: &mut scratch.candidates,
        lower: &mut scratch.lower,
        inflect: &mut scratch.inflect,
        names: &mut scratch.names,
        rewrites: &mut scratch.rewrites,
        folded: &mut scratch.folded,
        version_field: false,
        field_cues: 0,
        words: words::WordState::default(),
    };
    let next = detector(&mut s, i);
    s.finish_names();
    let found = scratch.candidates.iter().map(|c| (c.kind, text[c.start..c.end].to_string())).collect();
    (i, next, found)
}

/// One row: text, anchor, the candidates expected, and where the scan goes on (`None`: just
/// past the anchor's token, checked only to lie within the contract's bounds).
type Row = (&'static str, &'static str, &'static [(Kind, &'static str)], Option<&'static str>);

fn check(detector: Detector<'_>, rows: &[Row]) {
    for &(text, anchor, want, resume_after) in rows {
        let (i, next, found) = call(text, anchor, detector);
        assert!(next > i && next <= text.len(), "{text:?} at {i}: next {next} breaks the contract");
        let want: Vec<(Kind, String)> = want.iter().map(|&(k, v)| (k, v.to_string())).collect();
        assert_eq!(found, want, "{text:?} at {anchor:?}");
        if let Some(r) = resume_after {
            let end = text.find(r).expect("resume marker in text") + r.len();
            assert_eq!(next, end, "{text:?}: the scan should go on after {r:?}");
        }
    }
}

/// Passes over the whole text (names, percent-encoding, base64) as a "detector" at 0.
fn whole_text(s: &mut Scanner<'_>, _: usize) -> usize {
    s.run(0);
    s.t.len()
}

#[test]
fn number() {
    check(
        &|s, i| s.number(i),
        &[
            ("PESEL 44051401359 ok", "44051401359", &[(Pesel, "44051401359")], Some("44051401359")),
            ("ЕГН 7501020018, гр. София", "7501020018", &[(Egn, "7501020018")], Some("7501020018")),
            ("NIP 526-104-08-28.", "526", &[(Nip, "526-104-08-28")], Some("08-28")),
            ("tel. 600 123 456 dzwonić", "600", &[(Phone, "600 123 456")], Some("456")),
            ("from 81.2.69.142 port 443", "81", &[(Ip, "81.2.69.142")], Some("142")),
            ("loc 52.229676, 21.012229 end", "52", &[(Geo, "52.229676, 21.012229")], Some("21.012229")),
            // A postal code with its city is an address; alone, a postal code.
            ("00-950 Warszawa, Polska", "00", &[(Address, "00-950 Warszawa")], None),
            // Lookalikes stay: a PESEL with a wrong checksum, an epoch, a timestamp, a
            // version, a private address.
            ("id 44051401358 ok", "44051401358", &[], Some("44051401358")),
            ("ts=1700000000 build", "1700000000", &[], Some("1700000000")),
            ("2025-03-11 10:00:01 INFO start", "2025", &[], None),
            ("Agent version 4.2.0.1 ready", "4", &[], None),
            ("proxy 10.1.2.3 up", "10", &[], None),
        ],
    );
}

#[test]
fn word() {
    check(
        &|s, i| s.word(i),
        &[
            ("pesel=44051401359;", "pesel", &[(Pesel, "44051401359")], Some("44051401359")),
            ("\"Password\": \"hunter2-Long\"", "Password", &[(Secret, "hunter2-Long")], None),
            (
                "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.c2lnbmF0dXJlLXZhbHVl ok",
                "eyJ",
                &[(Secret, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.c2lnbmF0dXJlLXZhbHVl")],
                Some("LXZhbHVl"),
            ),
            ("IBAN PL61109010140000071219812874 ok", "PL61", &[(Iban, "PL61109010140000071219812874")], Some("2874")),
            ("from 2a02:a31a:4141:1a00::1 via", "2a02", &[(Ip, "2a02:a31a:4141:1a00::1")], Some("::1")),
            ("GET /~jkowalski/index.html", "jkowalski", &[(Login, "jkowalski")], Some("jkowalski")),
            ("ul. Kwiatowa 5/12, Kraków", "ul", &[(Address, "ul. Kwiatowa 5/12, Kraków")], None),
            ("kod_pocztowy=00-950\n", "kod", &[(PostalCode, "00-950")], Some("950")),
            // Words that are no one's: a log level and a service, a code identifier, a key.
            ("INFO Started Service", "Started", &[], Some("Started")),
            ("at Core.Sender.Send()", "Sender", &[], Some("Sender")),
            ("Culture=neutral", "Culture", &[], Some("Culture")),
        ],
    );
}

/// Names are built over several `word` calls (a greeting or role word forces the words after
/// it; dictionary words gather until a word that is no name), so their table runs the loop.
#[test]
fn names_over_running_text() {
    check(
        &whole_text,
        &[
            ("Dear Jan Kowalski, thanks", "Dear", &[(Name, "Jan Kowalski")], None),
            ("Здравейте, Стоян Петров!", "Здравейте", &[(Name, "Стоян Петров")], None),
            ("Zgłaszający: KOWALSKI, JAN", "Zgłaszający", &[(Name, "KOWALSKI, JAN")], None),
            ("INFO Started Service Host", "INFO", &[], None),
            ("Hello Service.", "Hello", &[], None),
        ],
    );
}

#[test]
fn plus() {
    check(
        &|s, i| s.plus(i),
        &[
            ("call +48 600 123 456 now", "+48", &[(Phone, "+48 600 123 456")], Some("456")),
            ("тел. +359 88 123 4567", "+359", &[(Phone, "+359 88 123 4567")], Some("4567")),
            ("x = a + 1", "+", &[], None),
            ("c++17 and +12345", "+12345", &[], Some("12345")),
        ],
    );
}

#[test]
fn colon() {
    check(
        &|s, i| s.colon(i),
        &[
            ("peer ::ffff:81.2.69.142 closed", "::", &[(Ip, "::ffff:81.2.69.142")], Some("142")),
            ("loopback ::1 only", "::", &[], None),
            ("key: value", ":", &[], None),
        ],
    );
}

#[test]
fn dash() {
    check(
        &|s, i| s.dash(i),
        &[
            (
                "81.2.69.142 - jkowalski [11/Mar/2025:10:00:01 +0100] \"GET /\"",
                "- j",
                &[(Login, "jkowalski")],
                Some("jkowalski"),
            ),
            (
                "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\nnext",
                "-----BEGIN",
                // The one value that spans lines: the block is replaced whole.
                &[(Secret, "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----")],
                Some("-----END PRIVATE KEY-----"),
            ),
            ("-----BEGIN CERTIFICATE-----\nMIIB\n", "-----BEGIN", &[], Some("CERTIFICATE-----")),
            ("10.0.0.1 - - [11/Mar/2025:10:00:01 +0100]", "- -", &[], None),
            ("a - b", "- b", &[], None),
        ],
    );
}

#[test]
fn bracket() {
    check(
        &|s, i| s.bracket(i),
        &[
            ("PESEL [PESEL] again", "[PESEL]", &[], Some("[PESEL]")),
            ("from [2a02:a31a:4141:1a00::1]:443", "[", &[(Ip, "2a02:a31a:4141:1a00::1")], Some("::1")),
            ("[INFO] ready", "[", &[], None),
        ],
    );
}

#[test]
fn email_pass() {
    check(
        &|s, _| {
            email::scan(s);
            s.t.len()
        },
        &[
            ("mail jan.kowalski@example.com now", "mail", &[(Email, "jan.kowalski@example.com")], None),
            ("user=jan%40example.com&x=1", "user", &[(Email, "jan%40example.com")], None),
            ("jan.nowak [at] wp [dot] pl", "jan", &[(Email, "jan.nowak [at] wp [dot] pl")], None),
            ("build@2x.png and @Override", "build", &[], None),
        ],
    );
}

#[test]
fn percent_and_base64_passes() {
    check(
        &whole_text,
        &[
            ("GET /decl?nip%3D5261040828&x=1", "GET", &[(Nip, "5261040828")], None),
            // `{"pesel":"44051401359"}` in base64: the run is rewritten whole.
            ("body eyJwZXNlbCI6IjQ0MDUxNDAxMzU5In0= end", "body", &[(Pesel, "eyJwZXNlbCI6IjQ0MDUxNDAxMzU5In0=")], None),
            ("hash 3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA end", "hash", &[], None),
        ],
    );
}

#[test]
fn custom_rules() {
    // The default pack's keyed rules (one automaton over every keyword), each from its keyword.
    check(
        &|s, _| {
            custom(s);
            s.t.len()
        },
        &[
            (
                "key=AIzaSyA1234567890abcdefghijklmnopqrstuv end",
                "key",
                &[(Secret, "AIzaSyA1234567890abcdefghijklmnopqrstuv")],
                None,
            ),
            ("AIza alone is a word", "AIza", &[], None),
            // Keywords in any ASCII case (the pattern decides the rest).
            ("Our API KEY: Zx81Qw72Er63Ty54Ui45 ok", "API", &[(Secret, "Zx81Qw72Er63Ty54Ui45")], None),
            ("Klucz Api: Zx81Qw72Er63Ty54Ui45 ok", "Klucz", &[(Secret, "Zx81Qw72Er63Ty54Ui45")], None),
            ("nothing personal here", "nothing", &[], None),
        ],
    );
}

/// The arithmetic lower-casing gives what the Unicode tables give, for every character.
#[test]
fn push_lowercase_equals_char_to_lowercase_everywhere() {
    let mut fast = String::new();
    let mut tables = String::new();
    for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
        let mut b = [0u8; 4];
        let s = c.encode_utf8(&mut b);
        fast.clear();
        super::push_lowercase(s, &mut fast);
        tables.clear();
        tables.extend(c.to_lowercase());
        assert_eq!(fast, tables, "U+{:04X}", c as u32);
    }
    let mut out = String::new();
    super::push_lowercase("ŁUKASZ Żółć ГЕОРГИ İstanbul ΣΟΦΙΑ", &mut out);
    assert_eq!(out, "ŁUKASZ Żółć ГЕОРГИ İstanbul ΣΟΦΙΑ".chars().flat_map(char::to_lowercase).collect::<String>());
}
