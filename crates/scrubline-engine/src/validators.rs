//! Checksum validators for the identifiers the engine recognises. Each takes ASCII digits (or
//! the identifier's own alphabet) already stripped of separators and answers whether the
//! value is well formed. They never allocate.

fn digit(b: u8) -> u32 {
    (b - b'0') as u32
}

fn all_digits(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(u8::is_ascii_digit)
}

fn weighted(s: &[u8], weights: &[u32]) -> u32 {
    s.iter().zip(weights).map(|(&b, &w)| digit(b) * w).sum()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

fn valid_date(year: u32, month: u32, day: u32) -> bool {
    day >= 1 && day <= days_in_month(year, month)
}

/// Polish PESEL: 11 digits, weights 1,3,7,9,1,3,7,9,1,3, and a real birth date whose century
/// is encoded in the month (+80 for 1800s, +0 1900s, +20 2000s, +40 2100s, +60 2200s).
pub fn pesel(s: &[u8]) -> bool {
    if s.len() != 11 || !all_digits(s) {
        return false;
    }
    let sum = weighted(&s[..10], &[1, 3, 7, 9, 1, 3, 7, 9, 1, 3]);
    if (10 - sum % 10) % 10 != digit(s[10]) {
        return false;
    }
    let yy = digit(s[0]) * 10 + digit(s[1]);
    let mm = digit(s[2]) * 10 + digit(s[3]);
    let dd = digit(s[4]) * 10 + digit(s[5]);
    let (century, month) = match mm {
        81..=92 => (1800, mm - 80),
        1..=12 => (1900, mm),
        21..=32 => (2000, mm - 20),
        41..=52 => (2100, mm - 40),
        61..=72 => (2200, mm - 60),
        _ => return false,
    };
    valid_date(century + yy, month, dd)
}

/// Bulgarian EGN: 10 digits, weights 2,4,8,5,10,9,7,3,6 mod 11 (10 counts as 0), and a birth
/// date with month +20 for 1800s and +40 for 2000s.
pub fn egn(s: &[u8]) -> bool {
    if s.len() != 10 || !all_digits(s) {
        return false;
    }
    let check = weighted(&s[..9], &[2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11 % 10;
    if check != digit(s[9]) {
        return false;
    }
    let yy = digit(s[0]) * 10 + digit(s[1]);
    let mm = digit(s[2]) * 10 + digit(s[3]);
    let dd = digit(s[4]) * 10 + digit(s[5]);
    let (century, month) = match mm {
        1..=12 => (1900, mm),
        21..=32 => (1800, mm - 20),
        41..=52 => (2000, mm - 40),
        _ => return false,
    };
    valid_date(century + yy, month, dd)
}

/// Polish NIP (tax id): 10 digits, weights 6,5,7,2,3,4,5,6,7 mod 11; a remainder of 10 is
/// never issued.
pub fn nip(s: &[u8]) -> bool {
    if s.len() != 10 || !all_digits(s) || s[..3] == *b"000" {
        return false;
    }
    let check = weighted(&s[..9], &[6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11;
    check != 10 && check == digit(s[9])
}

/// Polish REGON (business register), 9 or 14 digits, mod 11 with 10 counting as 0.
pub fn regon(s: &[u8]) -> bool {
    if !all_digits(s) || s.iter().all(|&b| b == b'0') {
        return false;
    }
    let (weights, body): (&[u32], usize) = match s.len() {
        9 => (&[8, 9, 2, 3, 4, 5, 6, 7], 8),
        14 => (&[2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8], 13),
        _ => return false,
    };
    if s.len() == 14 && !regon(&s[..9]) {
        return false;
    }
    weighted(&s[..body], weights) % 11 % 10 == digit(s[body])
}

/// Bulgarian EIK/BULSTAT: 9 digits (a legal entity) or 13 (a branch). The ninth digit is the
/// sum with weights 1..8 mod 11, or with weights 3..10 when that gives 10 (and 0 if that
/// gives 10 again); the thirteenth checks digits 9–12 with weights 2,7,3,5 (or 4,9,5,7).
pub fn eik(s: &[u8]) -> bool {
    if !all_digits(s) || s.iter().all(|&b| b == b'0') {
        return false;
    }
    let check = |body: &[u8], first: &[u32], second: &[u32]| {
        let c = weighted(body, first) % 11;
        if c != 10 {
            return c;
        }
        let c = weighted(body, second) % 11;
        if c == 10 {
            0
        } else {
            c
        }
    };
    let nine = check(&s[..8], &[1, 2, 3, 4, 5, 6, 7, 8], &[3, 4, 5, 6, 7, 8, 9, 10]) == digit(s[8]);
    match s.len() {
        9 => nine,
        13 => nine && check(&s[8..12], &[2, 7, 3, 5], &[4, 9, 5, 7]) == digit(s[12]),
        _ => false,
    }
}

/// Payment card: 13 to 19 digits, Luhn, and an issuer prefix whose length rule fits (so
/// 13-digit epoch milliseconds and order numbers that happen to pass Luhn are left alone).
pub fn card(s: &[u8]) -> bool {
    let n = s.len();
    if !(13..=19).contains(&n) || !all_digits(s) {
        return false;
    }
    let p2 = digit(s[0]) * 10 + digit(s[1]);
    let p4 = p2 * 100 + digit(s[2]) * 10 + digit(s[3]);
    let issuer_ok = match s[0] {
        b'4' => n == 13 || n == 16 || n == 19,          // Visa
        b'5' => (51..=55).contains(&p2) && n == 16,     // Mastercard
        b'2' => (2221..=2720).contains(&p4) && n == 16, // Mastercard 2-series
        b'3' => (p2 == 34 || p2 == 37) && n == 15 || (p2 == 35 || p2 == 36 || p2 == 38 || p2 == 30) && n >= 14, // Amex, JCB, Diners
        b'6' => n >= 16, // Discover, Maestro, UnionPay
        _ => false,
    };
    issuer_ok && luhn(s)
}

/// Luhn mod-10 over ASCII digits.
pub fn luhn(s: &[u8]) -> bool {
    let mut sum = 0;
    for (i, &b) in s.iter().rev().enumerate() {
        let mut d = digit(b);
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// Expected IBAN length by country (ISO 13616 registry, the countries this product meets and
/// their neighbours); unknown countries are accepted at any length 15..=34 if mod-97 holds.
fn iban_len(cc: &[u8]) -> Option<usize> {
    Some(match cc {
        b"PL" => 28,
        b"BG" => 22,
        b"DE" => 22,
        b"GB" => 22,
        b"FR" => 27,
        b"IT" => 27,
        b"ES" => 24,
        b"NL" => 18,
        b"BE" => 16,
        b"AT" => 20,
        b"CZ" => 24,
        b"SK" => 24,
        b"LT" => 20,
        b"RO" => 24,
        b"GR" => 27,
        b"CH" => 21,
        b"HU" => 28,
        b"UA" => 29,
        _ => return None,
    })
}

/// IBAN: two letters, two check digits, up to 30 alphanumerics; mod 97 == 1 over the
/// rearranged number. `s` is upper-case with separators removed.
pub fn iban(s: &[u8]) -> bool {
    let n = s.len();
    if !(15..=34).contains(&n)
        || !s[0].is_ascii_uppercase()
        || !s[1].is_ascii_uppercase()
        || !s[2].is_ascii_digit()
        || !s[3].is_ascii_digit()
        || !s.iter().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        return false;
    }
    if let Some(len) = iban_len(&s[..2]) {
        if len != n {
            return false;
        }
    }
    let mut rem: u32 = 0;
    for &b in s[4..].iter().chain(&s[..4]) {
        if b.is_ascii_digit() {
            rem = (rem * 10 + digit(b)) % 97;
        } else {
            let v = (b - b'A') as u32 + 10;
            rem = (rem * 100 + v) % 97;
        }
    }
    rem == 1
}

/// Polish domestic account number (NRB, 26 digits): an IBAN without its `PL` prefix.
pub fn nrb(s: &[u8]) -> bool {
    if s.len() != 26 || !all_digits(s) {
        return false;
    }
    let mut buf = [0u8; 28];
    buf[..2].copy_from_slice(b"PL");
    buf[2..].copy_from_slice(s);
    iban(&buf)
}

/// Polish identity card number: three letters and six digits, the first digit being the
/// check digit: weights 7,3,1 for the letters (A=10 … Z=35) and 7,3,1,7,3 for the rest.
pub fn pl_id_card(s: &[u8]) -> bool {
    if s.len() != 9 || !s[..3].iter().all(u8::is_ascii_uppercase) || !all_digits(&s[3..]) {
        return false;
    }
    let letters: u32 = s[..3].iter().zip([7u32, 3, 1]).map(|(&b, w)| ((b - b'A') as u32 + 10) * w).sum();
    let digits = weighted(&s[4..], &[7, 3, 1, 7, 3]);
    (letters + digits) % 10 == digit(s[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    // Published examples: PESEL from the Polish government's format description and widely
    // cited test values; EGN from the Bulgarian GRAO description; NIP/REGON from GUS; IBANs
    // from the ECBS/SWIFT registry examples; cards from the networks' public test numbers.
    #[test]
    fn pesel_examples() {
        assert!(pesel(b"44051401359")); // the canonical example, born 1944-05-14
        assert!(pesel(b"02070803628")); // 1902-07-08
        assert!(pesel(b"02270803624")); // 2002-07-08, month +20
        assert!(!pesel(b"44051401358")); // bad check digit
        assert!(!pesel(b"44133101359")); // month 13 is not a month
        assert!(!pesel(b"4405140135")); // too short
        assert!(!pesel(b"12345678901")); // an order number
    }

    #[test]
    fn egn_examples() {
        assert!(egn(b"7523169263")); // GRAO example, born 1875-03-16 (month +20)
        assert!(egn(b"8032056031")); // 1880-12-05
        assert!(egn(b"8001010008")); // 1980-01-01
        assert!(egn(b"0041010002")); // 2000-01-01, month +40
        assert!(!egn(b"7523169264"));
        assert!(!egn(b"8013010008")); // month 13
    }

    #[test]
    fn nip_examples() {
        assert!(nip(b"1234563218"));
        assert!(nip(b"5260250274")); // Ministry of Finance
        assert!(!nip(b"1234563217"));
        assert!(!nip(b"0000000000"));
    }

    #[test]
    fn eik_examples() {
        // Synthetic values made with the published algorithm (weights 1..8, then 3..10).
        assert!(eik(b"123456786"));
        assert!(eik(b"831641791"));
        assert!(eik(b"175000008")); // first sum gives 10: second weights
        assert!(eik(b"1234567861237")); // a branch
        assert!(!eik(b"123456787"));
        assert!(!eik(b"1234567861238"));
        assert!(!eik(b"000000000"));
    }

    #[test]
    fn regon_examples() {
        assert!(regon(b"123456785"));
        assert!(regon(b"12345678512347"));
        assert!(!regon(b"123456784"));
        assert!(!regon(b"12345678512346"));
        assert!(!regon(b"000000000"));
    }

    #[test]
    fn iban_examples() {
        assert!(iban(b"PL61109010140000071219812874")); // registry example
        assert!(iban(b"BG80BNBG96611020345678")); // registry example
        assert!(iban(b"DE89370400440532013000"));
        assert!(iban(b"GB29NWBK60161331926819"));
        assert!(!iban(b"PL61109010140000071219812875"));
        assert!(!iban(b"PL6110901014000007121981287")); // wrong length for PL
        assert!(nrb(b"61109010140000071219812874"));
        assert!(!nrb(b"61109010140000071219812875"));
    }

    #[test]
    fn card_examples() {
        assert!(card(b"4111111111111111")); // Visa test number
        assert!(card(b"5555555555554444")); // Mastercard test number
        assert!(card(b"378282246310005")); // Amex test number
        assert!(card(b"6011111111111117")); // Discover test number
        assert!(card(b"2223003122003222")); // Mastercard 2-series test number
        assert!(!card(b"4111111111111112")); // Luhn fails
        assert!(!card(b"1700000000008")); // epoch-ms-like, no issuer
        assert!(luhn(b"79927398713"));
        assert!(!luhn(b"79927398710"));
    }

    #[test]
    fn id_card_examples() {
        assert!(pl_id_card(b"ABA300000")); // the published specimen
        assert!(pl_id_card(b"ABS123456"));
        assert!(!pl_id_card(b"ABA300001"));
        assert!(!pl_id_card(b"AB1300000"));
    }
}
