//! The name dictionary: a hash map from the lower-cased name to what it is. Lookups are of
//! whole candidate words (capitalised ones only), so the dictionary costs nothing on other
//! words; a map builds in a few milliseconds where an automaton over the same 53,000 names
//! took most of the start-up.

use super::config::{Inflection, NameEntry, NameRole};
use rustc_hash::FxHashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameInfo {
    pub first: bool,
    pub last: bool,
    /// Also an ordinary word: only a name with support (a neighbouring name, a greeting).
    pub ambiguous: bool,
}

pub struct Lexicon {
    /// Keys borrow the dictionary's text (see `parse_names`): no allocation per name.
    names: FxHashMap<&'static [u8], NameInfo>,
    /// Polish names as typed without diacritics (`lukasz`, `dabrowska`), each at most an
    /// ambiguous name: support must come from around it.
    folded: FxHashMap<Box<[u8]>, NameInfo>,
    inflections: Vec<Inflection>,
}

/// `łukasz` → `lukasz`; `None` when nothing changes or a letter has no plain form here.
fn fold_polish(name: &str) -> Option<String> {
    // Most names have no Polish letter: nothing to build.
    if !name.chars().any(|c| matches!(c, 'ą' | 'ć' | 'ę' | 'ł' | 'ń' | 'ó' | 'ś' | 'ź' | 'ż')) {
        return None;
    }
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
        let mut names = FxHashMap::default();
        names.reserve(entries.len());
        for e in entries {
            // The first entry of a name wins, as the dictionary is written.
            names.entry(e.name.as_bytes()).or_insert(NameInfo { first: e.first, last: e.last, ambiguous: e.ambiguous });
        }
        let mut folded = FxHashMap::default();
        for e in entries {
            if let Some(f) = fold_polish(e.name).filter(|f| !names.contains_key(f.as_bytes())) {
                folded.entry(f.into_bytes().into_boxed_slice()).or_insert(NameInfo {
                    first: e.first,
                    last: e.last,
                    ambiguous: true,
                });
            }
        }
        // Longest endings first, so "skiego" is tried before "o".
        let mut inflections = inflections.to_vec();
        inflections.sort_by_key(|i| std::cmp::Reverse(i.ending.len()));
        Lexicon { names, folded, inflections }
    }

    /// Exact lookup of a lower-cased word.
    pub fn exact(&self, lower: &[u8]) -> Option<NameInfo> {
        self.names.get(lower).copied()
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
            return self.folded.get(lower.as_bytes()).copied();
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RulePack;

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
