//! Digit-led tokens: the checksum-validated identifiers (PESEL, EGN, NIP, REGON, cards, Polish
//! account numbers), phone numbers, IPv4 addresses, postal codes with their city, and
//! coordinate pairs. Numbers glued to letters (MRNs, hashes, UUID parts) are identifiers of
//! something else and are skipped whole.

use super::words::{decode, skip_word};
use super::{is_word_byte, own_token_len, Scanner, Strength};
use crate::kind::Kind;
use crate::validators as v;

fn digits_end(t: &[u8], mut i: usize) -> usize {
    while i < t.len() && t[i].is_ascii_digit() {
        i += 1;
    }
    i
}

fn digit_at(t: &[u8], i: usize) -> bool {
    t.get(i).is_some_and(u8::is_ascii_digit)
}

const MAX_GROUPS: usize = 12;

/// Words between a cue and its number: `PESEL nr 44051401359`, `NIP firmy: 5261040828`.
const CUE_FILLERS: &[&str] = &[
    "nr",
    "no",
    "numer",
    "number",
    "num",
    "n",
    "номер",
    "код",
    "is",
    "jest",
    "e",
    "firmy",
    "klienta",
    "osoby",
    "pracownika",
    "the",
    "of",
    "na",
    "za",
    "на",
    "лицето",
    "dla",
];

/// A PESEL whose birth date falls in 1900–2029: what living people hold. Other centuries
/// pass the checksum by chance far more often than anyone writes them.
fn plausible_birth(d: &[u8]) -> bool {
    let mm = (d[2] - b'0') * 10 + (d[3] - b'0');
    let yy = (d[0] - b'0') * 10 + (d[1] - b'0');
    (1..=12).contains(&mm) || ((21..=32).contains(&mm) && yy <= 29)
}

/// `2024-03-01` or `2024.03.01`: a date, skipped whole.
fn date_end(t: &[u8], start: usize, r: usize) -> Option<usize> {
    let sep = *t.get(r)?;
    let two = |i: usize| digit_at(t, i) && digit_at(t, i + 1);
    let longer = |i: usize| t.get(i).is_some_and(|b| b.is_ascii_digit() || (*b == sep && digit_at(t, i + 1)));
    let ok = r - start == 4 && (sep == b'-' || sep == b'.') && two(r + 1) && t.get(r + 3) == Some(&sep) && two(r + 4);
    (ok && !longer(r + 6)).then_some(r + 6)
}

/// A Polish mobile or landline number written without spaces (nine digits, not starting
/// with 0) or a Bulgarian one (ten digits from 08 or 09, nine from 02–07).
fn phone_shaped(d: &[u8]) -> bool {
    match d.len() {
        9 => matches!(d[0], b'4'..=b'8') || (d[0] == b'0' && matches!(d[1], b'2'..=b'7')),
        10 => d[0] == b'0' && matches!(d[1], b'8' | b'9'),
        _ => false,
    }
}

/// Nothing but quoting (`> `) and spaces around `start..end` on its line.
fn alone_on_line(t: &[u8], start: usize, end: usize) -> bool {
    let before = t[..start].iter().rev().take_while(|&&b| b != b'\n').all(|&b| matches!(b, b' ' | b'\t' | b'>'));
    let after = t[end..].iter().take_while(|&&b| b != b'\n').all(|&b| matches!(b, b' ' | b'\t' | b'\r'));
    before && after
}

/// `N 52.06167`: a latitude's hemisphere letter, standing alone, right before it.
fn hemisphere_before(t: &[u8], start: usize) -> bool {
    start >= 2
        && matches!(t[start - 2], b'N' | b'S')
        && t[start - 1] == b' '
        && (start == 2 || !is_word_byte(t[start - 3]))
}

/// `10:30`, `10:30:00`, `10:30:00.123`, `10:30:00,123`: a time of day, skipped whole. An
/// IPv6 address never has a one- or two-digit first group followed by exactly two digits
/// and then a non-hex character.
fn time_end(t: &[u8], start: usize, r: usize) -> Option<usize> {
    if r - start > 2 || t.get(r) != Some(&b':') || !digit_at(t, r + 1) || !digit_at(t, r + 2) {
        return None;
    }
    let mut e = r + 3;
    if t.get(e).is_some_and(|b| b.is_ascii_hexdigit() || *b == b':' && !digit_at(t, e + 1)) {
        return None;
    }
    while e < t.len() && (t[e] == b':' || t[e] == b'.' || t[e] == b',') && digit_at(t, e + 1) {
        e = digits_end(t, e + 1);
    }
    Some(e)
}

impl Scanner<'_> {
    pub(super) fn number(&mut self, start: usize) -> usize {
        let t = self.t;
        if start > 0 {
            let p = t[start - 1];
            if is_word_byte(p) || (p == b'.' && start >= 2 && t[start - 2].is_ascii_digit()) {
                return skip_word(t, start);
            }
            // `blk_-4417203958812263301`: a long signed number glued to an identifier.
            if p == b'-' && start >= 2 && t[start - 2] == b'_' && digits_end(t, start) - start >= 9 {
                return skip_word(t, start);
            }
        }
        let r = digits_end(t, start);
        if let Some(e) = self.area_code_phone(start, r) {
            return e;
        }
        match t.get(r) {
            Some(&b':') if r - start <= 4 => {
                if let Some(e) = time_end(t, start, r).or_else(|| self.ipv6_at(start)) {
                    return e;
                }
            }
            Some(&c) if is_word_byte(c) => {
                if t[start..skip_word(t, r)].iter().all(u8::is_ascii_hexdigit) {
                    let w = skip_word(t, r);
                    if t.get(w) == Some(&b':') {
                        if let Some(e) = self.ipv6_at(start) {
                            return e;
                        }
                    }
                }
                return skip_word(t, r);
            }
            Some(&b'.') if digit_at(t, r + 1) => return date_end(t, start, r).unwrap_or_else(|| self.dotted(start)),
            Some(&b'-') if digit_at(t, r + 1) => {
                return date_end(t, start, r).unwrap_or_else(|| self.grouped(start, r, b'-'))
            }
            Some(&b' ') if digit_at(t, r + 1) => return self.grouped(start, r, b' '),
            _ => {}
        }
        self.single(start, r);
        r
    }

    /// A bare run of digits. A checksum alone is no evidence (a random 10-digit number passes
    /// the NIP or EGN check one time in ten: epoch seconds, counters, ids): an identifier
    /// needs its cue word right before it. A PESEL needs either a cue or a birth date in the
    /// last hundred-odd years; a card its issuer and length; a phone its cue or its form.
    fn single(&mut self, start: usize, end: usize) {
        let d = &self.t[start..end];
        let (kind, strength) = match d.len() {
            11 if v::pesel(d) && (plausible_birth(d) || self.cued(start, Kind::Pesel)) => {
                (Kind::Pesel, Strength::Validated)
            }
            10 if v::nip(d) && self.cued(start, Kind::Nip) => (Kind::Nip, Strength::Validated),
            10 if v::egn(d) && self.cued(start, Kind::Egn) => (Kind::Egn, Strength::Validated),
            9 | 13 if v::eik(d) && self.cued(start, Kind::Eik) => (Kind::Eik, Strength::Validated),
            9 | 14 if v::regon(d) && self.cued(start, Kind::Regon) => (Kind::Regon, Strength::Validated),
            13 if d.starts_with(b"0048") => (Kind::Phone, Strength::Context),
            13 | 14 if d.starts_with(b"00359") => (Kind::Phone, Strength::Context),
            13..=19 if v::card(d) => (Kind::Card, Strength::Validated),
            26 if v::nrb(d) => (Kind::Iban, Strength::Validated),
            // `tel. 601234567`, `Tel.: 0888123456`, `тел 0888123456`.
            9 if matches!(d[0], b'4'..=b'8') && self.cued(start, Kind::Phone) => (Kind::Phone, Strength::Context),
            10 if d[0] == b'0' && matches!(d[1], b'8' | b'9') && self.cued(start, Kind::Phone) => {
                (Kind::Phone, Strength::Context)
            }
            11 if d.starts_with(b"48") && self.cued(start, Kind::Phone) => (Kind::Phone, Strength::Context),
            12 if d.starts_with(b"359") && self.cued(start, Kind::Phone) => (Kind::Phone, Strength::Context),
            // `Kind regards,\nJan Kowalski\n601234567`: a phone-shaped number alone on a line
            // of the signature.
            9 | 10 if phone_shaped(d) && self.in_signature(start) && alone_on_line(self.t, start, end) => {
                (Kind::Phone, Strength::Context)
            }
            _ => return,
        };
        self.push(start, end, kind, strength);
    }

    /// `(71) 863-99-55`, `(02) 981 2345`, `02/2583136`: an area code in parentheses or before
    /// a slash, then the local number. The parenthesised form is a phone by its shape (nine
    /// digits, or a Bulgarian 0-code with nine or ten); the slash form, being also a date or a
    /// fraction's, needs its cue. Returns the end of the number when it is one.
    fn area_code_phone(&mut self, start: usize, r: usize) -> Option<usize> {
        let t = self.t;
        let area = r - start;
        if !(2..=4).contains(&area) {
            return None;
        }
        let paren = start > 0 && t[start - 1] == b'(' && t.get(r) == Some(&b')') && t.get(r + 1) == Some(&b' ');
        let slash = t[start] == b'0' && t.get(r) == Some(&b'/');
        if !(paren || slash) {
            return None;
        }
        let mut e = r + if paren { 2 } else { 1 };
        let mut digits = area;
        let mut sep = None;
        loop {
            let ge = digits_end(t, e);
            if ge == e {
                return None;
            }
            digits += ge - e;
            e = ge;
            match t.get(e) {
                Some(&c @ (b'-' | b' ')) if digit_at(t, e + 1) && sep.is_none_or(|s| s == c) && paren => {
                    sep = Some(c);
                    e += 1;
                }
                _ => break,
            }
        }
        if t.get(e).is_some_and(|&b| is_word_byte(b) || b == b'/') || (t.get(e) == Some(&b'.') && digit_at(t, e + 1)) {
            return None;
        }
        let bg = t[start] == b'0' && (9..=10).contains(&digits);
        let shaped = if paren { digits == 9 && t[start] != b'0' || bg } else { bg };
        if !shaped || (slash && !self.cued(start, Kind::Phone)) {
            return None;
        }
        let s = if paren { start - 1 } else { start };
        self.push(s, e, Kind::Phone, Strength::Context);
        Some(e)
    }

    /// Is the number at `start` announced as `kind` by the nearest word before it on its line,
    /// or by the nearest one past filler (`nr`, `numer`, `no`, `№`, `:`)?
    pub(super) fn cued(&mut self, start: usize, kind: Kind) -> bool {
        let t = self.t;
        let mut j = start;
        for _ in 0..3 {
            while j > 0
                && start - j < 48
                && matches!(
                    t[j - 1],
                    b' ' | b'\t' | b':' | b'=' | b'#' | b'.' | b',' | b'-' | b'(' | b'"' | b'\'' | b'/' | b'>'
                )
            {
                j -= 1;
            }
            // `№` is three bytes in UTF-8.
            if j >= 3 && &t[j - 3..j] == "№".as_bytes() {
                j -= 3;
                continue;
            }
            let end = j;
            while j > 0 && (is_word_byte(t[j - 1]) || t[j - 1] >= 0x80) {
                j -= 1;
            }
            if j == end {
                // Nothing before the number in a field's value: the field's name is the cue.
                return j == 0 && self.field_cues & (1 << kind.index()) != 0;
            }
            let Ok(word) = std::str::from_utf8(&t[j..end]) else { return false };
            self.lower.clear();
            super::push_lowercase(word, self.lower);
            if let Some(kinds) = self.c.id_cues.get(self.lower.as_str()) {
                if kinds.contains(&kind) {
                    return true;
                }
            }
            if !CUE_FILLERS.contains(&self.lower.as_str()) {
                return false;
            }
        }
        false
    }

    /// Digit groups separated by single spaces or dashes: dashed NIP, spaced card and account
    /// numbers, phone numbers, postal codes.
    fn grouped(&mut self, start: usize, first_end: usize, sep: u8) -> usize {
        let t = self.t;
        let mut groups = [(0usize, 0usize); MAX_GROUPS];
        groups[0] = (start, first_end);
        let mut count = 1;
        let mut e = first_end;
        while count < MAX_GROUPS && t.get(e) == Some(&sep) && digit_at(t, e + 1) {
            let ge = digits_end(t, e + 1);
            groups[count] = (e + 1, ge);
            count += 1;
            e = ge;
        }
        // A last group glued to letters ("took 5 10ms") belongs to that word.
        if count > 1 && t.get(groups[count - 1].1).is_some_and(|&b| is_word_byte(b)) {
            count -= 1;
        }
        // `adsl-70-242-75-179.dsl.example.net`, `ec2-52-80-34-196.compute…`: an address
        // written into a host name.
        if sep == b'-' && count >= 4 {
            if let Some(end) = self.dashed_ip(&groups[..4]) {
                return end;
            }
        }
        // A run of more groups than any card or phone has, or one that continues a list of
        // numbers before it, is a list (`Fan speeds ( 3414 3901 3614 3881 3747 )`,
        // `channels 1 6 11 36 40 44 48 149 153 157`), not a card or a phone.
        let after_number = start >= 2 && t[start - 1] == sep && t[start - 2].is_ascii_digit();
        let digits: usize = groups[..count].iter().map(|&(s, e)| e - s).sum();
        let list = sep == b' '
            && digits != 26 // a Polish account number (NRB) is written in groups of four too
            && (after_number || (count >= 5 && groups[..count].iter().all(|&(s, e)| e - s <= 4)));
        for k in (2..=count).rev() {
            if list {
                break;
            }
            if let Some((kind, strength, end)) = self.classify(&groups[..k], sep) {
                let start = if kind == Kind::Address { super::words::address_head(t, start) } else { start };
                self.push(start, end, kind, strength);
                return end;
            }
        }
        self.single(start, first_end);
        // Dates and other runs of short groups ("2024-01-15") hold nothing further on: only a
        // group of three or more digits can start a phone, card or id, so resume there.
        // A group that a dot or colon continues (`443 80.206.160.154`, `12 10:30`) starts a
        // new token of its own: resume there.
        let continued = |e: usize| matches!(t.get(e), Some(b'.' | b':')) && digit_at(t, e + 1);
        match groups[1..count].iter().find(|&&(s, e)| e - s > 2 || continued(e)) {
            Some(&(s, _)) => s,
            None => groups[count - 1].1,
        }
    }

    fn classify(&mut self, groups: &[(usize, usize)], sep: u8) -> Option<(Kind, Strength, usize)> {
        let t = self.t;
        let mut buf = [0u8; 40];
        let mut lens = [0usize; MAX_GROUPS];
        let mut total = 0;
        for (i, &(s, e)) in groups.iter().enumerate() {
            if total + (e - s) > buf.len() {
                return None;
            }
            buf[total..total + e - s].copy_from_slice(&t[s..e]);
            total += e - s;
            lens[i] = e - s;
        }
        let d = &buf[..total];
        let lens = &lens[..groups.len()];
        let end = groups[groups.len() - 1].1;
        let validated = |k| Some((k, Strength::Validated, end));
        // "123 456 789,00" is an amount with thousands separators, not a phone number.
        let decimal_after = matches!(t.get(end), Some(b',' | b'.')) && digit_at(t, end + 1);
        if sep == b'-' && (lens == [3, 3, 2, 2] || lens == [3, 2, 2, 3]) && v::nip(d) {
            return validated(Kind::Nip);
        }
        if sep == b'-' && lens == [2, 3] {
            return self.postal_city(groups[0].0, end).map(|e| (Kind::Address, Strength::Context, e));
        }
        let card_groups = lens[..lens.len() - 1].iter().all(|&l| l == 4) || lens == [4, 6, 5] || lens == [4, 6, 4];
        if (13..=19).contains(&total) && card_groups && v::card(d) {
            return validated(Kind::Card);
        }
        if total == 26 && v::nrb(d) {
            return validated(Kind::Iban);
        }
        if decimal_after {
            return None;
        }
        let intl = (d.starts_with(b"0048") && total == 13) || (d.starts_with(b"00359") && (13..=14).contains(&total));
        let pl = d[0] != b'0' && total == 9 && matches!(lens, [3, 3, 3] | [2, 3, 2, 2] | [3, 2, 2, 2] | [2, 3, 4]);
        let bg = d[0] == b'0' && d.get(1) != Some(&b'0') && (total == 9 || total == 10) && lens[0] <= 4;
        if intl {
            return Some((Kind::Phone, Strength::Context, end));
        }
        if pl || bg {
            return Some((Kind::Phone, Strength::Heuristic, end));
        }
        None
    }

    fn dashed_ip(&mut self, groups: &[(usize, usize)]) -> Option<usize> {
        let t = self.t;
        let (start, end) = (groups[0].0, groups[3].1);
        let mut o = [0u8; 4];
        for (k, &(s, e)) in groups.iter().enumerate() {
            if e - s > 3 {
                return None;
            }
            let v = t[s..e].iter().fold(0u32, |v, &b| v * 10 + (b - b'0') as u32);
            o[k] = u8::try_from(v).ok()?;
        }
        let host_after = matches!(t.get(end), Some(b'.' | b'-')) && t.get(end + 1).is_some_and(u8::is_ascii_alphabetic);
        let host_before = start > 1 && t[start - 1] == b'-' && t[start - 2].is_ascii_alphanumeric();
        if !(host_after || host_before) {
            return None;
        }
        // A host name is one host: `cust-84-205-65-0` is a customer's address in a larger
        // pool, not the network address of a /24.
        let host = [o[0], o[1], o[2], 1];
        if super::ip::personal_v4(std::net::Ipv4Addr::from(host), self.c.ip_private_personal) {
            self.push(start, end, Kind::Ip, Strength::Context);
        }
        Some(end)
    }

    /// "00-950 Warszawa": a Polish postal code followed by its city (one to three
    /// capitalised words). Returns the end of the city.
    fn postal_city(&mut self, start: usize, code_end: usize) -> Option<usize> {
        let t = self.t;
        let _ = start;
        let mut e = code_end;
        let mut words = 0;
        while words < 3 && t.get(e) == Some(&b' ') || (words > 0 && words < 3 && t.get(e) == Some(&b'-')) {
            let ws = e + 1;
            if !decode(t, ws).is_some_and(|(c, _)| c.is_uppercase()) {
                break;
            }
            let mut we = ws;
            while we < t.len() {
                match decode(t, we) {
                    Some((c, len)) if c.is_alphabetic() => we += len,
                    _ => break,
                }
            }
            e = we;
            words += 1;
        }
        (words > 0).then_some(e)
    }

    /// Dotted digit groups: an IPv4 address unless the text calls it a version; a coordinate
    /// pair when two decimals with at least four places follow each other.
    fn dotted(&mut self, start: usize) -> usize {
        let t = self.t;
        let mut groups = [(0usize, 0usize); 8];
        let mut count = 0;
        let mut e = start;
        loop {
            let ge = digits_end(t, e);
            if count < groups.len() {
                groups[count] = (e, ge);
            }
            count += 1;
            e = ge;
            if !(t.get(e) == Some(&b'.') && digit_at(t, e + 1)) {
                break;
            }
            e += 1;
        }
        if t.get(e).is_some_and(|&b| is_word_byte(b)) {
            return skip_word(t, e);
        }
        if count == 4 {
            let octets_ok = groups[..4]
                .iter()
                .all(|&(s, ge)| ge - s <= 3 && t[s..ge].iter().fold(0u32, |v, &b| v * 10 + (b - b'0') as u32) <= 255);
            if octets_ok && !self.version_field && !self.version_before(start) {
                let octet = |k: usize| {
                    let (s, ge) = groups[k];
                    t[s..ge].iter().fold(0u8, |v, &b| v.wrapping_mul(10).wrapping_add(b - b'0'))
                };
                let ip = std::net::Ipv4Addr::new(octet(0), octet(1), octet(2), octet(3));
                if super::ip::personal_v4(ip, self.c.ip_private_personal) {
                    self.push(start, e, Kind::Ip, Strength::Validated);
                }
            }
            return e;
        }
        if count == 2 && groups[1].1 - groups[1].0 >= 4 {
            if let Some(pair_end) = self.coordinate_pair(start, e) {
                let s = if start > 0 && t[start - 1] == b'-' {
                    start - 1
                } else if hemisphere_before(t, start) {
                    start - 2
                } else {
                    start
                };
                self.push(s, pair_end, Kind::Geo, Strength::Heuristic);
                return pair_end;
            }
        }
        e
    }

    fn coordinate_pair(&self, start: usize, first_end: usize) -> Option<usize> {
        let t = self.t;
        let parse = |s: usize, e: usize| std::str::from_utf8(&t[s..e]).ok()?.parse::<f64>().ok();
        let lat = parse(start, first_end)?;
        let mut j = first_end;
        if matches!(t.get(j), Some(b',' | b';')) {
            j += 1;
        }
        while j < t.len() && t[j] == b' ' && j - first_end < 3 {
            j += 1;
        }
        if j == first_end {
            return None;
        }
        // `N 52.06167 E 18.15556`: hemisphere letters before each half.
        if hemisphere_before(t, start) && matches!(t.get(j), Some(b'E' | b'W')) && t.get(j + 1) == Some(&b' ') {
            j += 2;
        }
        let ls = j;
        if t.get(j) == Some(&b'-') {
            j += 1;
        }
        let ie = digits_end(t, j);
        if ie == j || t.get(ie) != Some(&b'.') {
            return None;
        }
        let fe = digits_end(t, ie + 1);
        if fe - ie - 1 < 4
            || t.get(fe).is_some_and(|&b| is_word_byte(b))
            || (t.get(fe) == Some(&b'.') && digit_at(t, fe + 1))
        {
            return None;
        }
        let lon = parse(ls, fe)?;
        (lat.abs() <= 90.0 && lon.abs() <= 180.0).then_some(fe)
    }

    /// `+48 600 123 456`, `+359 88 123 4567`, `+1 (555) 123-4567`.
    pub(super) fn plus(&mut self, i: usize) -> usize {
        let t = self.t;
        if !digit_at(t, i + 1) || (i > 0 && is_word_byte(t[i - 1])) {
            return i + 1;
        }
        let mut j = i + 1;
        let mut digits = 0;
        let mut last_digit_end = j;
        while j < t.len() && digits < 16 {
            if t[j].is_ascii_digit() {
                digits += 1;
                j += 1;
                last_digit_end = j;
            } else if b" -().".contains(&t[j])
                && j + 1 < t.len()
                && (t[j + 1].is_ascii_digit()
                    || (t[j] != b'(' && t[j + 1] == b'(')
                    || (t[j] == b')' && t[j + 1] == b' '))
            {
                j += 1;
            } else {
                break;
            }
        }
        if !(8..=15).contains(&digits) || t.get(last_digit_end).is_some_and(|&b| is_word_byte(b)) {
            return last_digit_end;
        }
        let cc = &t[i + 1..];
        let strength =
            if cc.starts_with(b"48") || cc.starts_with(b"359") { Strength::Context } else { Strength::Heuristic };
        self.push(i, last_digit_end, Kind::Phone, strength);
        last_digit_end
    }

    pub(super) fn colon(&mut self, i: usize) -> usize {
        if self.t.get(i + 1) == Some(&b':') && (i == 0 || !is_word_byte(self.t[i - 1])) {
            if let Some(e) = self.ipv6_at(i) {
                return e;
            }
        }
        i + 1
    }

    /// `-----BEGIN … PRIVATE KEY-----` up to its END line; an unterminated block runs to the
    /// end of the text (fail closed).
    pub(super) fn dash(&mut self, i: usize) -> usize {
        let t = self.t;
        if t.get(i + 1) == Some(&b' ') {
            return self.access_log_user(i).unwrap_or(i + 1);
        }
        if !t[i..].starts_with(b"-----BEGIN ") {
            return i + 1;
        }
        let header_end = super::line_end(t, i);
        let header = &t[i..header_end];
        if memchr::memmem::find(header, b"PRIVATE KEY").is_none()
            && memchr::memmem::find(header, b"ENCRYPTED").is_none()
        {
            return header_end;
        }
        let end = match memchr::memmem::find(&t[header_end..], b"-----END ") {
            Some(p) => {
                let s = header_end + p + 9;
                match memchr::memmem::find(&t[s..], b"-----") {
                    Some(q) => s + q + 5,
                    None => t.len(),
                }
            }
            None => t.len(),
        };
        self.push(i, end, Kind::Secret, Strength::Validated);
        end
    }

    /// Apache and nginx access logs: `host - user [11/Mar/2025:…]`, the client address (or a
    /// token it became) then the ident `-` then the authenticated user.
    fn access_log_user(&mut self, i: usize) -> Option<usize> {
        let t = self.t;
        if i < 2 || t[i - 1] != b' ' || !(t[i - 2].is_ascii_digit() || t[i - 2] == b']' || t[i - 2].is_ascii_hexdigit())
        {
            return None;
        }
        let vs = i + 2;
        let ve = vs + t[vs..(vs + 64).min(t.len())].iter().position(|&b| b == b' ')?;
        if !(t[ve..].starts_with(b" [") && t.get(ve + 2).is_some_and(u8::is_ascii_digit)) || &t[vs..ve] == b"-" {
            return None;
        }
        if self.looks_like_login(vs, ve) {
            self.push(vs, ve, Kind::Login, Strength::Context);
        }
        Some(ve)
    }

    pub(super) fn bracket(&mut self, i: usize) -> usize {
        let t = self.t;
        if let Some(len) = own_token_len(t, i) {
            return i + len;
        }
        if t.get(i + 1).is_some_and(|&b| b.is_ascii_hexdigit() || b == b':') {
            if let Some(e) = self.ipv6_at(i + 1) {
                return e;
            }
        }
        i + 1
    }
}
