//! The runtime form of a rule pack: flat tables the scanner reads without allocating.

use super::config::{RuleError, RulePack};
use super::dictionary::{self, prefix_bit, WordTable};
use super::kind::Kind;
use super::lexicon::Lexicon;
use rustc_hash::{FxHashMap, FxHashSet};

pub use super::config::Action;

#[derive(Clone, Copy, Debug)]
pub struct KindRule {
    pub action: Action,
    pub priority: u8,
    pub enabled: bool,
}

/// Context words, by the role they play.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    Greeting,
    Signature,
    Street,
    CustomsAgent,
    UserDir,
    /// `staging/<login>/`: a folder whose next segment is a login if it looks like one.
    LoginDir,
    /// `pam(login,203.0.113.7,<session>)`: Dovecot's authentication back-ends.
    Passdb,
    /// `Anna Lindqvist's iPhone`: a device named after its owner.
    OwnedDevice,
    Bearer,
    /// `Użytkownik jkowalski`, `Invalid user petrov`, `Accepted password for ivanov_p`: the
    /// next token is a login when it looks like one.
    Login,
}

/// A context phrase, keyed in [`Compiled::triggers`] by its last word; `before` holds the
/// earlier words, nearest first.
#[derive(Clone, Debug)]
pub struct Phrase {
    pub before: Vec<String>,
    pub trigger: Trigger,
    /// Counts only when its last word is written with a capital.
    pub capitalised: bool,
}

/// A custom rule's keyword, lower case, and the rule it belongs to (index in `custom`).
pub type Keyword = (Box<[u8]>, usize);

pub struct CustomRule {
    /// The rule's `id`, named in findings' reasons.
    pub id: String,
    pub kind: Kind,
    pub regex: regex::bytes::Regex,
    /// Whether the rule runs only where one of its keywords is (see `custom_keywords`).
    pub keyed: bool,
    pub group: usize,
}

pub struct Compiled {
    pub rules: [KindRule; Kind::COUNT],
    pub lexicon: Lexicon,
    pub fields: FxHashMap<String, Kind>,
    /// Field-name endings, indexed by their last two bytes so a miss costs one probe.
    pub field_suffixes: FxHashMap<[u8; 2], Vec<(String, Kind)>>,
    /// Names that end like a suffix but are not fields (`publickeytoken`).
    pub field_exceptions: FxHashSet<String>,
    /// Name fields whose values are names only when they read as one (`name`, `author`).
    pub generic_name_fields: FxHashSet<String>,
    /// Ordinary words that are no name.
    pub common_words: WordTable,
    pub triggers: FxHashMap<String, Vec<Phrase>>,
    pub versions: FxHashSet<String>,
    /// Month and weekday words, lower case: never names.
    pub timestamp_words: FxHashSet<String>,
    pub surname_endings: Vec<String>,
    /// The ways an `@` is spelled out in obfuscated e-mail addresses, in one automaton.
    pub at_markers: aho_corasick::AhoCorasick,
    /// Cue words (lower case) and the kinds of bare digit runs they announce.
    pub id_cues: FxHashMap<String, Vec<Kind>>,
    /// Private networks hold personal addresses (`private_is_personal` of the `ip` kind).
    pub ip_private_personal: bool,
    pub user_dir_exceptions: FxHashSet<String>,
    /// Accounts of systems and roles, not people (`root`, `www-data`, `postmaster`).
    pub system_accounts: FxHashSet<String>,
    /// Words that end a login cue's reach (`user is`, `użytkownik nie`).
    pub login_stopwords: FxHashSet<String>,
    /// Words that keep `<field name> <word>:` from being a field (`Login failed:`).
    pub field_phrase_stopwords: FxHashSet<String>,
    /// Bit per (first byte, second byte) of every trigger word as it may be written (lower,
    /// Title, UPPER): words whose first two bytes miss it skip the lower-casing and lookup.
    pub trigger_prefix: Box<[u64; 1024]>,
    /// Field names as they may be written, and the last two bytes of field-name endings:
    /// a word in key position that misses both is not looked up.
    pub field_prefix: Box<[u64; 1024]>,
    pub field_suffix_ends: Box<[u64; 1024]>,
    pub custom: Vec<CustomRule>,
    /// Every keyed custom rule's keywords in one automaton (one pass over the text for all
    /// of them, not one per rule), with the rule each pattern belongs to.
    pub custom_keywords: Option<(regex::bytes::Regex, Vec<Keyword>)>,
    /// A kind whose detectors are skipped while the kind stays enabled: only the `test-hooks`
    /// feature sets it, to show that the output verifier catches a detector that misses.
    pub test_skip: Option<Kind>,
}

impl Compiled {
    pub fn new(pack: &RulePack) -> Result<Compiled, RuleError> {
        let off = KindRule { action: Action::Redact, priority: 0, enabled: false };
        let mut rules = [off; Kind::COUNT];
        for (kind, r) in &pack.pack.kinds {
            rules[kind.index()] = KindRule { action: r.action, priority: r.priority, enabled: r.enabled };
        }
        let mut fields = FxHashMap::default();
        let mut suffix_list = Vec::new();
        for (kind, f) in &pack.fields {
            for n in &f.names {
                fields.insert(n.to_lowercase(), *kind);
            }
            for s in &f.suffixes {
                suffix_list.push((s.to_lowercase(), *kind));
            }
        }
        suffix_list.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        let mut field_suffixes: FxHashMap<[u8; 2], Vec<(String, Kind)>> = FxHashMap::default();
        for (suffix, kind) in suffix_list {
            if let Some(key) = last_two(&suffix) {
                field_suffixes.entry(key).or_default().push((suffix, kind));
            }
        }

        let ctx = &pack.context;
        let mut triggers: FxHashMap<String, Vec<Phrase>> = FxHashMap::default();
        let mut trigger_prefix = Box::new([0u64; 1024]);
        let groups: [(&Vec<String>, Trigger); 12] = [
            (&ctx.greetings, Trigger::Greeting),
            (&ctx.capitalised_greetings, Trigger::Greeting),
            (&ctx.name_roles, Trigger::Greeting),
            (&ctx.signatures, Trigger::Signature),
            (&ctx.streets, Trigger::Street),
            (&ctx.customs_agent, Trigger::CustomsAgent),
            (&ctx.user_dirs, Trigger::UserDir),
            (&ctx.login_dirs, Trigger::LoginDir),
            (&ctx.passdb, Trigger::Passdb),
            (&ctx.owned_devices, Trigger::OwnedDevice),
            (&ctx.bearer, Trigger::Bearer),
            (&ctx.login_cues, Trigger::Login),
        ];
        for (i, (words, trigger)) in groups.into_iter().enumerate() {
            // The second group: greetings that count only when written with a capital.
            let capitalised = i == 1;
            for phrase in words {
                let lower = phrase.to_lowercase();
                let mut parts: Vec<String> = lower.split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect();
                let Some(last) = parts.pop() else { continue };
                parts.reverse();
                add_prefix_bits(&mut trigger_prefix, &last, !capitalised);
                // As written in the pack too (`iPhone`).
                if let Some(written) = phrase.split(' ').rfind(|w| !w.is_empty()) {
                    let bit = prefix_bit(written.as_bytes());
                    trigger_prefix[bit >> 6] |= 1 << (bit & 63);
                }
                triggers.entry(last).or_default().push(Phrase { before: parts, trigger, capitalised });
            }
        }
        let mut field_prefix = Box::new([0u64; 1024]);
        for name in fields.keys() {
            add_prefix_bits(&mut field_prefix, name, true);
        }
        let mut field_suffix_ends = Box::new([0u64; 1024]);
        for key in field_suffixes.keys() {
            let bit = (key[0] as usize) << 8 | key[1] as usize;
            field_suffix_ends[bit >> 6] |= 1 << (bit & 63);
        }
        let custom = pack
            .pack
            .custom
            .iter()
            .map(|c| {
                let bad = |message: String| RuleError::BadCustom { id: c.id.clone(), message };
                let regex = regex::bytes::Regex::new(&c.pattern).map_err(|e| bad(format!("bad pattern: {e}")))?;
                if c.group >= regex.captures_len() {
                    return Err(bad(format!("group {} does not exist in the pattern", c.group)));
                }
                if c.keywords.iter().any(String::is_empty) {
                    return Err(bad("an empty keyword".into()));
                }
                if pack.pack.custom.len() >= crate::detect::NO_RULE as usize {
                    return Err(bad("too many custom rules in one pack".into()));
                }
                Ok(CustomRule { id: c.id.clone(), kind: c.kind, regex, keyed: !c.keywords.is_empty(), group: c.group })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (keywords, owners): (Vec<&String>, Vec<usize>) =
            pack.pack.custom.iter().enumerate().flat_map(|(i, c)| c.keywords.iter().map(move |k| (k, i))).unzip();
        let custom_keywords = if keywords.is_empty() {
            None
        } else {
            // Keywords match in any ASCII case: lower-cased here, and searched in a lower-cased
            // copy of the text (see `detect::custom`).
            let alternation: Vec<String> = keywords.iter().map(|k| regex::escape(&k.to_ascii_lowercase())).collect();
            let ac = regex::bytes::Regex::new(&format!("(?-u)(?:{})", alternation.join("|")))
                .map_err(|e| RuleError::BadCustom { id: "keywords".into(), message: e.to_string() })?;
            let owned =
                keywords.iter().map(|k| k.to_ascii_lowercase().into_bytes().into_boxed_slice()).zip(owners).collect();
            Some((ac, owned))
        };
        Ok(Compiled {
            rules,
            lexicon: Lexicon::for_pack(pack),
            fields,
            field_suffixes,
            field_exceptions: pack.fields.values().flat_map(|f| f.except.iter().map(|e| e.to_lowercase())).collect(),
            generic_name_fields: pack
                .fields
                .values()
                .flat_map(|f| f.generic.iter().map(|e| e.to_lowercase()))
                .collect(),
            common_words: common_words(pack),
            triggers,
            versions: ctx.versions.iter().map(|s| s.to_lowercase()).collect(),
            timestamp_words: ctx.timestamp_words.iter().map(|s| s.to_lowercase()).collect(),
            surname_endings: ctx.surname_endings.iter().map(|s| s.to_lowercase()).collect(),
            at_markers: aho_corasick::AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .build(&super::detect::AT_MARKERS[..super::detect::AT_MARKERS.len() - 1])
                .expect("fixed markers build"),
            id_cues: {
                let mut m: FxHashMap<String, Vec<Kind>> = FxHashMap::default();
                for (&kind, words) in &ctx.id_cues {
                    for w in words {
                        m.entry(w.to_lowercase()).or_default().push(kind);
                    }
                }
                m
            },
            ip_private_personal: pack.pack.kinds.get(&Kind::Ip).and_then(|r| r.private_is_personal).unwrap_or(false),
            user_dir_exceptions: ctx.user_dir_exceptions.iter().map(|s| s.to_lowercase()).collect(),
            system_accounts: ctx.system_accounts.iter().map(|s| s.to_lowercase()).collect(),
            login_stopwords: ctx.login_stopwords.iter().map(|s| s.to_lowercase()).collect(),
            field_phrase_stopwords: ctx.field_phrase_stopwords.iter().map(|s| s.to_lowercase()).collect(),
            trigger_prefix,
            field_prefix,
            field_suffix_ends,
            custom,
            custom_keywords,
            test_skip: None,
        })
    }

    pub fn rule(&self, kind: Kind) -> &KindRule {
        &self.rules[kind.index()]
    }

    /// The kind a field name announces, if any: whole-name match, then known endings.
    pub fn field_kind(&self, lower: &str) -> Option<Kind> {
        if let Some(k) = self.fields.get(lower) {
            return Some(*k);
        }
        let normalised;
        let name = if lower.contains('-') || lower.contains('.') {
            normalised = lower.replace(['-', '.'], "_");
            if let Some(k) = self.fields.get(&normalised) {
                return Some(*k);
            }
            normalised.as_str()
        } else {
            lower
        };
        if self.field_exceptions.contains(name) {
            return None;
        }
        let candidates = self.field_suffixes.get(&last_two(name)?)?;
        candidates.iter().find(|(s, _)| name.ends_with(s.as_str())).map(|(_, k)| *k)
    }

    /// Could the word `w` (as written) be a context word? A filter on its first two bytes
    /// and its length, so ordinary words skip lower-casing and the map lookup.
    #[inline]
    pub fn may_be_trigger(&self, w: &[u8]) -> bool {
        let bit = prefix_bit(w);
        self.trigger_prefix[bit >> 6] & (1 << (bit & 63)) != 0
    }
}

impl Compiled {
    #[inline]
    pub fn may_be_field(&self, w: &[u8]) -> bool {
        let bit = prefix_bit(w);
        if self.field_prefix[bit >> 6] & (1 << (bit & 63)) != 0 {
            return true;
        }
        let n = w.len();
        n >= 2 && {
            let end = (w[n - 2].to_ascii_lowercase() as usize) << 8 | w[n - 1].to_ascii_lowercase() as usize;
            self.field_suffix_ends[end >> 6] & (1 << (end & 63)) != 0
        }
    }
}

static EMBEDDED_COMMON_WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/common_words.table"));

/// The common-word list as a table: built with the binary for the embedded list.
fn common_words(pack: &RulePack) -> WordTable {
    if pack.common_words_are_embedded() {
        return WordTable::new(EMBEDDED_COMMON_WORDS).expect("build.rs writes valid tables");
    }
    let words = dictionary::word_list(pack.common_words_text);
    WordTable::new(dictionary::build_table(words.iter().map(|w| (w.as_bytes(), 1)))).expect("a table just built")
}

fn last_two(s: &str) -> Option<[u8; 2]> {
    let b = s.as_bytes();
    (b.len() >= 2).then(|| [b[b.len() - 2], b[b.len() - 1]])
}

/// Set the filter bits for `word` as written lower-case (if `lower`), Title-case and UPPER.
fn add_prefix_bits(bits: &mut [u64; 1024], word: &str, lower: bool) {
    let title: String = word.chars().take(1).flat_map(char::to_uppercase).chain(word.chars().skip(1)).collect();
    let forms = [lower.then(|| word.to_string()), Some(title), Some(word.to_uppercase())];
    for form in forms.into_iter().flatten() {
        let bit = prefix_bit(form.as_bytes());
        bits[bit >> 6] |= 1 << (bit & 63);
    }
}
