//! Synthetic personal values with valid checksums, and look-alikes that fail them. Every
//! value here is made up from a seeded generator; none belongs to a real person.

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use scrubline_engine::validators as v;

pub type Rng8 = ChaCha8Rng;

fn digits(rng: &mut Rng8, n: usize) -> Vec<u8> {
    (0..n).map(|_| b'0' + rng.gen_range(0..10)).collect()
}

fn s(b: Vec<u8>) -> String {
    String::from_utf8(b).expect("ascii")
}

fn date(rng: &mut Rng8) -> (u32, u32, u32) {
    (rng.gen_range(1930..2015), rng.gen_range(1..13), rng.gen_range(1..29))
}

pub fn pesel(rng: &mut Rng8) -> String {
    let (y, m, d) = date(rng);
    let mm = if y >= 2000 { m + 20 } else { m };
    let mut b = format!("{:02}{:02}{:02}", y % 100, mm, d).into_bytes();
    b.extend(digits(rng, 4));
    let w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    let sum: u32 = b.iter().zip(w).map(|(&c, w)| (c - b'0') as u32 * w).sum();
    b.push(b'0' + ((10 - sum % 10) % 10) as u8);
    debug_assert!(v::pesel(&b));
    s(b)
}

pub fn egn(rng: &mut Rng8) -> String {
    loop {
        let (y, m, d) = date(rng);
        let mm = if y >= 2000 { m + 40 } else { m };
        let mut b = format!("{:02}{:02}{:02}", y % 100, mm, d).into_bytes();
        b.extend(digits(rng, 3));
        let w = [2, 4, 8, 5, 10, 9, 7, 3, 6];
        let sum: u32 = b.iter().zip(w).map(|(&c, w)| (c - b'0') as u32 * w).sum();
        b.push(b'0' + (sum % 11 % 10) as u8);
        if v::egn(&b) && !v::nip(&b) {
            return s(b);
        }
    }
}

fn with_check(rng: &mut Rng8, len: usize, ok: fn(&[u8]) -> bool) -> Vec<u8> {
    loop {
        let mut b = digits(rng, len - 1);
        if b[0] == b'0' {
            b[0] = b'1';
        }
        for c in b'0'..=b'9' {
            b.push(c);
            if ok(&b) {
                return b;
            }
            b.pop();
        }
    }
}

pub fn nip(rng: &mut Rng8) -> String {
    let b = with_check(rng, 10, v::nip);
    match rng.gen_range(0..3) {
        0 => s(b),
        1 => format!("{}-{}-{}-{}", s(b[..3].to_vec()), s(b[3..6].to_vec()), s(b[6..8].to_vec()), s(b[8..].to_vec())),
        _ => format!("{}-{}-{}-{}", s(b[..3].to_vec()), s(b[3..5].to_vec()), s(b[5..7].to_vec()), s(b[7..].to_vec())),
    }
}

pub fn regon(rng: &mut Rng8) -> String {
    let nine = with_check(rng, 9, v::regon);
    if rng.gen_bool(0.7) {
        return s(nine);
    }
    loop {
        let mut b = nine.clone();
        b.extend(digits(rng, 4));
        for c in b'0'..=b'9' {
            b.push(c);
            if v::regon(&b) {
                return s(b);
            }
            b.pop();
        }
    }
}

fn iban_check(cc: &str, bban: &str) -> String {
    let mut rem: u32 = 0;
    for ch in bban.chars().chain(cc.chars()).chain("00".chars()) {
        if let Some(d) = ch.to_digit(10) {
            rem = (rem * 10 + d) % 97;
        } else {
            rem = (rem * 100 + (ch as u32 - 'A' as u32 + 10)) % 97;
        }
    }
    format!("{cc}{:02}{bban}", 98 - rem)
}

fn grouped4(x: &str) -> String {
    x.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).expect("ascii")).collect::<Vec<_>>().join(" ")
}

pub fn iban(rng: &mut Rng8) -> String {
    let plain = match rng.gen_range(0..3) {
        0 | 1 => iban_check("PL", &s(digits(rng, 24))),
        _ => {
            let bank: String = (0..4).map(|_| (b'A' + rng.gen_range(0..26)) as char).collect();
            iban_check("BG", &format!("{bank}{}", s(digits(rng, 14))))
        }
    };
    debug_assert!(v::iban(plain.as_bytes()), "{plain}");
    match rng.gen_range(0..3) {
        0 => plain,
        1 => grouped4(&plain),
        // Polish domestic form (NRB): the IBAN without "PL", in 2+4x6 groups.
        _ if plain.starts_with("PL") => format!("{} {}", &plain[2..4], grouped4(&plain[4..])),
        _ => grouped4(&plain),
    }
}

pub fn card(rng: &mut Rng8) -> String {
    let prefix: &[u8] = [&b"4"[..], b"51", b"55", b"2221"].choose(rng).expect("non-empty");
    let mut b = prefix.to_vec();
    b.extend(digits(rng, 15 - prefix.len()));
    for c in b'0'..=b'9' {
        b.push(c);
        if v::card(&b) {
            break;
        }
        b.pop();
    }
    let plain = s(b);
    match rng.gen_range(0..3) {
        0 => plain,
        1 => grouped4(&plain),
        _ => grouped4(&plain).replace(' ', "-"),
    }
}

pub fn id_card(rng: &mut Rng8) -> String {
    loop {
        let mut b: Vec<u8> = (0..3).map(|_| b'A' + rng.gen_range(0..26)).collect();
        b.push(b'0');
        b.extend(digits(rng, 5));
        for c in b'0'..=b'9' {
            b[3] = c;
            if v::pl_id_card(&b) {
                return s(b);
            }
        }
    }
}

/// A public host address (personal): not private, loopback, shared, documentation or
/// multicast space, and not the network or broadcast address of its /24.
pub fn ipv4(rng: &mut Rng8) -> String {
    loop {
        let o = [rng.gen_range(1..224u32), rng.gen_range(0..256), rng.gen_range(0..256), rng.gen_range(1..255)];
        let reserved = o[0] == 10
            || o[0] == 127
            || (o[0] == 172 && (16..32).contains(&o[1]))
            || (o[0] == 192 && o[1] == 168)
            || (o[0] == 169 && o[1] == 254)
            || (o[0] == 100 && (64..128).contains(&o[1]))
            || (o[0] == 192 && o[1] == 0 && o[2] == 2)
            || (o[0] == 198 && (o[1] == 18 || o[1] == 19 || (o[1] == 51 && o[2] == 100)))
            || (o[0] == 203 && o[1] == 0 && o[2] == 113);
        if !reserved {
            return format!("{}.{}.{}.{}", o[0], o[1], o[2], o[3]);
        }
    }
}

/// A global unicast IPv6 address (personal) in one of its written forms.
pub fn ipv6(rng: &mut Rng8) -> String {
    let g = |rng: &mut Rng8| format!("{:x}", rng.gen_range(1..0xffffu32));
    let prefix = |rng: &mut Rng8| format!("2a0{:x}:{:x}", rng.gen_range(0..16u32), rng.gen_range(0x100..0xffffu32));
    match rng.gen_range(0..5) {
        0 => format!("{}:{}:{}::{}", prefix(rng), g(rng), g(rng), g(rng)),
        1 => format!("[{}:{}::{}]:{}", prefix(rng), g(rng), g(rng), rng.gen_range(1024..65535)),
        2 => format!("{}::{}:{}%eth{}", prefix(rng), g(rng), g(rng), rng.gen_range(0..3)),
        3 => format!("::ffff:{}", ipv4(rng)),
        _ => {
            format!("2{:03x}:", rng.gen_range(0x100..0xfffu32))
                + &(0..7).map(|_| format!("{:04x}", rng.gen_range(1..0xffffu32))).collect::<Vec<_>>().join(":")
        }
    }
}

pub fn phone(rng: &mut Rng8) -> String {
    let d = |rng: &mut Rng8, n| s(digits(rng, n));
    let first = rng.gen_range(5..9);
    match rng.gen_range(0..7) {
        0 => format!("+48 {first}{} {} {}", d(rng, 2), d(rng, 3), d(rng, 3)),
        1 => format!("+48{first}{}", d(rng, 8)),
        2 => format!("0048 {first}{} {} {}", d(rng, 2), d(rng, 3), d(rng, 3)),
        3 => format!("{first}{}-{}-{}", d(rng, 2), d(rng, 3), d(rng, 3)),
        4 => format!("+359 88 {} {}", d(rng, 3), d(rng, 4)),
        5 => format!("08{} {} {}", rng.gen_range(7..10), d(rng, 3), d(rng, 3)),
        _ => format!("+44 20 {} {}", d(rng, 4), d(rng, 4)),
    }
}

pub fn geo(rng: &mut Rng8) -> String {
    format!("{:.6}, {:.6}", rng.gen_range(41.0..55.0), rng.gen_range(14.0..29.0))
}

pub fn agent_number(rng: &mut Rng8) -> String {
    format!("{}/{}", rng.gen_range(100..9999), rng.gen_range(2005..2025))
}

pub fn secret(rng: &mut Rng8) -> String {
    const ALPHA: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%*";
    let len = rng.gen_range(10..24);
    let mut b: Vec<u8> = (0..len).map(|_| *ALPHA.choose(rng).expect("non-empty")).collect();
    b[0] = b'K';
    b[1] = b'7';
    s(b)
}

pub fn jwt(rng: &mut Rng8) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let part = |rng: &mut Rng8, n| -> String { (0..n).map(|_| *B64.choose(rng).expect("non-empty") as char).collect() };
    format!("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ{}.{}", part(rng, 40), part(rng, 43))
}

pub fn pem(rng: &mut Rng8) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let lines: Vec<String> =
        (0..4).map(|_| (0..64).map(|_| *B64.choose(rng).expect("non-empty") as char).collect()).collect();
    format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----", lines.join("\n"))
}

// ---- Look-alikes that must survive: they fail every checksum the engine knows. ----

fn fails_all(b: &[u8]) -> bool {
    !(v::pesel(b) || v::egn(b) || v::nip(b) || v::regon(b) || v::card(b) || v::nrb(b))
}

/// A number of `len` digits that is no identifier (an order number, a counter).
pub fn bad_number(rng: &mut Rng8, len: usize) -> String {
    loop {
        let mut b = digits(rng, len);
        b[0] = b'1' + rng.gen_range(0..9);
        if fails_all(&b) {
            return s(b);
        }
    }
}

pub fn mrn(rng: &mut Rng8) -> String {
    let letter = (b'A' + rng.gen_range(0..26)) as char;
    format!("{}PL{}{}{}", rng.gen_range(20..26), s(digits(rng, 6)), letter, s(digits(rng, 7)))
}

pub fn uuid(rng: &mut Rng8) -> String {
    let h = |rng: &mut Rng8, n| -> String { (0..n).map(|_| format!("{:x}", rng.gen_range(0..16))).collect() };
    format!("{}-{}-4{}-a{}-{}", h(rng, 8), h(rng, 4), h(rng, 3), h(rng, 3), h(rng, 12))
}

pub fn version(rng: &mut Rng8) -> String {
    format!("{}.{}.{}.{}", rng.gen_range(1..30), rng.gen_range(0..20), rng.gen_range(0..100), rng.gen_range(0..5000))
}

pub fn amount(rng: &mut Rng8) -> String {
    let whole = rng.gen_range(1..999_999u32);
    let cents = rng.gen_range(0..100);
    if whole >= 1000 && rng.gen_bool(0.5) {
        format!("{} {:03},{cents:02}", whole / 1000, whole % 1000)
    } else {
        format!("{whole}.{cents:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn generated_values_validate_and_lookalikes_do_not() {
        let mut rng = Rng8::seed_from_u64(7);
        for _ in 0..500 {
            assert!(v::pesel(pesel(&mut rng).as_bytes()));
            assert!(v::egn(egn(&mut rng).as_bytes()));
            let n: Vec<u8> = nip(&mut rng).bytes().filter(u8::is_ascii_digit).collect();
            assert!(v::nip(&n));
            assert!(v::regon(regon(&mut rng).as_bytes()));
            let c: Vec<u8> = card(&mut rng).bytes().filter(u8::is_ascii_digit).collect();
            assert!(v::card(&c));
            assert!(v::pl_id_card(id_card(&mut rng).as_bytes()));
            let i = iban(&mut rng).replace(' ', "");
            assert!(v::iban(i.as_bytes()) || v::nrb(i.as_bytes()), "{i}");
            for len in [9, 10, 11, 14, 16] {
                assert!(fails_all(bad_number(&mut rng, len).as_bytes()));
            }
        }
    }
}
