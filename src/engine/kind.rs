//! The kinds of personal data the engine knows. A kind names *what* a value is; the rule pack
//! decides *what to do* with it.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! kinds {
    ($($variant:ident => $id:literal, $label:literal;)*) => {
        /// A kind of personal data. `id` is the rule-pack spelling, `label` the replacement tag.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Kind { $($variant),* }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];
            /// The spelling used in rule packs, summaries and metrics (`pesel`, `ip`, ...).
            pub fn id(self) -> &'static str { match self { $(Kind::$variant => $id),* } }
            /// The tag written into sanitized text (`[PESEL]`, `[EMAIL:k1:…]`).
            pub fn label(self) -> &'static str { match self { $(Kind::$variant => $label),* } }
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
    pub const COUNT: usize = Kind::ALL.len();
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
