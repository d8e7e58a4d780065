//! Properties of the engine over generated input:
//! - scrubbing is idempotent (sanitized text scrubs to itself), with and without pseudonyms;
//! - a planted value does not survive in any of the written forms the engine claims;
//! - arbitrary bytes (invalid UTF-8 included) never panic and never grow unboundedly.

use proptest::prelude::*;
use rand::SeedableRng;
use scrubline::engine::{Keyring, RulePack, Scratch, Scrubber};
use scrubline::synth::{self, values, Format};
use std::sync::OnceLock;

const KEYS: &str = "1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";

fn redacting() -> &'static Scrubber {
    static S: OnceLock<Scrubber> = OnceLock::new();
    S.get_or_init(|| Scrubber::new(&RulePack::embedded_default(), None).unwrap())
}

fn pseudonymizing() -> &'static Scrubber {
    static S: OnceLock<Scrubber> = OnceLock::new();
    S.get_or_init(|| Scrubber::new(&RulePack::embedded_default(), Some(Keyring::parse(KEYS, "test").unwrap())).unwrap())
}

fn names() -> &'static synth::NamePool {
    static N: OnceLock<synth::NamePool> = OnceLock::new();
    N.get_or_init(|| synth::NamePool::from_pack(&RulePack::embedded_default()))
}

fn scrub(s: &Scrubber, text: &[u8]) -> Vec<u8> {
    s.scrub_with(text, &mut Scratch::default()).text.into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn scrubbing_is_idempotent(seed in any::<u64>(), f in 0usize..6, keyed in any::<bool>()) {
        let s = if keyed { pseudonymizing() } else { redacting() };
        let doc = synth::document(names(), seed, Format::ALL[f]);
        let once = scrub(s, doc.text.as_bytes());
        let twice = scrub(s, &once);
        prop_assert_eq!(String::from_utf8_lossy(&twice), String::from_utf8_lossy(&once));
    }

    #[test]
    fn pseudonyms_are_consistent_across_records(seed in any::<u64>()) {
        let mut rng = values::Rng8::seed_from_u64(seed);
        let pesel = values::pesel(&mut rng);
        let a = scrub(pseudonymizing(), format!("PESEL {pesel} in record one").as_bytes());
        let b = scrub(pseudonymizing(), format!("record two: pesel={pesel};").as_bytes());
        let token = |v: &[u8]| {
            let s = String::from_utf8_lossy(v).into_owned();
            let start = s.find("[PESEL:k1:").expect("a pseudonym");
            s[start..start + s[start..].find(']').unwrap() + 1].to_string()
        };
        prop_assert_eq!(token(&a), token(&b));
    }

    #[test]
    fn planted_values_do_not_survive_in_any_form(seed in any::<u64>(), form in 0usize..24, wrap in 0usize..8) {
        let mut rng = values::Rng8::seed_from_u64(seed);
        let r = &mut rng;
        let v = match form {
            0 => values::pesel(r),
            1 => values::egn(r),
            2 => values::nip(r),
            3 => values::regon(r),
            4 => values::iban(r),
            5 => values::card(r),
            6 => values::id_card(r),
            7 => values::ipv4(r),
            8 => values::ipv6(r).trim_start_matches('[').split("]:").next().unwrap().to_string(),
            9 => values::phone(r),
            10 => format!("jan.kowalski{}@example.com", seed % 1000),
            11 => format!("anna.nowak{}%40firma.pl", seed % 1000),
            12 => format!("mailto:biuro{}@firma.com.pl", seed % 1000),
            13 => format!("<ops{}@vendor.example>", seed % 1000),
            14 => values::jwt(r),
            15 => values::pem(r),
            16 => format!("password={}", values::secret(r)),
            17 => format!("\"client_secret\": \"{}\"", values::secret(r)),
            18 => format!("<haslo>{}</haslo>", values::secret(r)),
            19 => format!("Authorization: Bearer {}", values::secret(r)),
            20 => format!("https://user{}:{}@host.example/path", seed % 100, values::secret(r)),
            21 => format!("C:\\Users\\jkowalski{}\\AppData", seed % 100),
            22 => format!("agent celny nr wpisu {}", values::agent_number(r)),
            _ => format!("lat={:.6}", 41.0 + (seed % 1000) as f64 / 100.0),
        };
        let text = match wrap {
            0 => v.clone(),
            1 => format!("x {v} y"),
            2 => format!("({v})"),
            3 => format!("\"{v}\","),
            4 => format!("{{\"note\": \"{v}\"}}"),
            5 => format!("<Note>{v}</Note>"),
            6 => format!("line one\n{v}\nline three"),
            _ => format!("{v}."),
        };
        // The secret part of each form; context words (password=, Bearer) may stay.
        let secret_part: Vec<String> = match form {
            16..=19 => vec![v.rsplit([' ', '=', '>', '"']).find(|p| p.len() > 6).unwrap().trim_end_matches(['<', '/']).to_string()],
            20 => vec![v.split("//").nth(1).unwrap().split('@').next().unwrap().to_string()],
            21 => vec![format!("jkowalski{}", seed % 100)],
            22 => vec![v.rsplit(' ').next().unwrap().to_string()],
            23 => vec![v.trim_start_matches("lat=").to_string()],
            13 => vec![v.trim_matches(['<', '>']).to_string()],
            12 => vec![v.trim_start_matches("mailto:").to_string()],
            15 => v.lines().filter(|l| !l.starts_with("-----")).map(str::to_string).collect(),
            _ => vec![v.clone()],
        };
        for s in [redacting(), pseudonymizing()] {
            let out = String::from_utf8(scrub(s, text.as_bytes())).unwrap();
            for p in &secret_part {
                prop_assert!(!out.contains(p.as_str()), "form {form} wrap {wrap}: {p:?} survived in {out:?}");
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let out = redacting().scrub_with(&bytes, &mut Scratch::default());
        // Replacements are short tags; output stays within a small factor of the input.
        prop_assert!(out.text.len() <= bytes.len() * 8 + 64);
        for f in &out.findings {
            prop_assert!(f.start < f.end && f.end <= bytes.len());
        }
    }

    #[test]
    fn arbitrary_text_keeps_valid_utf8(text in "\\PC{0,300}") {
        let (out, _) = redacting().scrub_str(&text, &mut Scratch::default());
        prop_assert!(std::str::from_utf8(out.as_bytes()).is_ok());
    }
}
