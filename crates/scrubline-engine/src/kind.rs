//! The kinds of personal data the engine knows. A kind names *what* a value is; the rule pack
//! decides *what to do* with it.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

macro_rules! kinds {
    ($($variant:ident => $id:literal, $label:literal;)*) => {
        /// A kind of personal data. `id` is the rule-pack spelling, `label` the replacement tag.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Kind { $(#[doc = concat!("`", $id, "`, written `[", $label, "]`")] $variant),* }

        impl Kind {
            /// Every kind, in [`Kind::index`] order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];
            /// The spelling used in rule packs, summaries and metrics (`pesel`, `ip`, ...).
            pub fn id(self) -> &'static str { match self { $(Kind::$variant => $id),* } }
            /// The tag written into sanitized text (`[PESEL]`, `[EMAIL:k1:…]`).
            pub fn label(self) -> &'static str { match self { $(Kind::$variant => $label),* } }
            /// Reverse of [`Kind::id`].
            pub fn from_id(s: &str) -> Option<Kind> { match s { $($id => Some(Kind::$variant),)* _ => None } }
            /// Reverse of [`Kind::label`], on bytes: used to recognise the engine's own tokens.
            pub fn from_label(s: &[u8]) -> Option<Kind> { $(if s == $label.as_bytes() { return Some(Kind::$variant); })* None }
        }
    };
}

kinds! {
    Pesel => "pesel", "PESEL";
    Egn => "egn", "EGN";
    Nip => "nip", "NIP";
    Regon => "regon", "REGON";
    Eik => "eik", "EIK";
    Iban => "iban", "IBAN";
    Card => "card", "CARD";
    IdCard => "id_card", "IDCARD";
    Email => "email", "EMAIL";
    Ip => "ip", "IP";
    Phone => "phone", "PHONE";
    Name => "name", "NAME";
    Address => "address", "ADDRESS";
    PostalCode => "postal_code", "POSTCODE";
    Geo => "geo", "GEO";
    CustomsAgent => "customs_agent", "AGENT";
    Login => "login", "LOGIN";
    Secret => "secret", "SECRET";
}

impl Kind {
    /// How many kinds there are.
    pub const COUNT: usize = Kind::ALL.len();
    /// The kind's place in [`Kind::ALL`], for tables indexed by kind.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Read from a rule pack's spelling ([`Kind::id`]); an unknown one is named with the list of
/// known kinds, so a typo in `pack.toml` is fixed from the message alone.
impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Kind::from_id(&s).ok_or_else(|| {
            let known = Kind::ALL.iter().map(|k| k.id()).collect::<Vec<_>>().join(", ");
            serde::de::Error::custom(format!("unknown kind `{s}` (known: {known})"))
        })
    }
}
