//! Diagnostic packages: generated MIME messages go through intake; the sanitized message must
//! re-parse, hold no planted value anywhere (headers, bodies, attachments, archives,
//! forwarded messages, manifest), keep the must-keep tokens, and list what it removed.

mod common;

use common::{contains_word, visible_text};
use scrubline::engine::{Keyring, Kind, RulePack, Scrubber};
use scrubline::packages::{PackageSanitizer, PackagesConfig, PartAction};
use scrubline::synth::{mail, NamePool};

const KEYS: &str = "1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";

#[test]
fn generated_packages_come_out_clean_complete_and_valid() {
    let pack = RulePack::embedded_default();
    let names = NamePool::from_pack(&pack);
    let scrubber = Scrubber::new(&pack, Some(Keyring::parse(KEYS, "test").unwrap())).unwrap();
    let intake = PackageSanitizer::new(&scrubber, PackagesConfig::embedded_default()).unwrap();
    let (mut planted, mut leaked, mut kept, mut keep_total) = (0, Vec::new(), 0, 0);
    let mut lost = Vec::new();
    for seed in 0..12 {
        let p = mail::package(&names, seed);
        let s = intake.sanitize(&p.raw).unwrap_or_else(|q| panic!("seed {seed} quarantined: {}", q.reason));
        let manifest = serde_json::to_string_pretty(&s.manifest).unwrap();
        let mut text = String::new();
        visible_text(&s.eml, &mut text);
        text.push_str(&manifest);
        // Words of names the engine is not expected to find (no dictionary entry, no cue) may
        // legitimately remain; a supported name sharing such a word is judged by its others.
        let unsupported: Vec<&str> =
            p.planted.iter().filter(|v| v.unsupported).flat_map(|v| v.value.split_whitespace()).collect();
        for v in &p.planted {
            planted += 1;
            let leak = if v.kind == Kind::Name {
                v.value
                    .split_whitespace()
                    .any(|w| w.chars().count() >= 3 && !unsupported.contains(&w) && contains_word(&text, w))
            } else {
                text.contains(&v.value)
            };
            if leak && !v.unsupported {
                let w = v.value.split_whitespace().find(|w| text.contains(*w)).unwrap_or(&v.value);
                let at = text.find(w).unwrap_or(0);
                let from = text[..at].char_indices().rev().nth(60).map_or(0, |(i, _)| i);
                let context: String = text[from..].chars().take(120).collect();
                leaked.push(format!("seed {seed}: {:?} {:?} in …{context:?}", v.kind, v.value));
            }
        }
        for k in &p.keep {
            keep_total += 1;
            if text.contains(&k.value) {
                kept += 1;
            } else if lost.len() < 30 {
                lost.push(k.value.clone());
            }
        }
        for name in &p.unscrubbable {
            let entry = s.manifest.parts.iter().find(|e| e.path.ends_with(name.as_str())).expect("removed part listed");
            assert_eq!(entry.action, PartAction::Removed);
            assert!(!text.contains("\u{89}PNG"), "image bytes gone");
        }
        assert_eq!(
            s.manifest.metadata.license_id.as_deref(),
            p.keep.iter().find(|k| k.value.starts_with("LIC-")).map(|k| k.value.as_str())
        );
        assert!(s.manifest.metadata.ticket.is_some(), "ticket found");
        assert!(!s.manifest.subjects.is_empty(), "data subjects indexed by pseudonym");
        assert!(s.manifest.dropped_headers.contains_key("X-Sender-Workstation"), "{:?}", s.manifest.dropped_headers);
        // The windows-1250 CSV was decoded: its Polish header word survives as UTF-8.
        assert!(text.contains("miejscowość"), "seed {seed}: windows-1250 text decoded");
    }
    println!("packages: {planted} planted values, {} leaked; must-keep {kept}/{keep_total}", leaked.len());
    assert!(leaked.is_empty(), "{leaked:#?}");
    assert!(kept as f64 >= keep_total as f64 * 0.999, "must-keep {kept}/{keep_total}, lost e.g. {lost:?}");
}
