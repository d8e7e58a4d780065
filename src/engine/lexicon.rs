//! The name dictionary, matched with aho-corasick. Lookups are anchored at the start of one
//! candidate word (a trie walk that usually dies in the first two or three bytes), so the
//! dictionary costs nothing on words that are not capitalised and little on those that are.

use super::config::{Inflection, NameEntry, NameRole};
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameInfo {
    pub first: bool,
    pub last: bool,
    /// Also an ordinary word: only a name with support (a neighbouring name, a greeting).
    pub ambiguous: bool,
}

pub struct Lexicon {
    ac: AhoCorasick,
    info: Vec<NameInfo>,
    /// Polish names as typed without diacritics (`lukasz`, `dabrowska`), each at most an
    /// ambiguous name: support must come from around it.
    folded: AhoCorasick,
    folded_info: Vec<NameInfo>,
    inflections: Vec<Inflection>,
}

/// `łukasz` → `lukasz`; `None` when nothing changes or a letter has no plain form here.
fn fold_polish(name: &str) -> Option<String> {
    let mut changed = false;
    let folded: String = name
        .chars()
        .map(|c| {
            let f = match c {
                'ą' => 'a',
                'ć' => 'c',
                'ę' => 'e',
                'ł' => 'l',
                'ń' => 'n',
                'ó' => 'o',
                'ś' => 's',
                'ź' | 'ż' => 'z',
                _ => c,
            };
            changed |= f != c;
            f
        })
        .collect();
    (changed && folded.is_ascii()).then_some(folded)
}

impl Lexicon {
    pub fn new(entries: &[NameEntry], inflections: &[Inflection]) -> Lexicon {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(entries.iter().map(|e| e.name.as_bytes()))
            .expect("dictionary entries are validated when the pack loads");
        let info = entries.iter().map(|e| NameInfo { first: e.first, last: e.last, ambiguous: e.ambiguous }).collect();
        let known: std::collections::HashSet<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        let mut folded_names = Vec::new();
        let mut folded_info = Vec::new();
        for e in entries {
            if let Some(f) = fold_polish(&e.name).filter(|f| !known.contains(f.as_str())) {
                folded_names.push(f);
                folded_info.push(NameInfo { first: e.first, last: e.last, ambiguous: true });
            }
        }
        let folded = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&folded_names)
            .expect("folded entries are ASCII");
        // Longest endings first, so "skiego" is tried before "o".
        let mut inflections = inflections.to_vec();
        inflections.sort_by_key(|i| std::cmp::Reverse(i.ending.len()));
        Lexicon { ac, info, folded, folded_info, inflections }
    }

    /// Exact lookup of a lower-cased word.
    pub fn exact(&self, lower: &[u8]) -> Option<NameInfo> {
        let m = self.ac.find(Input::new(lower).anchored(Anchored::Yes))?;
        (m.end() == lower.len()).then(|| self.info[m.pattern().as_usize()])
    }

    /// Lookup of a lower-cased word as written or in an inflected form (Kowalskiego,
    /// Nowakowi, Annę). `buf` is scratch space.
    pub fn lookup(&self, lower: &str, buf: &mut String) -> Option<NameInfo> {
        if let Some(i) = self.exact(lower.as_bytes()) {
            return Some(i);
        }
        for rule in &self.inflections {
            if let Some(stem) = lower.strip_suffix(rule.ending.as_str()) {
                if stem.chars().count() < 2 {
                    continue;
                }
                buf.clear();
                buf.push_str(stem);
                buf.push_str(&rule.base);
                let fits = |i: &NameInfo| match rule.applies_to {
                    None => true,
                    Some(NameRole::First) => i.first,
                    Some(NameRole::Last) => i.last,
                };
                if let Some(i) = self.exact(buf.as_bytes()).filter(fits) {
                    return Some(i);
                }
            }
        }
        if lower.is_ascii() {
            let m = self.folded.find(Input::new(lower).anchored(Anchored::Yes))?;
            return (m.end() == lower.len()).then(|| self.folded_info[m.pattern().as_usize()]);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::RulePack;

    #[test]
    fn finds_names_and_inflected_forms() {
        let p = RulePack::embedded_default();
        let lx = Lexicon::new(&p.names, &p.context.inflections);
        let mut b = String::new();
        for w in ["kowalski", "kowalskiego", "kowalskiej", "nowakowi", "annę", "георги", "иванова", "georgi", "smith"]
        {
            assert!(lx.lookup(w, &mut b).is_some(), "{w}");
        }
        for w in ["deklaracja", "exception", "zgłoszenie", "wysłano", "bielsko"] {
            assert!(lx.lookup(w, &mut b).is_none(), "{w}");
        }
        assert!(lx.exact(b"kowalsk").is_none());
        // Typed without diacritics: found, but never on its own evidence.
        for w in ["lukasz", "pawel", "dabrowska"] {
            assert!(lx.lookup(w, &mut b).is_some_and(|i| i.ambiguous), "{w}");
        }
        assert!(lx.exact(b"will").unwrap().ambiguous);
    }
}
