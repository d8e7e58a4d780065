//! Seeded synthetic corpus: diagnostic logs, XML customs declarations, INI and JSON config
//! dumps, CSV contact exports and mail text in Polish, Bulgarian and English, with every
//! planted personal value recorded by kind and every must-keep token (look-alikes that fail
//! their checksum, versions, MRNs, codes) recorded too. Tests, benchmarks and the embedded
//! sample all come from here; the project uses no real personal data.

pub mod mail;

pub mod values;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use scrubline_engine::Kind;
use scrubline_engine::RulePack;
use values::Rng8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Log,
    Xml,
    Ini,
    Json,
    Csv,
    Mail,
}

impl Format {
    pub const ALL: [Format; 6] = [Format::Log, Format::Xml, Format::Ini, Format::Json, Format::Csv, Format::Mail];
    pub fn extension(self) -> &'static str {
        match self {
            Format::Log => "log",
            Format::Xml => "xml",
            Format::Ini => "ini",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Mail => "txt",
        }
    }
}

/// A personal value written into a document, as written.
#[derive(Clone, Debug)]
pub struct Planted {
    pub kind: Kind,
    pub value: String,
    /// Byte offset in [`Doc::text`].
    pub start: usize,
    /// A value the engine is not expected to find (a name in no dictionary, with no cue
    /// around it): reported separately, so the limit is measured rather than hidden.
    pub unsupported: bool,
}

/// A token that must come out unchanged, and where it was written.
#[derive(Clone, Debug)]
pub struct Kept {
    pub value: String,
    pub start: usize,
}

#[derive(Clone, Debug)]
pub struct Doc {
    pub format: Format,
    pub text: String,
    pub planted: Vec<Planted>,
    /// Tokens that must come out unchanged.
    pub keep: Vec<Kept>,
}

/// Name lists drawn from the rule pack's dictionary (unambiguous entries), Title-cased.
pub struct NamePool {
    pl_first: Vec<String>,
    /// Polish first names that are also ordinary words in the sources (Anna, Jan, Marek).
    pl_first_ambiguous: Vec<String>,
    pl_last: Vec<String>,
    bg_first: Vec<String>,
    bg_last: Vec<String>,
    bglat_first: Vec<String>,
    bglat_last: Vec<String>,
    en_first: Vec<String>,
    en_last: Vec<String>,
}

fn title(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

impl NamePool {
    pub fn from_pack(pack: &RulePack) -> NamePool {
        let pick = |lang: &str, first: bool| -> Vec<String> {
            pack.names()
                .iter()
                .filter(|e| {
                    !e.ambiguous
                        && e.langs.split(',').any(|l| l == lang)
                        && if first { e.first } else { e.last && !e.first }
                })
                .filter(|e| e.name.chars().all(char::is_alphabetic) && e.name.chars().count() >= 3)
                .map(|e| title(e.name))
                .collect()
        };
        // A name the generator also writes as product vocabulary ("[Celina]", the customs
        // system) would make a kept module name look like a leaked name.
        let vocabulary = |e: &&scrubline_engine::NameEntry| !MODULES.iter().any(|m| m.eq_ignore_ascii_case(e.name));
        let pl_first_ambiguous = pack
            .names()
            .iter()
            .filter(vocabulary)
            .filter(|e| e.ambiguous && e.first && e.langs.split(',').any(|l| l == "pl") && e.name.chars().count() >= 3)
            .map(|e| title(e.name))
            .collect();
        NamePool {
            pl_first: pick("pl", true),
            pl_first_ambiguous,
            pl_last: pick("pl", false),
            bg_first: pick("bg", true),
            bg_last: pick("bg", false),
            bglat_first: pick("bg-latn", true),
            bglat_last: pick("bg-latn", false),
            en_first: pick("en", true),
            en_last: pick("en", false),
        }
    }
}

impl NamePool {
    /// A first name and a surname (Polish, Bulgarian in either script, or English).
    pub fn full_name(&self, rng: &mut Rng8) -> String {
        let pick = |list: &[String], rng: &mut Rng8| list.choose(rng).cloned().unwrap_or_else(|| "Kowalski".into());
        let (f, l) = match rng.gen_range(0..10) {
            0..=4 => (pick(&self.pl_first, rng), pick(&self.pl_last, rng)),
            5 | 6 => (pick(&self.bg_first, rng), pick(&self.bg_last, rng)),
            7 => (pick(&self.bglat_first, rng), pick(&self.bglat_last, rng)),
            _ => (pick(&self.en_first, rng), pick(&self.en_last, rng)),
        };
        format!("{f} {l}")
    }
}

/// Polish genitive, by the regular patterns (Jan Kowalski -> Jana Kowalskiego, Anna Nowak
/// -> Anny Nowak). Irregular names are left as they are.
fn genitive(word: &str, feminine: bool) -> String {
    if let Some(stem) = word.strip_suffix("ski").or_else(|| word.strip_suffix("cki")) {
        return format!("{stem}{}kiego", &word[stem.len()..stem.len() + 1]);
    }
    if let Some(stem) = word.strip_suffix("ska").or_else(|| word.strip_suffix("cka")) {
        return format!("{stem}{}kiej", &word[stem.len()..stem.len() + 1]);
    }
    if feminine {
        return match word.strip_suffix('a') {
            Some(stem) if !stem.ends_with(['k', 'g', 'i']) => format!("{stem}y"),
            _ => word.to_string(),
        };
    }
    if word.ends_with(|c: char| "bdfłmnprstwz".contains(c)) {
        return format!("{word}a");
    }
    word.to_string()
}

/// Polish instrumental, by the regular patterns (z Janem Kowalskim, z Anną Nowak).
fn instrumental(word: &str, feminine: bool) -> String {
    if let Some(stem) = word.strip_suffix("ski").or_else(|| word.strip_suffix("cki")) {
        return format!("{stem}{}kim", &word[stem.len()..stem.len() + 1]);
    }
    if let Some(stem) = word.strip_suffix("ska").or_else(|| word.strip_suffix("cka")) {
        return format!("{stem}{}ką", &word[stem.len()..stem.len() + 1]);
    }
    if feminine {
        return match word.strip_suffix('a') {
            Some(stem) => format!("{stem}ą"),
            None => word.to_string(),
        };
    }
    if word.ends_with(['k', 'g']) {
        return format!("{word}iem");
    }
    if word.ends_with(|c: char| "bdfłmnprstwz".contains(c)) {
        return format!("{word}em");
    }
    word.to_string()
}

const SYLLABLES: &[&str] =
    &["zby", "war", "dę", "ko", "mi", "rosz", "tal", "bro", "niew", "lu", "sza", "gor", "cie", "ple", "mak", "dro"];

fn invented(rng: &mut Rng8, min: usize) -> String {
    let n = rng.gen_range(min..min + 2);
    let w: String = (0..n).map(|_| *SYLLABLES.choose(rng).expect("non-empty")).collect();
    title(&w)
}

const MODULES: &[&str] = &[
    "Celina",
    "Intrastat",
    "ZefirBridge",
    "DeclarationEditor",
    "NctsSender",
    "DictionarySync",
    "LicenseAgent",
    "EcsExport",
];
const WINDOWS: &[&str] =
    &["MainWindow", "DeclarationList", "GoodsItemForm", "SettingsDialog", "MessageInbox", "PrintPreview"];
const DICTIONARIES: &[&str] = &["TARIC", "CN2024", "kraje", "waluty", "urzedy_celne", "PL_NCTS_codes"];
const MESSAGE_TYPES: &[&str] = &["IE015", "IE028", "IE029", "ZC215", "ZC299", "PZC", "IE507"];
const ERRORS: &[&str] = &["E1042", "ERR-2041", "W0302", "SOAP-FAULT-17", "HTTP 503", "ORA-12541", "E_TIMEOUT"];
const HOSTS: &[&str] =
    &["api.vendor.example", "srv-db-01", "dict.vendor.example", "ais.puesc.example", "relay-2.vendor.example"];
const CITIES: &[&str] = &["Warszawa", "Kraków", "Gdańsk", "Łódź", "Poznań", "Bielsko-Biała"];
const STREETS: &[&str] = &["Marszałkowska", "Długa", "Polna", "Kwiatowa", "Jana Pawła II", "Piłsudskiego"];
const BG_STREETS: &[&str] = &["Витоша", "Цар Освободител", "Шипка", "Раковски"];
const BG_CITIES: &[&str] = &["София", "Пловдив", "Варна", "Бургас"];

/// Builds one document from templates: `{kind}` plants a value, `{kind!}` writes a
/// must-keep token, other text is copied.
/// A person's first name and surname drawn from `names`, deterministic per `seed`.
pub fn person(names: &NamePool, seed: u64) -> (String, String) {
    Builder::new(seed, names).person()
}

pub(crate) struct Builder<'a> {
    pub(crate) rng: Rng8,
    names: &'a NamePool,
    pub(crate) text: String,
    pub(crate) planted: Vec<Planted>,
    pub(crate) keep: Vec<Kept>,
    next_unsupported: bool,
}

impl<'a> Builder<'a> {
    pub(crate) fn new(seed: u64, names: &'a NamePool) -> Self {
        Builder {
            rng: Rng8::seed_from_u64(seed),
            names,
            text: String::new(),
            planted: Vec::new(),
            keep: Vec::new(),
            next_unsupported: false,
        }
    }

    /// Copy template text, recording its words as must-keep: the wording around planted
    /// values is not personal and must come out as it went in.
    fn literal(&mut self, text: &str) {
        let base = self.text.len();
        self.text.push_str(text);
        let mut offset = 0;
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            if w.chars().count() >= 3 {
                self.keep.push(Kept { start: base + offset, value: w.to_string() });
            }
            offset += w.len() + text[offset + w.len()..].chars().next().map_or(0, char::len_utf8);
        }
    }

    pub(crate) fn line(&mut self, template: &str) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            self.literal(&rest[..open]);
            let close = open + rest[open..].find('}').unwrap_or(0);
            let tag = &rest[open + 1..close.max(open + 1)];
            // Braces that do not hold a tag (JSON in a template) are copied as they are.
            if close <= open || !tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'!') {
                self.text.push('{');
                rest = &rest[open + 1..];
                continue;
            }
            match tag.strip_suffix('!') {
                Some(k) => {
                    let value = self.keep_value(k);
                    self.keep.push(Kept { start: self.text.len(), value: value.clone() });
                    self.text.push_str(&value);
                }
                None => self.plant(tag),
            }
            rest = &rest[close + 1..];
        }
        self.literal(rest);
        self.text.push('\n');
    }

    fn put(&mut self, kind: Kind, value: String) {
        // "[2001:db8::1]:443": the address is personal, the brackets and port are not.
        if let Some(inner) = value.strip_prefix('[').and_then(|v| v.split_once("]:")) {
            self.text.push('[');
            let (addr, port) = (inner.0.to_string(), inner.1.to_string());
            self.put(kind, addr);
            self.text.push_str("]:");
            self.text.push_str(&port);
            return;
        }
        let start = self.text.len();
        self.text.push_str(&value);
        let unsupported = std::mem::take(&mut self.next_unsupported);
        self.planted.push(Planted { kind, value, start, unsupported });
    }

    fn pick(&mut self, list: &[String]) -> String {
        list.choose(&mut self.rng).cloned().unwrap_or_else(|| "Kowalski".into())
    }

    pub(crate) fn person(&mut self) -> (String, String) {
        let n = self.names;
        match self.rng.gen_range(0..10) {
            0..=4 => (self.pick(&n.pl_first), self.pick(&n.pl_last)),
            5 | 6 => (self.pick(&n.bg_first), self.pick(&n.bg_last)),
            7 => (self.pick(&n.bglat_first), self.pick(&n.bglat_last)),
            _ => (self.pick(&n.en_first), self.pick(&n.en_last)),
        }
    }

    pub(crate) fn plant(&mut self, tag: &str) {
        let r = &mut self.rng;
        let (kind, value) = match tag {
            "pesel" => (Kind::Pesel, values::pesel(r)),
            // A PESEL stored as a JSON number cannot start with 0.
            "pesel_num" => (
                Kind::Pesel,
                std::iter::repeat_with(|| values::pesel(r)).find(|p| !p.starts_with('0')).expect("endless"),
            ),
            "egn" => (Kind::Egn, values::egn(r)),
            "nip" => (Kind::Nip, values::nip(r)),
            "regon" => (Kind::Regon, values::regon(r)),
            "iban" => (Kind::Iban, values::iban(r)),
            "card" => (Kind::Card, values::card(r)),
            "idcard" => (Kind::IdCard, values::id_card(r)),
            "ip4" => (Kind::Ip, values::ipv4(r)),
            "ip6" => (Kind::Ip, values::ipv6(r)),
            "phone" => (Kind::Phone, values::phone(r)),
            "geo" => (Kind::Geo, values::geo(r)),
            "lat" => (Kind::Geo, format!("{:.6}", r.gen_range(41.0..55.0))),
            "lon" => (Kind::Geo, format!("{:.6}", r.gen_range(14.0..29.0))),
            "agent" => (Kind::CustomsAgent, values::agent_number(r)),
            "secret" => (Kind::Secret, values::secret(r)),
            "jwt" => (Kind::Secret, values::jwt(r)),
            "pem" => (Kind::Secret, values::pem(r)),
            "urlcreds" => {
                let user = invented(r, 2).to_lowercase();
                (Kind::Secret, format!("{user}:{}", values::secret(r)))
            }
            "login" => {
                let (f, l) = self.person();
                let login = match self.rng.gen_range(0..3) {
                    0 => format!("{}{}", f.chars().next().unwrap_or('x'), l),
                    1 => format!("{f}.{l}"),
                    _ => format!("{}{}", l, self.rng.gen_range(1..99)),
                };
                (Kind::Login, login.to_lowercase())
            }
            "email" | "email_enc" | "mailto" => {
                let (f, l) = self.person();
                let local = translit(&format!("{f}.{l}")).to_lowercase();
                let domain = ["firma.pl", "agencja-celna.com.pl", "example.bg", "mail.example.com"]
                    .choose(&mut self.rng)
                    .expect("non-empty");
                let v = match tag {
                    "email_enc" => format!("{local}%40{domain}"),
                    _ => format!("{local}@{domain}"),
                };
                if tag == "mailto" {
                    self.text.push_str("mailto:");
                }
                (Kind::Email, v)
            }
            "name" => {
                let (f, l) = self.person();
                (Kind::Name, format!("{f} {l}"))
            }
            "NAME" => {
                let (f, l) = self.person();
                (Kind::Name, format!("{} {}", f.to_uppercase(), l.to_uppercase()))
            }
            "first" => {
                let n = self.names;
                let list = if self.rng.gen_bool(0.5) { &n.pl_first } else { &n.bg_first };
                (Kind::Name, self.pick(list))
            }
            "first_pl" => {
                let n = self.names;
                (Kind::Name, self.pick(&n.pl_first))
            }
            "last_pl" => {
                let n = self.names;
                (Kind::Name, self.pick(&n.pl_last))
            }
            "last" => {
                let n = self.names;
                let list = if self.rng.gen_bool(0.5) { &n.pl_last } else { &n.bg_last };
                (Kind::Name, self.pick(list))
            }
            "name_gen" => {
                let n = self.names;
                let (f, l) = (self.pick(&n.pl_first), self.pick(&n.pl_last));
                let fem = f.ends_with('a');
                (Kind::Name, format!("{} {}", genitive(&f, fem), genitive(&l, fem)))
            }
            "name_ins" => {
                let n = self.names;
                let (f, l) = (self.pick(&n.pl_first), self.pick(&n.pl_last));
                let fem = f.ends_with('a');
                (Kind::Name, format!("{} {}", instrumental(&f, fem), instrumental(&l, fem)))
            }
            "name_hyph" => {
                let n = self.names;
                let (f, a, b) = (self.pick(&n.pl_first), self.pick(&n.pl_last), self.pick(&n.pl_last));
                (Kind::Name, format!("{f} {a}-{b}"))
            }
            "name_lower" => {
                let n = self.names;
                let (f, l) = (self.pick(&n.pl_first), self.pick(&n.pl_last));
                (Kind::Name, format!("{} {}", f.to_lowercase(), l.to_lowercase()))
            }
            "name_ambig" => {
                let n = self.names;
                let (f, l) = (self.pick(&n.pl_first_ambiguous), self.pick(&n.pl_last));
                (Kind::Name, format!("{f} {l}"))
            }
            "invented" => (Kind::Name, format!("{} {}", invented(r, 2), invented(r, 3))),
            "invented_free" => {
                self.next_unsupported = true;
                (Kind::Name, format!("{} {}", invented(r, 2), invented(r, 3)))
            }
            "invented_first" => (Kind::Name, invented(r, 2)),
            "invented_last" => (Kind::Name, invented(r, 3)),
            "first_unknown_last" => {
                let n = self.names;
                let f = self.pick(&n.pl_first);
                let l = invented(&mut self.rng, 3);
                (Kind::Name, format!("{f} {l}"))
            }
            "addr_pl" => {
                let street = *STREETS.choose(r).expect("non-empty");
                let city = *CITIES.choose(r).expect("non-empty");
                let v = format!(
                    "ul. {street} {}/{}, {:02}-{:03} {city}",
                    r.gen_range(1..200),
                    r.gen_range(1..60),
                    r.gen_range(0..100),
                    r.gen_range(0..1000)
                );
                (Kind::Address, v)
            }
            "addr_bg" => {
                let street = *BG_STREETS.choose(r).expect("non-empty");
                let city = *BG_CITIES.choose(r).expect("non-empty");
                (Kind::Address, format!("ул. {street} {}, {} {city}", r.gen_range(1..200), r.gen_range(1000..9999)))
            }
            other => panic!("unknown template tag {other}"),
        };
        self.put(kind, value);
    }

    pub(crate) fn keep_value(&mut self, tag: &str) -> String {
        let r = &mut self.rng;
        match tag {
            "mrn" => values::mrn(r),
            "lrn" => format!("LRN-{}-{:06}", r.gen_range(2020..2026), r.gen_range(0..1_000_000)),
            "uuid" => values::uuid(r),
            "ver" => values::version(r),
            "amount" => values::amount(r),
            "bad9" => values::bad_number(r, 9),
            "bad10" => values::bad_number(r, 10),
            "bad11" => values::bad_number(r, 11),
            "bad14" => values::bad_number(r, 14),
            "bad16" => values::bad_number(r, 16),
            "lic" => format!("LIC-{}-{:05}", r.gen_range(2019..2026), r.gen_range(0..100_000)),
            "ticket" => format!("{}", r.gen_range(10_000..99_999)),
            "err" => ERRORS.choose(r).expect("non-empty").to_string(),
            "module" => MODULES.choose(r).expect("non-empty").to_string(),
            "window" => WINDOWS.choose(r).expect("non-empty").to_string(),
            "city" => CITIES.choose(r).expect("non-empty").to_string(),
            "dict" => DICTIONARIES.choose(r).expect("non-empty").to_string(),
            "msgtype" => MESSAGE_TYPES.choose(r).expect("non-empty").to_string(),
            "host" => HOSTS.choose(r).expect("non-empty").to_string(),
            "cn" => format!("{:08}", r.gen_range(1_000_000..99_999_999)),
            "n" => format!("{}", r.gen_range(1..5000)),
            "ts" => format!(
                "2024-{:02}-{:02} {:02}:{:02}:{:02}.{:03}",
                r.gen_range(1..13),
                r.gen_range(1..29),
                r.gen_range(0..24),
                r.gen_range(0..60),
                r.gen_range(0..60),
                r.gen_range(0..1000)
            ),
            other => panic!("unknown keep tag {other}"),
        }
    }
}

/// Bulgarian Cyrillic to Latin (Streamlined System), for e-mail local parts.
/// Polish and Bulgarian letters written in ASCII (`Łukasz` → `lukasz`), as logins and e-mail
/// addresses spell names.
pub fn translit(s: &str) -> String {
    s.chars()
        .map(|c| {
            match c.to_lowercase().next().unwrap_or(c) {
                'а' => "a",
                'б' => "b",
                'в' => "v",
                'г' => "g",
                'д' => "d",
                'е' => "e",
                'ж' => "zh",
                'з' => "z",
                'и' => "i",
                'й' => "y",
                'к' => "k",
                'л' => "l",
                'м' => "m",
                'н' => "n",
                'о' => "o",
                'п' => "p",
                'р' => "r",
                'с' => "s",
                'т' => "t",
                'у' => "u",
                'ф' => "f",
                'х' => "h",
                'ц' => "ts",
                'ч' => "ch",
                'ш' => "sh",
                'щ' => "sht",
                'ъ' => "a",
                'ь' => "y",
                'ю' => "yu",
                'я' => "ya",
                'ą' => "a",
                'ć' => "c",
                'ę' => "e",
                'ł' => "l",
                'ń' => "n",
                'ó' => "o",
                'ś' => "s",
                'ź' | 'ż' => "z",
                _ => return c.to_string(),
            }
            .to_string()
        })
        .collect()
}

const LOG_LINES: &[&str] = &[
    "{ts!} INFO  [{module!}] login ok user={login} from {ip4} license {lic!} version {ver!}",
    "{ts!} INFO  [{module!}] session {uuid!} opened window {window!}",
    "{ts!} WARN  [{module!}] declaration {mrn!} sent for PESEL {pesel}, amount {amount!} PLN",
    "{ts!} ERROR [{module!}] {err!} timeout connecting to {host!}:443 after {n!} ms",
    "{ts!} DEBUG [{module!}] order {bad11!} batch {bad10!} ref {bad9!} id {bad14!} seq {bad16!}",
    "{ts!} INFO  [{module!}] client {ip6} connected, app version {ver!}",
    "{ts!} INFO  [{module!}] contact {email} tel. {phone}",
    "{ts!} DEBUG [{module!}] profile C:\\Users\\{login}\\AppData\\Local\\Vendor\\{module!}\\cache",
    "{ts!} DEBUG [{module!}] loaded /home/{login}/.config/vendor/settings.ini",
    "{ts!} INFO  [{module!}] Wysłano zgłoszenie {lrn!} w imieniu {name_gen}",
    "{ts!} INFO  [{module!}] Operator {name} zatwierdził dokument {mrn!}",
    "{ts!} ERROR [{module!}]    at {module!}.Core.Sender.Send() in C:\\Program Files\\Vendor\\Core\\Sender.cs:line {n!}",
    "{ts!} INFO  [{module!}] IBAN {iban} NIP {nip} REGON {regon}",
    "{ts!} INFO  [{module!}] payment card {card} accepted for {lic!}",
    "{ts!} INFO  [{module!}] dowód osobisty {idcard} zweryfikowany",
    "{ts!} INFO  [{module!}] EGN {egn} клиент {name}",
    "{ts!} INFO  [{module!}] position {geo} reported by {host!}",
    "{ts!} DEBUG [{module!}] Authorization: Bearer {jwt}",
    "{ts!} DEBUG [{module!}] db url postgres://{urlcreds}@{host!}:5432/celina",
    "{ts!} INFO  [{module!}] CN {cn!} net mass {amount!} kg, version {ver!}",
    "{ts!} INFO  [{module!}] agent celny nr wpisu {agent} podpisał {mrn!}",
    "{ts!} INFO  [{module!}] ZGŁASZAJĄCY: {NAME}",
    "{ts!} INFO  [{module!}] assigned to {first_unknown_last} by {name}",
    "{ts!} INFO  [{module!}] Rozmowa telefoniczna z {name_ins} w sprawie {mrn!}",
    "{ts!} INFO  [{module!}] wniosek złożyła {name_hyph}, podpisał dr {name}",
    "{ts!} INFO  [{module!}] użytkownik {name_lower} zalogował się z {ip4}",
    "{ts!} INFO  [{module!}] Przekazano do {name_ambig} (dział {module!})",
    "{ts!} INFO  [{module!}] notatka: oddzwonić do {invented_free} w sprawie {lrn!}",
];

/// Log lines with nothing personal in them: most of a real diagnostic log.
const QUIET_LOG_LINES: &[&str] = &[
    "{ts!} INFO  [{module!}] loaded dictionary {dict!} version {ver!} in {n!} ms",
    "{ts!} DEBUG [{module!}] window {window!} opened",
    "{ts!} INFO  [{module!}] message {msgtype!} queued, {n!} items",
    "{ts!} DEBUG [{module!}] GET https://{host!}/api/v2/dictionaries/{n!} -> 200 ({n!} ms)",
    "{ts!} WARN  [{module!}] retry {n!}/5 after {err!}",
    "{ts!} INFO  [{module!}] session {uuid!} heartbeat",
    "{ts!} ERROR [{module!}] System.Net.WebException: The operation has timed out",
    "{ts!} ERROR [{module!}]    at System.Net.HttpWebRequest.GetResponse()",
    "{ts!} DEBUG [{module!}] cache hit ratio 0.{n!}, entries {n!}, evicted {n!}",
    "{ts!} INFO  [{module!}] declaration {mrn!} status changed to ACCEPTED",
    "{ts!} INFO  [{module!}] Zmieniono status zgłoszenia {lrn!} na ZAREJESTROWANE",
    "{ts!} DEBUG [{module!}] Синхронизация на речника {dict!} завърши за {n!} ms",
];

/// Share of log lines that carry personal data in generated logs.
pub const LOG_PII_SHARE: f64 = 0.25;

pub(crate) fn log_doc(b: &mut Builder<'_>) {
    let n = b.rng.gen_range(40..80);
    log_lines(b, n, LOG_PII_SHARE);
}

fn log_lines(b: &mut Builder<'_>, n: usize, pii_share: f64) {
    for _ in 0..n {
        let set = if b.rng.gen_bool(pii_share) { LOG_LINES } else { QUIET_LOG_LINES };
        let l = *set.choose(&mut b.rng).expect("non-empty");
        b.line(l);
    }
}

/// A log of `lines` lines of which about `pii_share` carry personal data (benchmarks use
/// 1.0 for the worst case).
pub fn log(seed: u64, lines: usize, pii_share: f64) -> Doc {
    let pack = RulePack::embedded_default();
    let names = NamePool::from_pack(&pack);
    let mut b = Builder::new(seed, &names);
    log_lines(&mut b, lines, pii_share);
    Doc { format: Format::Log, text: b.text, planted: b.planted, keep: b.keep }
}

pub(crate) fn xml_doc(b: &mut Builder<'_>) {
    b.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    b.line("<Declaration version=\"{ver!}\">");
    b.line("  <MRN>{mrn!}</MRN><LRN>{lrn!}</LRN>");
    b.line("  <Declarant><Name>{invented}</Name><NIP>{nip}</NIP><REGON>{regon}</REGON>");
    b.line("    <Email>{email}</Email><Phone>{phone}</Phone>");
    b.line("    <Address>{addr_pl}</Address></Declarant>");
    b.line("  <Representative><imie>{invented_first}</imie><nazwisko>{invented_last}</nazwisko><nr_wpisu>{agent}</nr_wpisu><pesel>{pesel}</pesel></Representative>");
    for _ in 0..b.rng.gen_range(2..6) {
        b.line("  <GoodsItem><CNCode>{cn!}</CNCode><Value>{amount!}</Value><Ref>{bad11!}</Ref></GoodsItem>");
    }
    b.line("  <Contact name=\"{invented}\" tel=\"{phone}\"/>");
    b.line("</Declaration>");
}

pub(crate) fn ini_doc(b: &mut Builder<'_>) {
    b.line("; config dump {ts!}");
    b.line("[database]\nhost={host!}\nuser={login}\npassword={secret}\nport=5432");
    b.line("[smtp]\nsmtp_password = {secret}\nServer = {host!}");
    b.line("[user]\nname={invented}\nemail={email}\nphone={phone}\nlast_window={window!}");
    b.line("[license]\nid={lic!}\nseats={n!}");
    b.line("[app]\nversion={ver!}\nmodules={module!},{module!}");
    b.line("[location]\nlat={lat}\nlon={lon}");
    b.line("[proxy]\nProxyPassword: {secret}\naccess_token={jwt}");
}

pub(crate) fn json_doc(b: &mut Builder<'_>) {
    b.line("{\"app\": {\"version\": \"{ver!}\", \"license\": \"{lic!}\", \"module\": \"{module!}\"},");
    b.line(" \"user\": {\"name\": \"{invented}\", \"login\": \"{login}\", \"email\": \"{email}\", \"pesel\": {pesel_num}, \"phone\": \"{phone}\"},");
    b.line(" \"api\": {\"client_secret\": \"{secret}\", \"access_token\": \"{jwt}\", \"endpoint\": \"{host!}\"},");
    b.line(" \"location\": {\"lat\": {lat}, \"lon\": {lon}},");
    b.line(" \"notes\": \"Rozmowa z {name}, klient {ip4}\",");
    b.line(" \"last_error\": \"{err!}\", \"order\": {bad11!}, \"session\": \"{uuid!}\"}");
}

pub(crate) fn csv_doc(b: &mut Builder<'_>) {
    b.line("imie;nazwisko;email;telefon;pesel;nip;licencja;kwota;miejscowość");
    for _ in 0..b.rng.gen_range(10..30) {
        if b.rng.gen_bool(0.5) {
            b.line("{invented_first};{invented_last};{email};{phone};{pesel};{nip};{lic!};{amount!};{city!}");
        } else {
            b.line("{first};{last};{email};{phone};{pesel};{nip};{lic!};{amount!};{city!}");
        }
    }
}

/// A contact export with Polish names only (it must fit windows-1250).
pub(crate) fn csv_pl_doc(b: &mut Builder<'_>) {
    b.line("imie;nazwisko;email;telefon;pesel;nip;licencja;kwota;miejscowość");
    for _ in 0..b.rng.gen_range(10..30) {
        if b.rng.gen_bool(0.5) {
            b.line("{invented_first};{invented_last};{email};{phone};{pesel};{nip};{lic!};{amount!};{city!}");
        } else {
            b.line("{first_pl};{last_pl};{email};{phone};{pesel};{nip};{lic!};{amount!};{city!}");
        }
    }
}

const PL_MAIL: &str = "From: {name} <{email}>
Reply-To: \"{invented}\" <{email}>
Subject: [Ticket #{ticket!}] Problem z wysyłką {mrn!}

Dzień dobry Panie {invented_first},

mam problem z modułem {module!} w wersji {ver!}: błąd {err!}. Mój PESEL {pesel}, telefon {phone},
proszę o odpowiedź na {email_enc} lub {mailto}. Adres firmy: {addr_pl}.
Zgłoszenie {lrn!} dotyczy kwoty {amount!} PLN, konto {iban}.

Z poważaniem
{invented}
";

const BG_MAIL: &str = "From: {name} <{email}>
Subject: [Ticket #{ticket!}] Грешка {err!} в {module!}

Здравейте {invented_first},

модулът {module!} версия {ver!} не изпраща. ЕГН {egn}, тел. {phone}, адрес: {addr_bg}.
Сметка {iban}.

Поздрави,
{invented}
";

const EN_MAIL: &str = "From: \"{invented}\" <{email}>
Subject: [Ticket #{ticket!}] {module!} crashes with {err!}

Hello {invented_first},

after updating to version {ver!} the {window!} window crashes. My colleague {name} saw it too.
Call me at {phone}. The workstation is {ip4} ({ip6}).

Best regards,
{invented}
";

pub(crate) fn mail_doc(b: &mut Builder<'_>) {
    let t = *[PL_MAIL, BG_MAIL, EN_MAIL].choose(&mut b.rng).expect("non-empty");
    for l in t.lines() {
        b.line(l);
    }
}

/// Generate `count` documents from `seed`, cycling through the formats.
pub fn corpus(seed: u64, count: usize) -> Vec<Doc> {
    let pack = RulePack::embedded_default();
    let names = NamePool::from_pack(&pack);
    (0..count)
        .map(|i| {
            document(&names, seed.wrapping_mul(1_000_003).wrapping_add(i as u64), Format::ALL[i % Format::ALL.len()])
        })
        .collect()
}

/// One document of the given format.
pub fn document(names: &NamePool, seed: u64, format: Format) -> Doc {
    let mut b = Builder::new(seed, names);
    match format {
        Format::Log => log_doc(&mut b),
        Format::Xml => xml_doc(&mut b),
        Format::Ini => ini_doc(&mut b),
        Format::Json => json_doc(&mut b),
        Format::Csv => csv_doc(&mut b),
        Format::Mail => mail_doc(&mut b),
    }
    Doc { format, text: b.text, planted: b.planted, keep: b.keep }
}

fn bench_input(formats: &[Format], min_bytes: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(min_bytes + 65536);
    let mut seed = 1;
    while out.len() < min_bytes {
        for d in corpus(seed, 60) {
            if formats.contains(&d.format) {
                out.extend_from_slice(d.text.as_bytes());
            }
        }
        seed += 1;
    }
    out
}

fn bench_logs(pii_share: f64, min_bytes: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut seed = 1;
    while out.len() < min_bytes {
        out.extend_from_slice(log(seed, 2000, pii_share).text.as_bytes());
        seed += 1;
    }
    out
}

/// The benchmarks' inputs, about 8 MiB each: logs with a quarter of lines personal, logs
/// with every line personal, config dumps (INI and XML), mixed text (logs, XML, INI, mail
/// text), and one input per remaining shape of real diagnostics: Polish and Bulgarian mail
/// text (Latin and Cyrillic names, inflected), JSON logs, and CSV contact exports.
pub fn bench_inputs() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("logs", bench_logs(LOG_PII_SHARE, 8 << 20)),
        ("logs_every_line_personal", bench_logs(1.0, 8 << 20)),
        ("config_dumps", bench_input(&[Format::Ini, Format::Xml], 8 << 20)),
        ("mixed_text", bench_input(&[Format::Log, Format::Xml, Format::Ini, Format::Mail], 8 << 20)),
        ("mail_text", bench_input(&[Format::Mail], 8 << 20)),
        ("json_logs", bench_input(&[Format::Json], 8 << 20)),
        ("csv_exports", bench_input(&[Format::Csv], 8 << 20)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_is_deterministic_per_seed() {
        let a = corpus(42, 12);
        let b = corpus(42, 12);
        let c = corpus(43, 12);
        assert_eq!(a.iter().map(|d| &d.text).collect::<Vec<_>>(), b.iter().map(|d| &d.text).collect::<Vec<_>>());
        assert_ne!(a[0].text, c[0].text);
        assert!(a.iter().all(|d| !d.planted.is_empty() && !d.keep.is_empty()));
    }

    #[test]
    fn instrumental_forms() {
        assert_eq!(instrumental("Kowalski", false), "Kowalskim");
        assert_eq!(instrumental("Kowalska", true), "Kowalską");
        assert_eq!(instrumental("Jan", false), "Janem");
        assert_eq!(instrumental("Nowak", false), "Nowakiem");
        assert_eq!(instrumental("Anna", true), "Anną");
    }

    #[test]
    fn genitive_forms() {
        assert_eq!(genitive("Kowalski", false), "Kowalskiego");
        assert_eq!(genitive("Kowalska", true), "Kowalskiej");
        assert_eq!(genitive("Jan", false), "Jana");
        assert_eq!(genitive("Anna", true), "Anny");
    }
}
