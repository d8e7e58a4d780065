"""Synthetic identifiers with their checksums, written from the public specifications.

Only `random.Random` instances are used, so every value is reproducible from a seed.
"""
import datetime as dt
import ipaddress
import string

# --------------------------------------------------------------------------- PESEL

PESEL_W = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
PESEL_OFF = {18: 80, 19: 0, 20: 20, 21: 40, 22: 60}


def pesel(rng, birth, male):
    m = birth.month + PESEL_OFF[birth.year // 100]
    s = f"{birth.year % 100:02d}{m:02d}{birth.day:02d}{rng.randrange(1000):03d}"
    s += str(rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8]))
    c = (10 - sum(int(a) * w for a, w in zip(s, PESEL_W)) % 10) % 10
    return s + str(c)


def pesel_valid(s):
    if len(s) != 11 or not s.isdigit():
        return False
    if (10 - sum(int(a) * w for a, w in zip(s, PESEL_W)) % 10) % 10 != int(s[10]):
        return False
    yy, mm, dd = int(s[:2]), int(s[2:4]), int(s[4:6])
    for cent, off in PESEL_OFF.items():
        if off < mm <= off + 12:
            try:
                dt.date(cent * 100 + yy, mm - off, dd)
                return True
            except ValueError:
                return False
    return False


# --------------------------------------------------------------------------- EGN

EGN_W = [2, 4, 8, 5, 10, 9, 7, 3, 6]


def egn(rng, birth, male):
    m = birth.month + (20 if birth.year < 1900 else 40 if birth.year >= 2000 else 0)
    s = f"{birth.year % 100:02d}{m:02d}{birth.day:02d}{rng.randrange(100):02d}"
    s += str(rng.choice([0, 2, 4, 6, 8] if male else [1, 3, 5, 7, 9]))
    r = sum(int(a) * w for a, w in zip(s, EGN_W)) % 11
    return s + str(0 if r == 10 else r)


def egn_valid(s):
    if len(s) != 10 or not s.isdigit():
        return False
    r = sum(int(a) * w for a, w in zip(s, EGN_W)) % 11
    if (0 if r == 10 else r) != int(s[9]):
        return False
    yy, mm, dd = int(s[:2]), int(s[2:4]), int(s[4:6])
    year, month = (1800 + yy, mm - 20) if 20 < mm <= 32 else (2000 + yy, mm - 40) if 40 < mm <= 52 \
        else (1900 + yy, mm)
    try:
        dt.date(year, month, dd)
        return True
    except ValueError:
        return False


# --------------------------------------------------------------------------- NIP

NIP_W = [6, 5, 7, 2, 3, 4, 5, 6, 7]
TAX_OFFICES = ["526", "527", "113", "521", "951", "779", "676", "894", "583", "957", "813",
               "634", "945", "852", "716", "118", "725", "922", "899", "677"]


def nip(rng):
    while True:
        s = rng.choice(TAX_OFFICES) + "".join(rng.choice(string.digits) for _ in range(6))
        r = sum(int(a) * w for a, w in zip(s, NIP_W)) % 11
        if r != 10:
            return s + str(r)


def nip_valid(s):
    if len(s) != 10 or not s.isdigit():
        return False
    r = sum(int(a) * w for a, w in zip(s, NIP_W)) % 11
    return r != 10 and r == int(s[9])


def nip_written(rng, n):
    return rng.choice([
        n, n,
        f"{n[:3]}-{n[3:6]}-{n[6:8]}-{n[8:]}",
        f"{n[:3]}-{n[3:5]}-{n[5:7]}-{n[7:]}",
        "PL" + n,
    ])


# --------------------------------------------------------------------------- REGON

REGON9_W = [8, 9, 2, 3, 4, 5, 6, 7]
REGON14_W = [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8]


def regon9(rng):
    s = str(rng.randrange(1, 10)) + "".join(rng.choice(string.digits) for _ in range(7))
    r = sum(int(a) * w for a, w in zip(s, REGON9_W)) % 11
    return s + str(0 if r == 10 else r)


def regon14(rng):
    s = regon9(rng) + "".join(rng.choice(string.digits) for _ in range(4))
    r = sum(int(a) * w for a, w in zip(s, REGON14_W)) % 11
    return s + str(0 if r == 10 else r)


def regon_valid(s):
    if not s.isdigit():
        return False
    if len(s) == 9:
        r = sum(int(a) * w for a, w in zip(s, REGON9_W)) % 11
    elif len(s) == 14:
        r = sum(int(a) * w for a, w in zip(s, REGON14_W)) % 11
    else:
        return False
    return (0 if r == 10 else r) == int(s[-1])


# --------------------------------------------------------------------------- EIK / BULSTAT

def _eik_check(s8):
    r = sum(int(a) * (i + 1) for i, a in enumerate(s8)) % 11
    if r == 10:
        r = sum(int(a) * (i + 3) for i, a in enumerate(s8)) % 11
        if r == 10:
            r = 0
    return r


def eik(rng):
    s = str(rng.choice([1, 2, 8])) + "".join(rng.choice(string.digits) for _ in range(7))
    return s + str(_eik_check(s))


def eik_valid(s):
    return len(s) == 9 and s.isdigit() and _eik_check(s[:8]) == int(s[8])


# --------------------------------------------------------------------------- IBAN

def _iban_mod(country, check, bban):
    num = "".join(str(int(c, 36)) for c in (bban + country + check).upper())
    return int(num) % 97


def iban_build(country, bban):
    return f"{country}{98 - _iban_mod(country, '00', bban):02d}{bban}"


def iban_valid(s):
    s = s.replace(" ", "").upper()
    return len(s) > 8 and _iban_mod(s[:2], s[2:4], s[4:]) == 1


PL_BANKS = ["102", "105", "109", "114", "116", "124", "160", "175", "194", "249"]
NRB_BANK_W = [3, 9, 7, 1, 3, 9, 7]


def iban_pl(rng):
    bank7 = rng.choice(PL_BANKS) + "".join(rng.choice(string.digits) for _ in range(4))
    c = (10 - sum(int(a) * w for a, w in zip(bank7, NRB_BANK_W)) % 10) % 10
    bban = bank7 + str(c) + "".join(rng.choice(string.digits) for _ in range(16))
    return iban_build("PL", bban)


BG_BANKS = ["BNBG", "UNCR", "STSA", "FINV", "RZBB", "UBBS", "BPBI", "CECB"]


def iban_bg(rng):
    bban = rng.choice(BG_BANKS) + "".join(rng.choice(string.digits) for _ in range(4)) \
        + rng.choice(["10", "15", "20"]) + "".join(rng.choice(string.digits) for _ in range(8))
    return iban_build("BG", bban)


def iban_written(rng, s):
    grouped = " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    forms = [s, grouped, grouped]
    if s.startswith("PL"):
        forms.append(s[2:4] + " " + " ".join(s[i:i + 4] for i in range(4, len(s), 4)))  # NRB
        forms.append(s[2:])
    return rng.choice(forms)


# --------------------------------------------------------------------------- cards

def luhn_digit(partial):
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(s):
    return s.isdigit() and len(s) >= 2 and luhn_digit(s[:-1]) == s[-1]


def card(rng):
    kind = rng.choice(["visa", "visa", "mc", "mc2", "amex"])
    if kind == "visa":
        p, n = "4", 16
    elif kind == "mc":
        p, n = "5" + str(rng.randrange(1, 6)), 16
    elif kind == "mc2":
        p, n = str(rng.randrange(2221, 2721)), 16
    else:
        p, n = rng.choice(["34", "37"]), 15
    body = p + "".join(rng.choice(string.digits) for _ in range(n - len(p) - 1))
    return body + luhn_digit(body)


def card_written(rng, c):
    f = rng.choice(["plain", "space", "dash", "space"])
    if f == "plain":
        return c
    sep = " " if f == "space" else "-"
    if len(c) == 15:
        return sep.join([c[:4], c[4:10], c[10:]])
    return sep.join(c[i:i + 4] for i in range(0, 16, 4))


# --------------------------------------------------------------------------- Polish ID card

IDC_W = [7, 3, 1, 9, 7, 3, 1, 7, 3]


def _ch(c):
    return int(c) if c.isdigit() else ord(c) - ord("A") + 10


def id_card(rng):
    letters = rng.choice("ABCDEFGHJKLMNPRSTWXYZ") + "".join(rng.choice(string.ascii_uppercase)
                                                          for _ in range(2))
    digits = "".join(rng.choice(string.digits) for _ in range(5))
    s = sum(_ch(c) * w for c, w in zip(letters + "0" + digits, IDC_W))
    return letters + str(s % 10) + digits


def id_card_valid(s):
    if len(s) != 9 or not s[:3].isalpha() or not s[3:].isdigit():
        return False
    return sum(_ch(c) * w for c, w in zip(s.upper(), IDC_W)) % 10 == 0


# --------------------------------------------------------------------------- addresses

def public_ipv4(rng):
    while True:
        a = ipaddress.IPv4Address(rng.getrandbits(32))
        if a.is_global and not a.is_multicast and 1 <= a.packed[0] <= 223 and a.packed[0] != 100:
            return str(a)


V6_PREFIXES = ["2a02:a31a", "2a01:110f", "2a02:a311", "2a00:f41", "2a01:5a8", "2a02:a317",
               "2a01:b340", "2a00:1d58", "2001:67c", "2a02:2e0"]


def public_ipv6(rng):
    p = rng.choice(V6_PREFIXES)
    groups = [f"{rng.randrange(1, 0x10000):x}" for _ in range(2)]
    tail = rng.choice([
        [f"{rng.randrange(0x10000):x}" for _ in range(4)],
        ["", f"{rng.randrange(1, 0x100):x}"],
        ["", f"{rng.randrange(0x10000):x}", f"{rng.randrange(0x10000):x}"],
    ])
    s = ":".join([p] + groups + tail)
    return str(ipaddress.IPv6Address(s))


def looks_personal_number(run):
    """True if a digit run could pass for one of the planted id kinds."""
    n = len(run)
    if n == 9:
        return regon_valid(run) or eik_valid(run) or run[0] in "5678"
    if n == 10:
        return nip_valid(run) or egn_valid(run) or run.startswith(("08", "09"))
    if n == 11:
        return pesel_valid(run) or run.startswith("48")
    if n == 14 and regon_valid(run):
        return True
    if 13 <= n <= 19 and luhn_valid(run):
        return True
    return False
