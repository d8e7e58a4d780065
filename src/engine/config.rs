//! The user-facing rule pack: what people write in `rules/<pack>/`. It is plain data,
//! deserialised and validated here, then compiled into the engine's runtime tables by
//! [`crate::engine::compiled`]. Keeping the two apart lets the file format stay friendly while
//! the runtime form stays fast.

use super::kind::Kind;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// An error in a rule pack. Messages name the file and the rule, never a scrubbed value.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("cannot read rule file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("{file}: unknown kind `{kind}` (known: {known})")]
    UnknownKind { file: String, kind: String, known: String },
    #[error("{file}: kind `{kind}`: {message}")]
    BadRule { file: String, kind: String, message: String },
    #[error("custom rule `{id}`: {message}")]
    BadCustom { id: String, message: String },
    #[error("{file} line {line}: {message}")]
    BadDictionary { file: String, line: usize, message: String },
}

/// What to do with a finding of a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionName {
    Redact,
    Pseudonymize,
    Mask,
    Generalize,
    Drop,
}

/// One `[kinds]` entry of `pack.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindRuleConfig {
    pub action: ActionName,
    #[serde(default = "default_priority")]
    pub priority: u8,
    #[serde(default = "yes")]
    pub enabled: bool,
    /// For `mask`: how many trailing digits stay visible.
    pub keep_last: Option<u8>,
    /// For `generalize` on IPs: network prefix lengths.
    pub ipv4_prefix: Option<u8>,
    pub ipv6_prefix: Option<u8>,
    /// For `ip`: whether private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7)
    /// hold personal addresses. Default no: they name hosts inside a company, not people.
    /// Unspecified, loopback, link-local, documentation and multicast addresses never do.
    pub private_is_personal: Option<bool>,
}

fn default_priority() -> u8 {
    50
}
fn yes() -> bool {
    true
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PseudonymPolicy {
    #[default]
    Optional,
    Required,
}

/// A detector written as a regular expression.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRuleConfig {
    pub id: String,
    pub kind: String,
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
    pub kinds: BTreeMap<String, KindRuleConfig>,
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
    pub id_cues: BTreeMap<String, Vec<String>>,
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
    pub name: String,
    pub first: bool,
    pub last: bool,
    pub ambiguous: bool,
    /// Languages the sources list the name for (`pl`, `bg`, `bg-latn`, `en`).
    pub langs: String,
}

/// A whole rule pack as loaded from disk or from the copy embedded in the binary.
#[derive(Clone, Debug)]
pub struct RulePack {
    pub pack: PackFile,
    pub fields: BTreeMap<Kind, FieldNames>,
    pub context: ContextFile,
    pub names: Vec<NameEntry>,
    /// Ordinary words that are no name (`dictionaries/common_words.txt`): a capitalised one is
    /// a label, not a person.
    pub common_words: Vec<String>,
}

const EMBEDDED_COMMON: &str = include_str!("../../rules/default/dictionaries/common_words.txt");

const EMBEDDED_PACK: &str = include_str!("../../rules/default/pack.toml");
const EMBEDDED_FIELDS: &str = include_str!("../../rules/default/fields.toml");
const EMBEDDED_CONTEXT: &str = include_str!("../../rules/default/context.toml");
const EMBEDDED_NAMES: &str = include_str!("../../rules/default/dictionaries/names.tsv");

impl RulePack {
    /// The default pack, compiled into the binary from `rules/default/`.
    pub fn embedded_default() -> RulePack {
        Self::from_sources(EMBEDDED_PACK, EMBEDDED_FIELDS, EMBEDDED_CONTEXT, EMBEDDED_NAMES)
            .expect("the embedded default rule pack is validated by the test suite")
    }

    /// Load a pack from a directory holding pack.toml, fields.toml, context.toml and
    /// dictionaries/names.tsv. Missing optional files fall back to the embedded default's.
    pub fn load(dir: &Path) -> Result<RulePack, RuleError> {
        let read = |rel: &str, fallback: &'static str| -> Result<String, RuleError> {
            let path = dir.join(rel);
            match std::fs::read_to_string(&path) {
                Ok(s) => Ok(s),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && rel != "pack.toml" => Ok(fallback.to_string()),
                Err(source) => Err(RuleError::Read { path, source }),
            }
        };
        let pack = read("pack.toml", "")?;
        let fields = read("fields.toml", EMBEDDED_FIELDS)?;
        let context = read("context.toml", EMBEDDED_CONTEXT)?;
        let names = read("dictionaries/names.tsv", EMBEDDED_NAMES)?;
        let common = read("dictionaries/common_words.txt", EMBEDDED_COMMON)?;
        let mut p = Self::from_sources(&pack, &fields, &context, &names)?;
        p.common_words = word_list(&common);
        Ok(p)
    }

    pub fn from_sources(pack: &str, fields: &str, context: &str, names: &str) -> Result<RulePack, RuleError> {
        let parse_err = |file: &str, e: toml::de::Error| RuleError::Parse { file: file.into(), message: e.to_string() };
        let pack: PackFile = toml::from_str(pack).map_err(|e| parse_err("pack.toml", e))?;
        let raw_fields: BTreeMap<String, FieldNames> =
            toml::from_str(fields).map_err(|e| parse_err("fields.toml", e))?;
        let context: ContextFile = toml::from_str(context).map_err(|e| parse_err("context.toml", e))?;
        let mut out_fields = BTreeMap::new();
        for (k, v) in raw_fields {
            out_fields.insert(kind_named("fields.toml", &k)?, v);
        }
        for (k, rule) in &pack.kinds {
            let kind = kind_named("pack.toml", k)?;
            validate_kind_rule(kind, rule)?;
        }
        for k in context.id_cues.keys() {
            kind_named("context.toml", k)?;
        }
        for c in &pack.custom {
            kind_named("pack.toml", &c.kind).map_err(|_| RuleError::BadCustom {
                id: c.id.clone(),
                message: format!("unknown kind `{}`", c.kind),
            })?;
        }
        Ok(RulePack {
            pack,
            fields: out_fields,
            context,
            names: parse_names(names)?,
            common_words: word_list(EMBEDDED_COMMON),
        })
    }
}

fn word_list(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_lowercase).collect()
}

fn kind_named(file: &str, k: &str) -> Result<Kind, RuleError> {
    Kind::from_id(k).ok_or_else(|| RuleError::UnknownKind {
        file: file.into(),
        kind: k.into(),
        known: Kind::ALL.iter().map(|k| k.id()).collect::<Vec<_>>().join(", "),
    })
}

fn validate_kind_rule(kind: Kind, r: &KindRuleConfig) -> Result<(), RuleError> {
    let bad = |message: &str| {
        Err(RuleError::BadRule { file: "pack.toml".into(), kind: kind.id().into(), message: message.into() })
    };
    match r.action {
        ActionName::Mask if r.keep_last.is_none() => {
            return bad("action `mask` needs `keep_last` (digits left visible)")
        }
        ActionName::Mask if r.keep_last.unwrap_or(0) > 6 => {
            return bad("`keep_last` above 6 would leave an identifier readable")
        }
        ActionName::Generalize if kind != Kind::Ip && kind != Kind::Geo => {
            return bad("action `generalize` applies to `ip` and `geo` only")
        }
        _ => {}
    }
    if r.ipv4_prefix.is_some_and(|p| p > 32) || r.ipv6_prefix.is_some_and(|p| p > 128) {
        return bad("prefix length out of range");
    }
    Ok(())
}

fn parse_names(tsv: &str) -> Result<Vec<NameEntry>, RuleError> {
    let mut out = Vec::with_capacity(tsv.len() / 16);
    for (i, line) in tsv.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let bad = |message: &str| RuleError::BadDictionary {
            file: "dictionaries/names.tsv".into(),
            line: i + 1,
            message: message.into(),
        };
        let mut cols = line.split('\t');
        let name = cols.next().ok_or_else(|| bad("empty line"))?;
        let roles = cols.next().ok_or_else(|| bad("missing roles column"))?;
        let langs = cols.next().ok_or_else(|| bad("missing langs column"))?;
        let ambiguous = cols.next().ok_or_else(|| bad("missing ambiguous column"))?;
        if name.chars().count() < 2 {
            return Err(bad("a name needs at least two letters"));
        }
        if name.chars().any(|c| c.is_uppercase()) {
            return Err(bad("names are stored lower-case"));
        }
        out.push(NameEntry {
            name: name.to_string(),
            first: roles.contains('f'),
            last: roles.contains('l'),
            langs: langs.to_string(),
            ambiguous: match ambiguous {
                "0" => false,
                "1" => true,
                _ => return Err(bad("ambiguous column must be 0 or 1")),
            },
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_loads() {
        let p = RulePack::embedded_default();
        assert_eq!(p.pack.name, "default");
        assert!(p.names.len() > 10_000);
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
