//! The user-facing rule pack: what people write in `rules/<pack>/`. It is plain data,
//! deserialised and validated here, then compiled into the engine's runtime tables by
//! [`crate::compiled`]. Keeping the two apart lets the file format stay friendly while
//! the runtime form stays fast.

use super::dictionary;
use super::kind::Kind;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// An error in a rule pack. Messages name the file and the rule, never a scrubbed value.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// A file is not valid TOML or does not fit the schema (the message has toml's line and
    /// column).
    #[error("{file}: {message}")]
    Parse {
        /// The file, relative to the pack's directory.
        file: String,
        /// What is wrong, and where.
        message: String,
    },
    /// A `[kinds]` entry whose action does not fit its kind.
    #[error("{file}: kind `{kind}`: {message}")]
    BadRule {
        /// The file, relative to the pack's directory.
        file: String,
        /// The kind's id.
        kind: String,
        /// What is wrong.
        message: String,
    },
    /// A custom rule whose pattern, group or keywords cannot be used.
    #[error("custom rule `{id}`: {message}")]
    BadCustom {
        /// The rule's id.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// A dictionary line that cannot be read.
    #[error("{file} line {line}: {message}")]
    BadDictionary {
        /// The file, relative to the pack's directory.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// What to do with a finding of a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionName {
    /// See [`Action::Redact`].
    Redact,
    /// See [`Action::Pseudonymize`].
    Pseudonymize,
    /// See [`Action::Mask`].
    Mask,
    /// See [`Action::Generalize`].
    Generalize,
    /// See [`Action::Drop`].
    Drop,
}

/// One `[kinds]` entry of `pack.toml`, typed: the action carries its own settings, so a
/// `mask` without `keep_last` or a prefix on `redact` cannot be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "KindRuleFile")]
pub struct KindRuleConfig {
    /// What to do with a finding of the kind.
    pub action: Action,
    /// Which kind wins when two findings overlap (higher wins).
    pub priority: u8,
    /// A disabled kind is not detected at all.
    pub enabled: bool,
    /// For `ip`: whether private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7)
    /// hold personal addresses. Default no: they name hosts inside a company, not people.
    /// Unspecified, loopback, link-local, documentation and multicast addresses never do.
    pub private_is_personal: Option<bool>,
}

/// What to do with a finding, with the settings its action needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Replace the value with its kind's tag (`[PESEL]`).
    Redact,
    /// Replace the value with a keyed token (`[EMAIL:k1:…]`); redacts without a key.
    Pseudonymize,
    /// Keep the last `keep_last` digits, star the others.
    Mask {
        /// Digits left visible (at most 6).
        keep_last: u8,
    },
    /// Keep the network (IPs) or about 1 km (coordinates).
    Generalize {
        /// Prefix length kept of an IPv4 address.
        ipv4_prefix: u8,
        /// Prefix length kept of an IPv6 address.
        ipv6_prefix: u8,
    },
    /// Remove the value without a trace.
    Drop,
}

impl Action {
    /// The action's name as written in `pack.toml`.
    pub fn name(self) -> ActionName {
        match self {
            Action::Redact => ActionName::Redact,
            Action::Pseudonymize => ActionName::Pseudonymize,
            Action::Mask { .. } => ActionName::Mask,
            Action::Generalize { .. } => ActionName::Generalize,
            Action::Drop => ActionName::Drop,
        }
    }
}

/// `[kinds]` entries as written; checked into [`KindRuleConfig`] while parsing, so errors
/// carry toml's line and column.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindRuleFile {
    action: ActionName,
    #[serde(default = "default_priority")]
    priority: u8,
    #[serde(default = "yes")]
    enabled: bool,
    keep_last: Option<u8>,
    ipv4_prefix: Option<u8>,
    ipv6_prefix: Option<u8>,
    private_is_personal: Option<bool>,
}

impl TryFrom<KindRuleFile> for KindRuleConfig {
    type Error = String;
    fn try_from(r: KindRuleFile) -> Result<KindRuleConfig, String> {
        let only_for = |set: bool, field: &str, action: &str| {
            if set {
                Err(format!("`{field}` applies to action `{action}` only"))
            } else {
                Ok(())
            }
        };
        if r.action != ActionName::Mask {
            only_for(r.keep_last.is_some(), "keep_last", "mask")?;
        }
        if r.action != ActionName::Generalize {
            only_for(r.ipv4_prefix.is_some() || r.ipv6_prefix.is_some(), "ipv4_prefix/ipv6_prefix", "generalize")?;
        }
        let action = match r.action {
            ActionName::Redact => Action::Redact,
            ActionName::Pseudonymize => Action::Pseudonymize,
            ActionName::Drop => Action::Drop,
            ActionName::Mask => match r.keep_last {
                None => return Err("action `mask` needs `keep_last` (digits left visible)".into()),
                Some(k) if k > 6 => return Err("`keep_last` above 6 would leave an identifier readable".into()),
                Some(keep_last) => Action::Mask { keep_last },
            },
            ActionName::Generalize => {
                let (ipv4_prefix, ipv6_prefix) = (r.ipv4_prefix.unwrap_or(24), r.ipv6_prefix.unwrap_or(48));
                if ipv4_prefix > 32 || ipv6_prefix > 128 {
                    return Err("prefix length out of range".into());
                }
                Action::Generalize { ipv4_prefix, ipv6_prefix }
            }
        };
        Ok(KindRuleConfig {
            action,
            priority: r.priority,
            enabled: r.enabled,
            private_is_personal: r.private_is_personal,
        })
    }
}

fn default_priority() -> u8 {
    50
}
fn yes() -> bool {
    true
}

/// Whether a pack may run without a key (`pseudonyms = "required"` in `pack.toml` refuses to).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PseudonymPolicy {
    /// Without a key, kinds set to `pseudonymize` are redacted.
    #[default]
    Optional,
    /// [`crate::Scrubber::new`] fails without a key.
    Required,
}

/// A detector written as a regular expression.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRuleConfig {
    /// Named in findings' reasons and errors.
    pub id: String,
    /// The kind a match is.
    pub kind: Kind,
    /// The regular expression (Rust `regex` syntax, Unicode).
    pub pattern: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Capture group whose span is the personal value (0: the whole match).
    #[serde(default)]
    pub group: usize,
}

/// `pack.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub name: String,
    pub version: u32,
    #[serde(default)]
    pub pseudonyms: PseudonymPolicy,
    pub kinds: BTreeMap<Kind, KindRuleConfig>,
    #[serde(default)]
    pub custom: Vec<CustomRuleConfig>,
}

/// One kind's entry in `fields.toml`.
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FieldNames {
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub suffixes: Vec<String>,
    /// Names that end like one of `suffixes` but say nothing personal (`PublicKeyToken`).
    #[serde(default)]
    pub except: Vec<String>,
    /// For `name`: field names so general (`name`, `author`) that their value is a person's
    /// name only when it reads as one.
    #[serde(default)]
    pub generic: Vec<String>,
}

/// `context.toml`.
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ContextFile {
    #[serde(default)]
    pub greetings: Vec<String>,
    /// Greetings that count only when written with a capital ("Ms", not the "ms" of
    /// milliseconds).
    #[serde(default)]
    pub capitalised_greetings: Vec<String>,
    #[serde(default)]
    pub signatures: Vec<String>,
    #[serde(default)]
    pub streets: Vec<String>,
    #[serde(default)]
    pub customs_agent: Vec<String>,
    #[serde(default)]
    pub versions: Vec<String>,
    #[serde(default)]
    pub user_dirs: Vec<String>,
    #[serde(default)]
    pub user_dir_exceptions: Vec<String>,
    /// Folders whose next segment is a login only when it looks like one (Hadoop's
    /// `staging/<user>/`): unlike `user_dirs`, a name such as `current` stays.
    #[serde(default)]
    pub login_dirs: Vec<String>,
    /// Devices named after their owner (`Anna Lindqvist's iPhone`): the capitalised words
    /// before `'s` are a name.
    #[serde(default)]
    pub owned_devices: Vec<String>,
    /// Authentication back-ends that log `name(login,client-ip,…)` (Dovecot's `pam(…)`,
    /// `passwd-file(…)`).
    #[serde(default)]
    pub passdb: Vec<String>,
    #[serde(default)]
    pub bearer: Vec<String>,
    /// Role words after which the next capitalised words are a person's name
    /// (`Zgłaszający: KOWALSKI, JAN`, `декларант Стоян Петров`).
    #[serde(default)]
    pub name_roles: Vec<String>,
    #[serde(default)]
    pub login_cues: Vec<String>,
    #[serde(default)]
    pub login_stopwords: Vec<String>,
    #[serde(default)]
    pub system_accounts: Vec<String>,
    /// Words between a field name and its colon that do not make a field (`Login failed:`).
    #[serde(default)]
    pub field_phrase_stopwords: Vec<String>,
    /// Surname endings (`-ова`, `-ski`): an unknown capitalised word with one, right after a
    /// first name and another name word, ends that name (`Снежана Цветанова Донева`).
    #[serde(default)]
    pub surname_endings: Vec<String>,
    /// Month and weekday words (all languages): part of a timestamp, never a name.
    #[serde(default)]
    pub timestamp_words: Vec<String>,
    /// Per kind id: words that announce a bare digit run as that kind (`PESEL 44051401359`).
    #[serde(default)]
    pub id_cues: BTreeMap<Kind, Vec<String>>,
    #[serde(default)]
    pub inflections: Vec<Inflection>,
}

/// A Polish (or Bulgarian) inflection rewrite: a word ending in `ending` may be the name
/// that ends in `base` instead; `applies_to` limits it to first names or surnames.
#[derive(Clone, Debug, Deserialize)]
#[serde(from = "InflectionRow")]
pub struct Inflection {
    pub ending: String,
    pub base: String,
    pub applies_to: Option<NameRole>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameRole {
    First,
    Last,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum InflectionRow {
    Any(String, String),
    Limited(String, String, NameRole),
}

impl From<InflectionRow> for Inflection {
    fn from(r: InflectionRow) -> Self {
        match r {
            InflectionRow::Any(ending, base) => Inflection { ending, base, applies_to: None },
            InflectionRow::Limited(ending, base, role) => Inflection { ending, base, applies_to: Some(role) },
        }
    }
}

/// One line of `dictionaries/names.tsv`.
#[derive(Clone, Debug)]
pub struct NameEntry {
    /// The name, lower case.
    pub name: &'static str,
    /// Listed as a first name.
    pub first: bool,
    /// Listed as a surname.
    pub last: bool,
    /// Also an ordinary word (`Róża`, `Wiosna`): a name only with more evidence.
    pub ambiguous: bool,
    /// Languages the sources list the name for (`pl`, `bg`, `bg-latn`, `en`), as written in
    /// the dictionary's third column.
    pub langs: &'static str,
}

impl NameEntry {
    pub(crate) fn flags(&self) -> u8 {
        (if self.first { dictionary::FIRST } else { 0 })
            | (if self.last { dictionary::LAST } else { 0 })
            | (if self.ambiguous { dictionary::AMBIGUOUS } else { 0 })
    }
}

/// The texts of a rule pack's files, read by the caller (the engine does no I/O). `None`
/// takes the file from the embedded default pack; `pack.toml` has no default.
#[derive(Clone, Copy, Debug)]
pub struct PackFiles<'a> {
    /// `pack.toml`: the pack's name, actions per kind and custom rules.
    pub pack: &'a str,
    /// `fields.toml`: field names that announce a kind.
    pub fields: Option<&'a str>,
    /// `context.toml`: cue words, greetings, street words, inflections.
    pub context: Option<&'a str>,
    /// `dictionaries/names.tsv`: first names and surnames.
    pub names: Option<&'a str>,
    /// `dictionaries/common_words.txt`: ordinary words that are no name.
    pub common_words: Option<&'a str>,
}

/// A whole rule pack as loaded from disk or from the copy embedded in the binary.
#[derive(Clone, Debug)]
pub struct RulePack {
    pub(crate) pack: PackFile,
    pub(crate) fields: BTreeMap<Kind, FieldNames>,
    pub(crate) context: ContextFile,
    /// `dictionaries/names.tsv` as read; the embedded default's when the text is the same.
    pub(crate) names_text: &'static str,
    /// Its entries: read at load for a pack's own dictionary (so a bad line is an error then),
    /// on first use for the embedded one (its tables are built with the binary, and the build
    /// checks every line).
    names: OnceLock<Vec<NameEntry>>,
    /// `dictionaries/common_words.txt`: ordinary words that are no name (a capitalised one is a
    /// label, not a person).
    pub(crate) common_words_text: &'static str,
}

pub(crate) static EMBEDDED_COMMON: &str = include_str!("../../../rules/default/dictionaries/common_words.txt");

const EMBEDDED_PACK: &str = include_str!("../../../rules/default/pack.toml");
const EMBEDDED_FIELDS: &str = include_str!("../../../rules/default/fields.toml");
const EMBEDDED_CONTEXT: &str = include_str!("../../../rules/default/context.toml");
pub(crate) static EMBEDDED_NAMES: &str = include_str!("../../../rules/default/dictionaries/names.tsv");

impl RulePack {
    /// The pack's name (`name` in `pack.toml`).
    pub fn name(&self) -> &str {
        &self.pack.name
    }

    /// The pack's version (`version` in `pack.toml`), for manifests and logs.
    pub fn version(&self) -> u32 {
        self.pack.version
    }

    /// The name dictionary.
    pub fn names(&self) -> &[NameEntry] {
        self.names.get_or_init(|| {
            parse_names(self.names_text)
                .expect("a pack's own dictionary is read at load; the embedded one by the build")
        })
    }

    /// Whether the name dictionary is the embedded default's (whose tables are built with the
    /// binary).
    pub(crate) fn names_are_embedded(&self) -> bool {
        std::ptr::eq(self.names_text, EMBEDDED_NAMES)
    }

    /// Whether the common-word list is the embedded default's.
    pub(crate) fn common_words_are_embedded(&self) -> bool {
        std::ptr::eq(self.common_words_text, EMBEDDED_COMMON)
    }

    /// The default pack, compiled into the binary from `rules/default/`.
    pub fn embedded_default() -> RulePack {
        Self::from_sources(EMBEDDED_PACK, EMBEDDED_FIELDS, EMBEDDED_CONTEXT, EMBEDDED_NAMES)
            .expect("the embedded default rule pack is validated by the test suite")
    }

    /// Build a pack from the texts of its files, as the caller read them from a directory
    /// (`pack.toml`, `fields.toml`, `context.toml`, `dictionaries/names.tsv`,
    /// `dictionaries/common_words.txt`). A file given as `None` is the embedded default's.
    ///
    /// ```
    /// use scrubline_engine::{PackFiles, RulePack, Scrubber};
    /// let pack_toml = "name = 'strict'\nversion = 1\n[kinds]\ncard = { action = 'mask', keep_last = 4 }\n";
    /// let pack = RulePack::from_files(&PackFiles { pack: pack_toml, fields: None, context: None, names: None, common_words: None })?;
    /// let s = Scrubber::new(&pack, None)?;
    /// assert_eq!(&*s.scrub(b"card 4111 1111 1111 1111").text, b"card **** **** **** 1111");
    /// // A wrong combination cannot be written: `mask` needs `keep_last`.
    /// let bad = "name = 'x'\nversion = 1\n[kinds]\ncard = { action = 'mask' }\n";
    /// let e = RulePack::from_files(&PackFiles { pack: bad, fields: None, context: None, names: None, common_words: None });
    /// assert!(e.unwrap_err().to_string().contains("keep_last"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_files(files: &PackFiles<'_>) -> Result<RulePack, RuleError> {
        let mut p = Self::from_sources(
            files.pack,
            files.fields.unwrap_or(EMBEDDED_FIELDS),
            files.context.unwrap_or(EMBEDDED_CONTEXT),
            files.names.unwrap_or(EMBEDDED_NAMES),
        )?;
        if let Some(common) = files.common_words {
            p.common_words_text = keep(common, EMBEDDED_COMMON);
        }
        Ok(p)
    }

    /// Build a pack from the texts of `pack.toml`, `fields.toml`, `context.toml` and
    /// `dictionaries/names.tsv`; the common-word list is the embedded default's.
    pub fn from_sources(pack: &str, fields: &str, context: &str, names: &str) -> Result<RulePack, RuleError> {
        let parse_err = |file: &str, e: toml::de::Error| RuleError::Parse { file: file.into(), message: e.to_string() };
        let pack: PackFile = toml::from_str(pack).map_err(|e| parse_err("pack.toml", e))?;
        let fields: BTreeMap<Kind, FieldNames> = toml::from_str(fields).map_err(|e| parse_err("fields.toml", e))?;
        let context: ContextFile = toml::from_str(context).map_err(|e| parse_err("context.toml", e))?;
        for (&kind, rule) in &pack.kinds {
            validate_kind_rule(kind, rule)?;
        }
        let names_text = keep(names, EMBEDDED_NAMES);
        let parsed = OnceLock::new();
        if !std::ptr::eq(names_text, EMBEDDED_NAMES) {
            let _ = parsed.set(parse_names(names_text)?);
        }
        Ok(RulePack { pack, fields, context, names_text, names: parsed, common_words_text: EMBEDDED_COMMON })
    }
}

/// A pack file's text for the process's life: the embedded default's when it is the same text
/// (a copy of `rules/default` on disk loads as fast as the embedded pack), else a kept copy
/// (packs are loaded at start-up, and entries borrow from the text).
fn keep(text: &str, embedded: &'static str) -> &'static str {
    if text == embedded {
        embedded
    } else {
        Box::leak(text.into())
    }
}

/// The checks that need the kind as well as the rule.
fn validate_kind_rule(kind: Kind, r: &KindRuleConfig) -> Result<(), RuleError> {
    let bad = |message: &str| {
        Err(RuleError::BadRule { file: "pack.toml".into(), kind: kind.id().into(), message: message.into() })
    };
    if matches!(r.action, Action::Generalize { .. }) && kind != Kind::Ip && kind != Kind::Geo {
        return bad("action `generalize` applies to `ip` and `geo` only");
    }
    if r.private_is_personal.is_some() && kind != Kind::Ip {
        return bad("`private_is_personal` applies to `ip` only");
    }
    Ok(())
}

/// Entries borrow from `tsv`, which lives as long as the process (see [`keep`]), so 53,000
/// names are not each copied into a string of their own.
fn parse_names(tsv: &'static str) -> Result<Vec<NameEntry>, RuleError> {
    let mut out = Vec::with_capacity(tsv.len() / 16);
    dictionary::parse_names(tsv, |name, flags, langs| {
        out.push(NameEntry {
            name,
            first: flags & dictionary::FIRST != 0,
            last: flags & dictionary::LAST != 0,
            ambiguous: flags & dictionary::AMBIGUOUS != 0,
            langs,
        })
    })
    .map_err(|(line, message)| RuleError::BadDictionary {
        file: "dictionaries/names.tsv".into(),
        line,
        message: message.into(),
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_loads() {
        let p = RulePack::embedded_default();
        assert_eq!(p.pack.name, "default");
        assert!(p.names().len() > 10_000);
        assert!(p.fields.contains_key(&Kind::Secret));
    }

    #[test]
    fn unknown_kind_is_named() {
        let e =
            RulePack::from_sources("name='x'\nversion=1\n[kinds]\npesell={action='redact'}", "", "", "").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("unknown kind `pesell`"), "{msg}");
        assert!(msg.contains("pesel"), "{msg}");
    }

    #[test]
    fn mask_without_keep_last_is_refused() {
        let e = RulePack::from_sources("name='x'\nversion=1\n[kinds]\ncard={action='mask'}", "", "", "").unwrap_err();
        assert!(e.to_string().contains("keep_last"), "{e}");
    }

    #[test]
    fn unknown_field_in_rule_is_refused() {
        let e = RulePack::from_sources("name='x'\nversion=1\n[kinds]\ncard={action='redact', keeplast=3}", "", "", "")
            .unwrap_err();
        assert!(e.to_string().contains("pack.toml"), "{e}");
    }

    #[test]
    fn bad_dictionary_line_is_located() {
        let e = RulePack::from_sources("name='x'\nversion=1\n[kinds]\n", "", "", "anna\tf\tpl\t0\nJan\tf\tpl\t0\n")
            .unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
    }
}
