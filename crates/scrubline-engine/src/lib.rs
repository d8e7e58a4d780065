//! The scrubbing engine: a pure, synchronous library. Text goes in; sanitized text and
//! findings (kind, position, action; never the value) come out. No I/O happens here.
//!
//! ```
//! use scrubline_engine::{Scrubber, RulePack};
//! let scrubber = Scrubber::new(&RulePack::embedded_default(), None).unwrap();
//! let out = scrubber.scrub(b"login ok, PESEL 44051401359, from 81.2.69.142, proxy 10.1.2.3");
//! assert_eq!(&*out.text, b"login ok, PESEL [PESEL], from [IP:81.2.69.0/24], proxy 10.1.2.3");
//! assert_eq!(out.findings.len(), 2);
//! ```
//!
//! A [`Scrubber`] is built once from a [`RulePack`] (and optionally a [`Keyring`] for
//! pseudonyms) and shared across threads; it holds no mutable state.

#![warn(missing_docs)]

mod compiled;
mod config;
mod detect;
mod dictionary;
mod kind;
mod lexicon;
mod pseudonym;
mod redact;
mod resolve;
mod structured;
pub mod validators;

pub use config::{Action, ActionName, NameEntry, PackFiles, PseudonymPolicy, RuleError, RulePack};
pub use detect::{Scratch, Strength as Evidence};
pub use kind::Kind;
pub use pseudonym::{normalise, KeyError, Keyring, TOKEN_HEX_LEN};
pub use structured::csv::scrub_csv;
pub use structured::html::{
    char_ref as html_char_ref, markup_end as html_markup_end, text_only as html_text_only, text_view as html_text_view,
};
pub use structured::json::{scrub_json, MAX_DEPTH as JSON_MAX_DEPTH};
pub use structured::StructuredError;

use std::borrow::Cow;

/// One finding: what was found where, and what was done. Positions are byte offsets into the
/// input. There is deliberately no field for the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What the value was taken for.
    pub kind: Kind,
    /// Byte offset of the value's first byte in the input.
    pub start: usize,
    /// Byte offset just past the value (exclusive).
    pub end: usize,
    /// What was done with it (`redact` when the pack says `pseudonymize` but no key is set).
    pub action: ActionName,
    /// Why it was taken for its kind: a checksum or full parse, a field name or context word,
    /// or shape and dictionary alone.
    pub evidence: Evidence,
    /// The pack's `[[custom]]` rule that found it, by its place in the pack (its `id`:
    /// [`Scrubber::custom_rule_id`]); `None` for the built-in detectors.
    pub custom_rule: Option<u16>,
}

impl Finding {
    /// The reason in one word for reports and counts: `custom:<rule id>` for a custom rule,
    /// else `<kind>:<evidence>` (`pesel:checksum_or_parse`, `name:shape_or_dictionary`).
    pub fn reason(&self, scrubber: &Scrubber) -> String {
        match self.custom_rule.and_then(|i| scrubber.custom_rule_id(i)) {
            Some(id) => format!("custom:{id}"),
            None => format!("{}:{}", self.kind.id(), self.evidence.id()),
        }
    }
}

/// What a structured field's name says about its values: the personal kind it announces
/// (its values are replaced whole), and whether it holds versions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FieldContext {
    /// The personal kind the name announces: its values are replaced whole.
    pub kind: Option<Kind>,
    /// The name holds versions (`app_version`): a dotted quad under it is no IP.
    pub version: bool,
    /// The kinds the name cues for a bare number (bits by [`Kind::index`]).
    pub(crate) cues: u32,
    /// How to judge a value of the kind (a generic `name` field wants a person-like value).
    pub(crate) traits: detect::values::FieldTraits,
}

/// The result of scrubbing one text.
#[derive(Debug)]
pub struct Scrubbed<'a> {
    /// The input itself when nothing was found, a new buffer otherwise.
    pub text: Cow<'a, [u8]>,
    /// What was replaced, in input order; spans do not overlap.
    pub findings: Vec<Finding>,
}

/// Why a [`Scrubber`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The rule pack does not compile (a custom rule's pattern, for one).
    #[error(transparent)]
    Rules(#[from] RuleError),
    /// The pack says `pseudonyms = "required"` and no keyring was given.
    #[error("rule pack `{pack}` requires pseudonyms but no key is configured (give --key-file or SCRUBLINE_KEY, or ask for an ephemeral key)")]
    KeyRequired {
        /// The pack's name.
        pack: String,
    },
}

/// Counts of findings per kind (what summaries and metrics report), and per reason: per
/// kind and evidence for the built-in detectors, per rule for the pack's custom rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KindCounts {
    kinds: [u64; Kind::COUNT],
    /// Per reason, allocated at the first finding (most texts have none): three evidence
    /// classes per kind, then one slot per custom rule.
    reasons: Vec<u64>,
}

/// Slots in [`KindCounts::reasons`] before the custom rules'.
const EVIDENCE_SLOTS: usize = 3 * Kind::COUNT;

impl KindCounts {
    fn reason_slot(&mut self, slot: usize) -> &mut u64 {
        if self.reasons.len() <= slot {
            self.reasons.resize((slot + 1).max(EVIDENCE_SLOTS), 0);
        }
        &mut self.reasons[slot]
    }

    /// Count each finding under its kind and its reason.
    pub fn add(&mut self, findings: &[Finding]) {
        for f in findings {
            self.kinds[f.kind.index()] += 1;
            let slot = match f.custom_rule {
                Some(i) => EVIDENCE_SLOTS + i as usize,
                None => f.kind.index() * 3 + f.evidence as usize,
            };
            *self.reason_slot(slot) += 1;
        }
    }
    /// Count `n` more of `kind`, found without a detector (a column or field named for the
    /// kind, replaced whole): counted as field evidence.
    pub fn add_kind(&mut self, kind: Kind, n: u64) {
        self.kinds[kind.index()] += n;
        *self.reason_slot(kind.index() * 3 + Evidence::Context as usize) += n;
    }
    /// Add another set of counts.
    pub fn merge(&mut self, other: &KindCounts) {
        for (a, b) in self.kinds.iter_mut().zip(other.kinds) {
            *a += b;
        }
        if self.reasons.len() < other.reasons.len() {
            self.reasons.resize(other.reasons.len(), 0);
        }
        for (a, b) in self.reasons.iter_mut().zip(&other.reasons) {
            *a += b;
        }
    }
    /// All kinds together.
    pub fn total(&self) -> u64 {
        self.kinds.iter().sum()
    }
    /// The count of one kind.
    pub fn get(&self, kind: Kind) -> u64 {
        self.kinds[kind.index()]
    }
    /// Non-zero counts, in kind order.
    pub fn iter(&self) -> impl Iterator<Item = (Kind, u64)> + '_ {
        Kind::ALL.iter().map(|&k| (k, self.kinds[k.index()])).filter(|(_, n)| *n > 0)
    }
    /// Non-zero counts per reason, named as [`Finding::reason`] names them, built-in
    /// detectors first (in kind order), then custom rules (in pack order).
    pub fn reasons(&self, scrubber: &Scrubber) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        for (slot, &n) in self.reasons.iter().enumerate().filter(|(_, n)| **n > 0) {
            out.push(match slot.checked_sub(EVIDENCE_SLOTS) {
                Some(i) => (format!("custom:{}", scrubber.custom_rule_id(i as u16).unwrap_or("unknown")), n),
                None => {
                    let evidence = [Evidence::Heuristic, Evidence::Context, Evidence::Validated][slot % 3];
                    (format!("{}:{}", Kind::ALL[slot / 3].id(), evidence.id()), n)
                }
            });
        }
        out
    }
}

/// The compiled rule pack and the keyring: built once, shared across threads (it holds no
/// mutable state), used with one [`Scratch`] per thread.
///
/// Contract of every `scrub*` method: the output has one replacement per finding, findings
/// are in input order and do not overlap, no replacement crosses a line end, and nothing
/// panics on any input bytes (invalid UTF-8 included).
pub struct Scrubber {
    compiled: compiled::Compiled,
    keyring: Option<Keyring>,
    pack_name: String,
}

impl Scrubber {
    /// Build a scrubber. With `keyring = None`, kinds set to `pseudonymize` are redacted
    /// instead (see [`Scrubber::redacts_for_lack_of_key`]), unless the pack requires keys.
    pub fn new(pack: &RulePack, keyring: Option<Keyring>) -> Result<Scrubber, EngineError> {
        if keyring.is_none() && pack.pack.pseudonyms == PseudonymPolicy::Required {
            return Err(EngineError::KeyRequired { pack: pack.pack.name.clone() });
        }
        Ok(Scrubber { compiled: compiled::Compiled::new(pack)?, keyring, pack_name: pack.pack.name.clone() })
    }

    /// Skip the detectors of `kind` while the kind stays enabled (a simulated detector bug),
    /// so tests can show that the output verifier stops what the engine missed.
    #[cfg(feature = "test-hooks")]
    pub fn skip_detector_for_tests(&mut self, kind: Kind) {
        self.compiled.test_skip = Some(kind);
    }

    /// The rule pack's name.
    pub fn pack_name(&self) -> &str {
        &self.pack_name
    }

    /// The words after which a dotted quad is a version (the pack's `versions`), lower case.
    /// The output verifier keeps what the engine keeps, so it reads the same list.
    pub fn version_words(&self) -> impl Iterator<Item = &str> {
        self.compiled.versions.iter().map(String::as_str)
    }

    /// Accounts of systems and roles (`root`, `postmaster`), lower case: never a person's.
    pub fn system_accounts(&self) -> impl Iterator<Item = &str> {
        self.compiled.system_accounts.iter().map(String::as_str)
    }

    /// Whether `word` (lower case) announces a bare digit run of `kind` in this pack.
    pub fn is_id_cue(&self, word: &str, kind: Kind) -> bool {
        self.compiled.id_cues.get(word).is_some_and(|k| k.contains(&kind))
    }

    /// The `id` of the pack's custom rule at `index` (see [`Finding::custom_rule`]).
    pub fn custom_rule_id(&self, index: u16) -> Option<&str> {
        self.compiled.custom.get(index as usize).map(|r| r.id.as_str())
    }

    /// The keyring pseudonyms are made with, if any.
    pub fn keyring(&self) -> Option<&Keyring> {
        self.keyring.as_ref()
    }

    /// True when the pack asks for pseudonyms somewhere but no key was given, so those kinds
    /// are redacted instead. Callers say so once.
    pub fn redacts_for_lack_of_key(&self) -> bool {
        self.keyring.is_none() && self.compiled.rules.iter().any(|r| r.enabled && r.action == Action::Pseudonymize)
    }

    /// Scrub one text. Allocates a fresh scratch; use [`Scrubber::scrub_with`] in loops.
    pub fn scrub<'a>(&self, input: &'a [u8]) -> Scrubbed<'a> {
        self.scrub_with(input, &mut Scratch::default())
    }

    /// Scrub one text reusing `scratch` between calls.
    pub fn scrub_with<'a>(&self, input: &'a [u8], scratch: &mut Scratch) -> Scrubbed<'a> {
        self.scrub_inner(input, scratch, false, 0)
    }

    /// Scrub the value of a structured field whose name announces no personal kind: the name
    /// still gives context (a dotted quad under `version` is a version). Get `ctx` once per
    /// field name with [`Scrubber::field_context`].
    pub fn scrub_in_field<'a>(&self, input: &'a [u8], scratch: &mut Scratch, ctx: FieldContext) -> Scrubbed<'a> {
        self.scrub_inner(input, scratch, ctx.version, ctx.cues)
    }

    fn scrub_inner<'a>(&self, input: &'a [u8], scratch: &mut Scratch, version_field: bool, cues: u32) -> Scrubbed<'a> {
        detect::scan(input, &self.compiled, scratch, version_field, cues);
        self.write(input, scratch)
    }

    /// Scrub HTML as written (attributes, `mailto:` links) and as a reader sees it: the text
    /// with tags removed is scanned too, and what is found there is mapped back, so a value
    /// split by markup (`590104</span><span>16563`) or named in the cell before
    /// (`<td>NIP</td><td>5261040828</td>`) is found. Replacements may then swallow the tags
    /// inside a value.
    pub fn scrub_html<'a>(&self, input: &'a [u8], scratch: &mut Scratch) -> Scrubbed<'a> {
        let mut found = Vec::new();
        // The markup with its character references decoded, then the text between the tags:
        // what is found in either is mapped back onto the bytes as written, so references
        // that hide nothing stay as they are.
        for (view, origin) in [structured::html::decoded_markup(input), structured::html::text_view(input)] {
            detect::scan(&view, &self.compiled, scratch, false, 0);
            for c in scratch.candidates.drain(..) {
                let (start, end) = (origin[c.start].0, origin[c.end - 1].1);
                found.push(detect::Candidate { start, end, rewrite: detect::NO_REWRITE, ..c });
            }
        }
        scratch.candidates = found;
        scratch.rewrites.clear();
        self.write(input, scratch)
    }

    /// Settle the candidates in `scratch` and write their replacements into a new text.
    fn write<'a>(&self, input: &'a [u8], scratch: &mut Scratch) -> Scrubbed<'a> {
        if scratch.candidates.is_empty() {
            return Scrubbed { text: Cow::Borrowed(input), findings: Vec::new() };
        }
        let mut out = Vec::with_capacity(input.len() + 16 * scratch.candidates.len());
        let findings = write_candidates(&self.compiled, self.keyring.as_ref(), input, scratch, &mut out)
            .into_iter()
            .map(|(kind, start, end, action, evidence, rule)| Finding {
                kind,
                start,
                end,
                action: self.effective_action(action),
                evidence,
                custom_rule: (rule != detect::NO_RULE).then_some(rule),
            })
            .collect();
        Scrubbed { text: Cow::Owned(out), findings }
    }

    /// Scrub text that is valid UTF-8; the output is valid UTF-8 too, since spans start and
    /// end on character boundaries and replacements are ASCII.
    pub fn scrub_str<'a>(&self, input: &'a str, scratch: &mut Scratch) -> (Cow<'a, str>, Vec<Finding>) {
        let s = self.scrub_with(input.as_bytes(), scratch);
        let text = match s.text {
            Cow::Borrowed(_) => Cow::Borrowed(input),
            Cow::Owned(v) => {
                Cow::Owned(String::from_utf8(v).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
            }
        };
        (text, s.findings)
    }

    /// Replace a whole value known to be of `kind` (a field named `pesel`, a CSV column named
    /// `nazwisko`), as the pack's action for that kind says.
    pub fn replace_value(&self, kind: Kind, value: &[u8], scratch: &mut Scratch) -> Vec<u8> {
        let mut out = Vec::with_capacity(24);
        let rule = self.compiled.rule(kind);
        let action = if rule.enabled { rule.action } else { Action::Redact };
        redact::write_replacement(kind, action, value, self.keyring.as_ref(), &mut scratch.norm, &mut out);
        out
    }

    /// What a field name (`PESEL`, `imię`, `client_secret`, `app_version`) says about its
    /// values. Lower-cases the name once; callers keep the answer per column or key.
    pub fn field_context(&self, name: &str) -> FieldContext {
        // Column headers are written with spaces (`Kod pocztowy`, `E-mail address`).
        let lower = name.trim().to_lowercase().replace(' ', "_");
        FieldContext {
            kind: self.compiled.field_kind(&lower),
            version: self.compiled.versions.contains(lower.as_str()),
            cues: self
                .compiled
                .id_cues
                .get(lower.as_str())
                .map_or(0, |kinds| kinds.iter().fold(0, |m, k| m | 1 << k.index())),
            traits: detect::values::FieldTraits::of(&self.compiled, &lower),
        }
    }

    /// Whether `value` under a field with context `ctx` can be of the field's kind
    /// (`name=com.example.dialer` cannot be a person's name; `uid=0` is no person's login).
    pub fn value_fits(&self, ctx: FieldContext, value: &[u8], scratch: &mut Scratch) -> bool {
        match ctx.kind {
            Some(kind) => {
                detect::values::fits(&self.compiled, ctx.traits, kind, value, &mut scratch.lower, &mut scratch.inflect)
            }
            None => false,
        }
    }

    /// The kind a field name announces, if any.
    pub fn field_kind(&self, name: &str) -> Option<Kind> {
        self.field_context(name).kind
    }

    /// Is this value already nothing but the engine's own tokens?
    pub fn is_own_token(&self, value: &[u8]) -> bool {
        detect::own_token_len(value, 0) == Some(value.len())
    }

    fn effective_action(&self, a: Action) -> ActionName {
        match (a, &self.keyring) {
            (Action::Pseudonymize, None) => ActionName::Redact,
            _ => a.name(),
        }
    }
}

/// Settle the candidates in `scratch` and write `input` with their replacements into `out`.
/// Returns (kind, start, end, action, evidence, custom rule) per replacement.
fn write_candidates(
    c: &compiled::Compiled,
    keyring: Option<&Keyring>,
    input: &[u8],
    scratch: &mut Scratch,
    out: &mut Vec<u8>,
) -> Vec<(Kind, usize, usize, Action, Evidence, u16)> {
    resolve::resolve(&mut scratch.candidates, &c.rules);
    let mut findings = Vec::with_capacity(scratch.candidates.len());
    let mut pos = 0;
    for cand in &scratch.candidates {
        out.extend_from_slice(&input[pos..cand.start]);
        let rule = c.rule(cand.kind);
        // A rewritten run goes in as rewritten, unless settling widened it over other text.
        let rewrite = scratch
            .rewrites
            .get(cand.rewrite as usize)
            .filter(|r| cand.rewrite != detect::NO_REWRITE && r.start == cand.start && r.end == cand.end);
        match rewrite {
            Some(r) => out.extend_from_slice(&r.bytes),
            None => redact::write_replacement(
                cand.kind,
                rule.action,
                &input[cand.start..cand.end],
                keyring,
                &mut scratch.norm,
                out,
            ),
        }
        findings.push((cand.kind, cand.start, cand.end, rule.action, cand.strength, cand.rule));
        pos = cand.end;
    }
    out.extend_from_slice(&input[pos..]);
    findings
}

/// Scrub `text` whose candidates are in `scratch`, redacting (no keys: text inside encoded
/// payloads is not indexed by data subject).
pub(crate) fn scrub_candidates_redacting(c: &compiled::Compiled, text: &[u8], scratch: &mut Scratch) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 32);
    write_candidates(c, None, text, scratch, &mut out);
    out
}

/// The pseudonym tokens (`[EMAIL:k1:…]`) in sanitized text, for indexing by data subject.
pub fn pseudonyms_in(text: &[u8]) -> impl Iterator<Item = &str> + '_ {
    memchr::memchr_iter(b'[', text).filter_map(move |i| {
        let len = detect::own_token_len(text, i)?;
        let token = std::str::from_utf8(&text[i..i + len]).ok()?;
        token.contains(":k").then_some(token)
    })
}
