//! The name dictionary: word tables (see [`crate::dictionary`]) from the lower-cased name to
//! what it is. Lookups are of whole candidate words (capitalised ones only), so the
//! dictionary costs nothing on other words. The default pack's tables are built with the
//! binary; a pack's own dictionary is built into the same tables at start-up.

use super::config::{Inflection, NameRole, RulePack};
use super::dictionary::{self, WordTable};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameInfo {
    pub first: bool,
    pub last: bool,
    /// Also an ordinary word: only a name with support (a neighbouring name, a greeting).
    pub ambiguous: bool,
}

impl NameInfo {
    fn from_flags(f: u8) -> NameInfo {
        NameInfo {
            first: f & dictionary::FIRST != 0,
            last: f & dictionary::LAST != 0,
            ambiguous: f & dictionary::AMBIGUOUS != 0,
        }
    }
}

static EMBEDDED_NAMES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/names.table"));
static EMBEDDED_FOLDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/folded_names.table"));
static EMBEDDED_FIRST_BITS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/first_names.bits"));

pub struct Lexicon {
    names: WordTable,
    /// Polish names as typed without diacritics (`lukasz`, `dabrowska`), each at most an
    /// ambiguous name: support must come from around it.
    folded: WordTable,
    inflections: Vec<Inflection>,
    /// Per last byte of a word, the inflections that can apply to it (those whose ending ends
    /// in that byte, and any empty ending), in `inflections`' order.
    inflections_by_last: Box<[Vec<u16>; 256]>,
    /// [`dictionary::prefix_bit`] of every first name as written lower-case, so that
    /// "jan kowalski" in lower-case text costs a lookup only for likely first names.
    first_name_prefix: Box<[u64; 1024]>,
}

impl Lexicon {
    /// The pack's dictionary with its context's inflections.
    pub fn for_pack(pack: &RulePack) -> Lexicon {
        let inflections = &pack.context.inflections;
        if pack.names_are_embedded() {
            let table = |b: &'static [u8]| WordTable::new(b).expect("build.rs writes valid tables");
            return Lexicon::with_tables(
                table(EMBEDDED_NAMES),
                table(EMBEDDED_FOLDED),
                inflections,
                EMBEDDED_FIRST_BITS,
            );
        }
        let names: Vec<(&str, u8)> = pack.names().iter().map(|e| (e.name, e.flags())).collect();
        let (exact, folded) = dictionary::name_tables(&names);
        let table = |b: Vec<u8>| WordTable::new(b).expect("a table just built");
        Lexicon::with_tables(table(exact), table(folded), inflections, &dictionary::first_name_bits(&names))
    }

    fn with_tables(names: WordTable, folded: WordTable, inflections: &[Inflection], first_bits: &[u8]) -> Lexicon {
        let mut first_name_prefix = Box::new([0u64; 1024]);
        for (w, b) in first_name_prefix.iter_mut().zip(first_bits.chunks_exact(8)) {
            *w = u64::from_le_bytes(b.try_into().expect("chunks of 8"));
        }
        // Longest endings first, so "skiego" is tried before "o".
        let mut inflections = inflections.to_vec();
        inflections.sort_by_key(|i| std::cmp::Reverse(i.ending.len()));
        let mut inflections_by_last: Box<[Vec<u16>; 256]> = Box::new(std::array::from_fn(|_| Vec::new()));
        for (k, rule) in inflections.iter().enumerate().take(u16::MAX as usize) {
            match rule.ending.as_bytes().last() {
                Some(&b) => inflections_by_last[b as usize].push(k as u16),
                None => inflections_by_last.iter_mut().for_each(|v| v.push(k as u16)),
            }
        }
        Lexicon { names, folded, inflections, inflections_by_last, first_name_prefix }
    }

    /// Could `w` (as written) be a first name written lower-case? A filter on its first two
    /// bytes and length.
    #[inline]
    pub fn may_be_first_name(&self, w: &[u8]) -> bool {
        let bit = dictionary::prefix_bit(w);
        self.first_name_prefix[bit >> 6] & (1 << (bit & 63)) != 0
    }

    /// Exact lookup of a lower-cased word.
    pub fn exact(&self, lower: &[u8]) -> Option<NameInfo> {
        self.names.get(lower).map(NameInfo::from_flags)
    }

    /// Lookup of a lower-cased word as written or in an inflected form (Kowalskiego,
    /// Nowakowi, Annę). `buf` is scratch space.
    pub fn lookup(&self, lower: &str, buf: &mut String) -> Option<NameInfo> {
        if let Some(i) = self.exact(lower.as_bytes()) {
            return Some(i);
        }
        let last = lower.as_bytes().last().map_or(0, |&b| b as usize);
        for rule in self.inflections_by_last[last].iter().map(|&k| &self.inflections[k as usize]) {
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
            return self.folded.get(lower.as_bytes()).map(NameInfo::from_flags);
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
        let lx = Lexicon::for_pack(&p);
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

    #[test]
    fn built_in_tables_are_the_dictionary_built_at_run_time() {
        let p = RulePack::embedded_default();
        let names: Vec<(&str, u8)> = p.names().iter().map(|e| (e.name, e.flags())).collect();
        let (exact, folded) = dictionary::name_tables(&names);
        assert!(exact == EMBEDDED_NAMES, "names.table differs from names.tsv read at run time");
        assert!(folded == EMBEDDED_FOLDED, "folded_names.table differs");
        assert!(dictionary::first_name_bits(&names) == EMBEDDED_FIRST_BITS);
        let lx = Lexicon::for_pack(&p);
        for e in p.names() {
            assert!(lx.exact(e.name.as_bytes()).is_some(), "{}", e.name);
        }
    }

    #[test]
    fn a_packs_own_dictionary_is_built_at_load() {
        let p = RulePack::from_sources(
            "name='x'\nversion=1\n[kinds]\n",
            "",
            "",
            "# own\nzbigniewa\tf\tpl\t0\nłęcka\tl\tpl\t1\n",
        )
        .unwrap();
        assert!(!p.names_are_embedded());
        let lx = Lexicon::for_pack(&p);
        assert_eq!(lx.exact(b"zbigniewa"), Some(NameInfo { first: true, last: false, ambiguous: false }));
        assert_eq!(lx.exact("łęcka".as_bytes()), Some(NameInfo { first: false, last: true, ambiguous: true }));
        assert!(lx.exact(b"kowalski").is_none(), "the default's names are not in a pack's own dictionary");
        let mut b = String::new();
        assert!(lx.lookup("lecka", &mut b).is_some_and(|i| i.ambiguous));
        assert!(lx.may_be_first_name(b"zbigniewa"));
    }
}
