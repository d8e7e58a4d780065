//! Whether a value under a personal field name can be that kind at all. A field name is strong
//! evidence, but not for every value: `name=com.example.dialer` names an app, `pwd=/home/x`
//! is a working directory, `address=0x00007fa4` a memory address, `Elevated Token: Yes` a flag,
//! `uid=0` the root account. Shared by the text scanner's `key=value` fields and by the JSON,
//! CSV and configuration readers, so all of them decide alike.

use crate::compiled::Compiled;
use crate::kind::Kind;

/// Placeholders and flags: no value of any kind.
/// The byte length of the longest of [`PLACEHOLDERS`] (checked by a test).
const LONGEST_PLACEHOLDER: usize = 9;

const PLACEHOLDERS: &[&str] = &[
    "-",
    "--",
    "*",
    "**",
    "***",
    "?",
    "n/a",
    "na",
    "null",
    "nil",
    "none",
    "undefined",
    "true",
    "false",
    "yes",
    "no",
    "tak",
    "nie",
    "да",
    "не",
    "on",
    "off",
    "enabled",
    "disabled",
    "required",
    "optional",
    "empty",
    "unknown",
    "default",
    "(null)",
    "<null>",
    "{}",
    "[]",
];

/// What a field's name says about how to judge its values, beyond the kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FieldTraits {
    /// A generic name field (`name`, `author`): the value must read as a person's name.
    pub generic_name: bool,
    /// `pwd`: a working directory as often as a password.
    pub pwd: bool,
}

impl FieldTraits {
    pub(crate) fn of(c: &Compiled, field_lower: &str) -> FieldTraits {
        // A name field matched by its ending only (`ContactName`, `hostname`) is as general as
        // the listed generic ones.
        let listed = c.fields.contains_key(field_lower)
            || (field_lower.contains(['-', '.']) && c.fields.contains_key(&field_lower.replace(['-', '.'], "_")));
        let by_suffix = !listed;
        FieldTraits {
            generic_name: c.generic_name_fields.contains(field_lower) || by_suffix,
            pwd: field_lower == "pwd",
        }
    }
}

/// Does `value`, found under a field of `kind`, fit the kind? `lower`/`inflect` are scratch
/// buffers for dictionary lookups.
pub(crate) fn fits(
    c: &Compiled,
    traits: FieldTraits,
    kind: Kind,
    value: &[u8],
    lower: &mut String,
    inflect: &mut String,
) -> bool {
    let v = trim(value);
    if v.is_empty() {
        return false;
    }
    // Lower-cased only in the arms that read it: most values are judged on their bytes.
    // Lower-casing shrinks a character at most to a third of its bytes (the Kelvin sign's three
    // become `k`): a value longer than that of the longest placeholder is none, unread.
    if v.len() <= 3 * LONGEST_PLACEHOLDER && is_placeholder(v) {
        return false;
    }
    match kind {
        Kind::Login => {
            // `Login: user=<x>`: the value is the next field, not a login.
            !v.contains(&b'=') && v.iter().any(|b| b.is_ascii_alphabetic() || *b >= 0x80) && !v[0].is_ascii_digit() && {
                let l = {
                    super::lower_lossy_into(v, lower);
                    lower.as_str()
                };
                !l.starts_with("0x") && !l.starts_with("s-1-") && !c.system_accounts.contains(l) && !l.ends_with('$')
            }
        }
        Kind::Secret => {
            // `AppWindowToken{54ba2f3 …}`: an object printed by its class, not a credential.
            let object = v[0].is_ascii_uppercase()
                && v.iter().take_while(|b| b.is_ascii_alphanumeric()).count() + 1 < v.len()
                && v[v.iter().take_while(|b| b.is_ascii_alphanumeric()).count()] == b'{';
            // `PWD=/home/x`: sudo's working directory, not a password.
            let path = traits.pwd && (v[0] == b'/' || v[0] == b'~' || (v.len() > 2 && v[1] == b':' && v[2] == b'\\'));
            !object && !path
        }
        Kind::Address => {
            // A postal address has a word of letters (a street, a town): not a memory address,
            // a MAC address, a URL or `host:port`.
            let word = v.split(|b| !(b.is_ascii_alphabetic() || *b >= 0x80)).any(|w| w.len() >= 3);
            // `address=fa:16:3e:ea:59:c6,bridge_name=…`: judged by its first item too.
            let first = v.split(|&b| b == b',' || b == b' ').next().unwrap_or(v);
            // Read on the bytes: no character but `X` lower-cases to `x`, and lower-casing
            // leaves `:` and `/` as they are.
            word && !(v.len() >= 2 && v[0] == b'0' && v[1].eq_ignore_ascii_case(&b'x'))
                && memchr::memmem::find(v, b"://").is_none()
                && memchr::memmem::find(v, b"::").is_none()
                && !is_hex_pairs(v)
                && !is_hex_pairs(first)
                && !host_port(v)
        }
        Kind::Name if traits.generic_name => person_like(c, v, lower, inflect),
        // `mail=1` (postfix's count of MAIL commands): an address has its `@`, spelled out or not.
        Kind::Email => {
            v.contains(&b'@') || {
                super::lower_lossy_into(v, lower);
                let l = lower.as_str();
                l.contains("%40") || l.contains("(at)") || l.contains("[at]") || l.contains(" at ")
            }
        }
        _ => true,
    }
}

/// Is `v` one of [`PLACEHOLDERS`], in any case? ASCII values (nearly all) are compared
/// without lower-casing a copy.
fn is_placeholder(v: &[u8]) -> bool {
    if v.is_ascii() {
        PLACEHOLDERS.iter().any(|p| p.len() == v.len() && p.as_bytes().eq_ignore_ascii_case(v))
    } else {
        let l = String::from_utf8_lossy(v).to_lowercase();
        PLACEHOLDERS.contains(&l.as_str())
    }
}

fn trim(v: &[u8]) -> &[u8] {
    let s = v.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(v.len());
    let e = v.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(s, |p| p + 1);
    &v[s..e]
}

/// `fa:16:3e:ea:59:c6`, `00-1A-2B-3C-4D-5E`.
fn is_hex_pairs(v: &[u8]) -> bool {
    let mut parts = 0;
    for p in v.split(|&b| b == b':' || b == b'-') {
        if p.len() != 2 || !p.iter().all(u8::is_ascii_hexdigit) {
            return false;
        }
        parts += 1;
    }
    parts >= 4
}

/// `localhost:7001`, `db.example.internal:5432`.
fn host_port(v: &[u8]) -> bool {
    match v.iter().rposition(|&b| b == b':') {
        Some(p) => {
            p + 1 < v.len()
                && v[p + 1..].iter().all(u8::is_ascii_digit)
                && v[..p].iter().all(|b| b.is_ascii_alphanumeric() || b".-_[]".contains(b))
        }
        None => false,
    }
}

/// A value under a field called just `name` (or `author`, `contact`…) is a person's name only
/// when it reads as one: one to four capitalised words, nothing of an identifier in it (dots,
/// slashes, digits, `_`, `@`, `$`), no ordinary word among them.
fn person_like(c: &Compiled, v: &[u8], lower: &mut String, inflect: &mut String) -> bool {
    let Ok(text) = std::str::from_utf8(v) else { return false };
    // Byte by byte: every character looked for is ASCII, and in UTF-8 an ASCII byte is
    // always that character.
    if v.iter().any(|b| b.is_ascii_digit() || b"._/\\@$:;=<>{}[]()|#%&+*".contains(b)) {
        return false;
    }
    let words: Vec<&str> = text.split([' ', ',', '-']).filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > 4 {
        return false;
    }
    if !words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase)) {
        return false;
    }
    // Every word a name the dictionary knows, or a word it does not know that is no ordinary
    // word either (an uncommon surname); one word alone must be a known name.
    let mut known = 0;
    for w in &words {
        lower.clear();
        super::push_lowercase(w, lower);
        if c.lexicon.lookup(lower, inflect).is_some() {
            known += 1;
        } else if c.common_words.contains(lower.as_bytes()) || !w.chars().all(char::is_alphabetic) {
            return false;
        }
    }
    known >= 1 || words.len() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte comparison says what lower-casing a copy said, for every placeholder in
    /// every case and for near misses, Cyrillic and the Kelvin sign included.
    #[test]
    fn placeholders_in_any_case_as_lowering_a_copy_says() {
        let by_copy = |v: &[u8]| PLACEHOLDERS.contains(&String::from_utf8_lossy(v).to_lowercase().as_str());
        let mut samples: Vec<String> = Vec::new();
        for p in PLACEHOLDERS {
            samples.push(p.to_string());
            samples.push(p.to_uppercase());
            let mut title = p.chars();
            samples.extend(title.next().map(|c| c.to_uppercase().chain(title).collect::<String>()));
            samples.push(format!("{p}x"));
            samples.push(p[..p.len() - p.chars().last().map_or(0, char::len_utf8)].to_string());
        }
        samples.extend(["\u{212a}", "ДА", "Не", "нет", "N/A ", "ja", "nul", "Undefined!"].map(String::from));
        for s in &samples {
            assert_eq!(is_placeholder(s.as_bytes()), by_copy(s.as_bytes()), "{s:?}");
        }
        assert!(is_placeholder(b"NULL") && is_placeholder("ДА".as_bytes()) && !is_placeholder(b"nullx"));
    }

    #[test]
    fn longest_placeholder_is_as_stated() {
        assert_eq!(PLACEHOLDERS.iter().map(|p| p.len()).max(), Some(LONGEST_PLACEHOLDER));
    }
}
