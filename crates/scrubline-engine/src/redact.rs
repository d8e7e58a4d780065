//! Writing replacements: what each action turns a value into.

use super::compiled::Action;
use super::detect::ip::parse_ip;
use super::kind::Kind;
use super::pseudonym::{normalise, Keyring};
use std::io::Write as _;
use std::net::IpAddr;

/// Append the replacement of `value` (of `kind`, under `action`) to `out`. `norm` is scratch.
pub fn write_replacement(
    kind: Kind,
    action: Action,
    value: &[u8],
    keyring: Option<&Keyring>,
    norm: &mut Vec<u8>,
    out: &mut Vec<u8>,
) {
    match action {
        Action::Drop => {}
        Action::Redact => redact(kind, out),
        Action::Pseudonymize => match keyring {
            Some(k) => {
                normalise(kind, value, norm);
                k.token_into(kind, norm, out);
            }
            None => redact(kind, out),
        },
        Action::Mask { keep_last } => mask(value, keep_last as usize, out),
        Action::Generalize { ipv4_prefix, ipv6_prefix } => match (kind, parse_ip(value)) {
            (Kind::Ip, Some(ip)) => match network(ip, ipv4_prefix, ipv6_prefix) {
                // A host whose own bits are all zero (`cust-84-205-65-0`) would be written as
                // itself: its network is not shown.
                (net, _) if net == ip => redact(kind, out),
                (net, prefix) => {
                    let _ = write!(out, "[{}:{net}/{prefix}]", kind.label());
                }
            },
            (Kind::Geo, _) => generalize_geo(value, out),
            _ => redact(kind, out),
        },
    }
}

fn redact(kind: Kind, out: &mut Vec<u8>) {
    out.push(b'[');
    out.extend_from_slice(kind.label().as_bytes());
    out.push(b']');
}

/// Keep the last `keep` digits (or alphanumerics when the value has no digits) and the
/// separators; star the rest.
fn mask(value: &[u8], keep: usize, out: &mut Vec<u8>) {
    let digits = value.iter().filter(|b| b.is_ascii_digit()).count();
    let by_digit = digits > 0;
    let countable = if by_digit { digits } else { value.iter().filter(|b| b.is_ascii_alphanumeric()).count() };
    // A value too short to hide anything when `keep` characters stay is starred whole.
    let visible_from = if countable > keep * 2 { countable - keep } else { countable };
    let mut seen = 0;
    for &b in value {
        let counts = if by_digit { b.is_ascii_digit() } else { b.is_ascii_alphanumeric() };
        if counts {
            out.push(if seen >= visible_from { b } else { b'*' });
            seen += 1;
        } else if b.is_ascii() {
            out.push(if b.is_ascii_alphabetic() { b'*' } else { b });
        } else {
            out.push(b'*');
        }
    }
}

/// The network of `ip` and its prefix length (an IPv4-mapped address as its IPv4).
fn network(ip: IpAddr, v4: u8, v6: u8) -> (IpAddr, u8) {
    match ip {
        IpAddr::V4(a) => {
            let bits = u32::from(a) & (u32::MAX.checked_shl(32 - v4 as u32).unwrap_or(0));
            (IpAddr::V4(bits.into()), v4)
        }
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4addr) => network(IpAddr::V4(v4addr), v4, v6),
            None => {
                let bits = u128::from(a) & (u128::MAX.checked_shl(128 - v6 as u32).unwrap_or(0));
                (IpAddr::V6(bits.into()), v6)
            }
        },
    }
}

/// Coordinates rounded to one decimal (about 10 km), which names a region, not a house.
fn generalize_geo(value: &[u8], out: &mut Vec<u8>) {
    let s = String::from_utf8_lossy(value);
    let nums: Vec<f64> = s.split([',', ';', ' ']).filter_map(|p| p.trim().parse().ok()).collect();
    out.extend_from_slice(b"[GEO");
    for (i, n) in nums.iter().take(2).enumerate() {
        let _ = write!(out, "{}{:.1}", if i == 0 { ':' } else { ',' }, n);
    }
    out.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rep(kind: Kind, action: Action, v: &str) -> String {
        let mut out = Vec::new();
        write_replacement(kind, action, v.as_bytes(), None, &mut Vec::new(), &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn mask_keeps_last_digits_and_separators() {
        assert_eq!(rep(Kind::Card, Action::Mask { keep_last: 4 }, "4111 1111 1111 1111"), "**** **** **** 1111");
        assert_eq!(rep(Kind::Card, Action::Mask { keep_last: 4 }, "4111-1111-1111-1111"), "****-****-****-1111");
        assert_eq!(rep(Kind::Phone, Action::Mask { keep_last: 4 }, "1234567"), "*******");
    }

    #[test]
    fn generalize_ips_to_networks() {
        let g = Action::Generalize { ipv4_prefix: 24, ipv6_prefix: 48 };
        assert_eq!(rep(Kind::Ip, g, "192.168.17.42"), "[IP:192.168.17.0/24]");
        assert_eq!(rep(Kind::Ip, g, "[2001:db8:1234:5678::1]"), "[IP:2001:db8:1234::/48]");
        assert_eq!(rep(Kind::Ip, g, "fe80::1%eth0"), "[IP:fe80::/48]");
        assert_eq!(rep(Kind::Ip, g, "::ffff:10.1.2.3"), "[IP:10.1.2.0/24]");
        assert_eq!(rep(Kind::Ip, g, "84.205.65.0"), "[IP]");
    }

    #[test]
    fn pseudonymize_without_key_redacts() {
        assert_eq!(rep(Kind::Email, Action::Pseudonymize, "a@b.pl"), "[EMAIL]");
        assert_eq!(
            rep(Kind::Geo, Action::Generalize { ipv4_prefix: 24, ipv6_prefix: 48 }, "52.229676, 21.012229"),
            "[GEO:52.2,21.0]"
        );
    }
}
