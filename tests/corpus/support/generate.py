#!/usr/bin/env python3
"""Second, independent test corpus for scrubline: support mail and diagnostic files.

    pip install -r tests/corpus/requirements.txt
    python3 tests/corpus/support/generate.py [--seed N] [--mails 250] [--docs 120]

Writes tests/corpus/support/out/ (msg-NNNN.eml, doc-NNNN.*) and tests/corpus/support/truth.jsonl
(one object per top-level file: planted personal values with their kind and where they are,
and the non-personal "keep" tokens that a sanitizer must leave intact).

Written without looking at scrubline's detectors or its own generator. Every file is
checked against ../score.py's decoder before it is kept: each planted value and keep token
must be visible in the decoded file, no planted value may occur outside the places where it
was planted (e.g. a surname that is also a word of a module name), and no keep token may
contain a planted value; a file that fails is drawn again with the next attempt number.
"""
import argparse
import base64
import binascii
import datetime as dt
import hashlib
import html
import io
import json
import os
import random
import re
import shutil
import string
import sys
import urllib.parse
import uuid
import zipfile
from email import charset as email_charset
from email import encoders, policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr

from faker import Faker

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import ids  # noqa: E402
import people as P  # noqa: E402
import score  # noqa: E402

DEFAULT_SEED = 20250311
LANGS = ("pl", "bg", "en")

# =========================================================================== recorder


class Rec:
    def __init__(self):
        self.planted = []
        self.keep = []

    def mark(self):
        return (len(self.planted), len(self.keep))

    def transform(self, mark, fn):
        for i in range(mark[0], len(self.planted)):
            self.planted[i]["value"] = fn(self.planted[i]["value"])
        for i in range(mark[1], len(self.keep)):
            self.keep[i] = fn(self.keep[i])

    def copy_since(self, mark, fn, where):
        """Record the values planted since mark once more, transformed, at another place."""
        for p in list(self.planted[mark[0]:]):
            self.planted.append({"kind": p["kind"], "value": fn(p["value"]), "where": where})
        for k in list(self.keep[mark[1]:]):
            self.keep.append(fn(k))


class Person:
    def __init__(self, ctx, nat, male=None, hand=None):
        rng = ctx.rng
        self.ctx = ctx
        self.nat = nat
        self.male = rng.random() < 0.55 if male is None else male
        hand = rng.random() < 0.6 if hand is None else hand
        self.infl = None
        if nat == "pl":
            if hand:
                table = P.PL_MALE if self.male else P.PL_FEMALE
                self.first = rng.choice(sorted(table))
                finf = table[self.first]
                sur = rng.choice(sorted(P.PL_SURNAMES))
                sinf = P.PL_SURNAMES[sur]
                if self.male:
                    self.last = sur
                    if sinf is None:  # -ski/-cki/-dzki
                        stem = sur[:-1]
                        sinf = (stem + "iego", stem + "iemu", stem + "im")
                else:
                    if sinf is None:
                        self.last = sur[:-1] + "a"
                        stem = sur[:-1]
                        sinf = (stem + "iej", stem + "iej", stem + "ą")
                    else:
                        self.last = sur
                        sinf = (sur, sur, sur)
                self.infl = tuple(f + " " + s for f, s in zip(finf[:3], sinf)) + (finf[3],)
            else:
                fk = ctx.fk["pl"]
                self.first = fk.first_name_male() if self.male else fk.first_name_female()
                self.last = fk.last_name_male() if self.male else fk.last_name_female()
            self.first_lat, self.last_lat = P.ascii_pl(self.first), P.ascii_pl(self.last)
            self.middle = None
        else:
            if hand:
                self.first = rng.choice(P.BG_MALE if self.male else P.BG_FEMALE)
                sur = rng.choice(P.BG_SURNAMES)
                self.last = sur if self.male else sur + "а"
            else:
                fk = ctx.fk["bg"]
                self.first = fk.first_name_male() if self.male else fk.first_name_female()
                self.last = fk.last_name_male() if self.male else fk.last_name_female()
            father = rng.choice(sorted(P.BG_PATRONYM))
            self.middle = P.BG_PATRONYM[father] + ("" if self.male else "а")
            self.first_lat, self.last_lat = P.translit(self.first), P.translit(self.last)
        r = rng.random()
        if r < 0.04:
            year = rng.randrange(1885, 1900)
        elif r < 0.16:
            year = rng.randrange(2000, 2008)
        else:
            year = rng.randrange(1950, 2000)
        self.birth = dt.date(year, rng.randrange(1, 13), rng.randrange(1, 29))
        self._cache = {}

    def get(self, key, fn):
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]


# =========================================================================== context


FAKERS = {"pl": Faker("pl_PL"), "bg": Faker("bg_BG"), "en": Faker("en_US")}
SLOT = re.compile(r"«(\w+)(?::(\w+))?»")


class Ctx:
    def __init__(self, seed, index, attempt):
        self.rng = random.Random(f"{seed}/{index}/{attempt}")
        random.seed(f"{seed}/{index}/{attempt}/email")  # MIME boundaries
        self.fk = FAKERS
        for i, k in enumerate(("pl", "bg", "en")):
            self.fk[k].seed_instance(self.rng.getrandbits(32) + i)
        self.rec = Rec()
        self.where = "body"
        self.lang = "pl"
        self.people = {}
        self.base_time = dt.datetime(2024, 1, 2, 8, 0, 0) + dt.timedelta(
            seconds=self.rng.randrange(0, 500 * 86400))
        self.clock = self.base_time

    # ---- helpers
    def choice(self, seq):
        return self.rng.choice(seq)

    def chance(self, p):
        return self.rng.random() < p

    def p(self, kind, value):
        self.rec.planted.append({"kind": kind, "value": value, "where": self.where})
        return value

    def k(self, token):
        self.rec.keep.append(token)
        return token

    def person(self, role):
        if role not in self.people:
            nat = self.lang if self.lang in ("pl", "bg") else self.choice(["pl", "bg"])
            if role in ("o", "c") and self.chance(0.15):
                nat = "bg" if nat == "pl" else "pl"
            self.people[role] = Person(self, nat)
        return self.people[role]

    def tick(self):
        self.clock += dt.timedelta(seconds=self.rng.randrange(1, 400),
                                   microseconds=self.rng.randrange(1000000))
        return self.clock

    def fill(self, tpl):
        return SLOT.sub(lambda m: str(self.slot(m.group(1), m.group(2) or "p")), tpl)

    def slot(self, name, arg):
        fn = getattr(self, "s_" + name)
        return fn(arg)

    # ================================================================= personal slots
    def s_name(self, r):
        pp = self.person(r)
        return self.p("name", f"{pp.first} {pp.last}")

    def s_first(self, r):
        return self.p("name", self.person(r).first)

    def s_last(self, r):
        return self.p("name", self.person(r).last)

    def s_name_caps(self, r):
        pp = self.person(r)
        f = self.choice(["{L} {F}", "{L} {F}", "{F} {L}", "{L}, {F}"])
        if pp.middle and self.chance(0.4):
            f = f.replace("{F}", "{F} {M}")
        return self.p("name", f.format(L=pp.last.upper(), F=pp.first.upper(),
                                       M=(pp.middle or "").upper()))

    def s_name_rev(self, r):
        pp = self.person(r)
        return self.p("name", f"{pp.last} {pp.first}")

    def s_name3(self, r):
        pp = self.person(r)
        if pp.middle:
            return self.p("name", f"{pp.first} {pp.middle} {pp.last}")
        return self.s_name(r)

    def s_name_lat(self, r):
        pp = self.person(r)
        return self.p("name", f"{pp.first_lat} {pp.last_lat}")

    def s_name_any(self, r):
        pp = self.person(r)
        if pp.nat == "bg" and self.chance(0.3):
            return self.s_name_lat(r)
        return self.choice([self.s_name, self.s_name, self.s_name_caps, self.s_name_rev])(r)

    def _infl(self, r, i):
        pp = self.person(r)
        if pp.infl:
            return self.p("name", pp.infl[i])
        return self.s_name(r)

    def s_name_gen(self, r):
        return self._infl(r, 0)

    def s_name_dat(self, r):
        return self._infl(r, 1)

    def s_name_ins(self, r):
        return self._infl(r, 2)

    def s_voc(self, r):
        pp = self.person(r)
        if pp.infl:
            return self.p("name", pp.infl[3])
        return self.p("name", pp.first)

    def s_pan(self, r):
        """'Panie Janie' / 'Pani Anno' / 'г-н Петров'"""
        pp = self.person(r)
        if pp.nat == "pl":
            return ("Panie " if pp.male else "Pani ") + self.s_voc(r)
        return ("г-н " if pp.male else "г-жо ") + self.s_last(r)

    def s_pesel(self, r):
        pp = self.person(r)
        if pp.nat != "pl":
            return self.s_natid(r)
        return self.p("pesel", pp.get("pesel", lambda: ids.pesel(self.rng, pp.birth, pp.male)))

    def s_egn(self, r):
        pp = self.person(r)
        if pp.nat != "bg":
            return self.s_natid(r)
        return self.p("egn", pp.get("egn", lambda: ids.egn(self.rng, pp.birth, pp.male)))

    def s_natid(self, r):
        pp = self.person(r)
        if pp.nat == "pl":
            return self.p("pesel", pp.get("pesel", lambda: ids.pesel(self.rng, pp.birth, pp.male)))
        return self.p("egn", pp.get("egn", lambda: ids.egn(self.rng, pp.birth, pp.male)))

    def s_natid_label(self, r):
        pp = self.person(r)
        return ("PESEL " if pp.nat == "pl" else "ЕГН ") + self.s_natid(r)

    def s_nip(self, r):
        pp = self.person(r)
        n = pp.get("nip", lambda: ids.nip(self.rng))
        return self.p("nip", ids.nip_written(self.rng, n))

    def s_regon(self, r):
        pp = self.person(r)
        return self.p("regon", pp.get("regon", lambda: ids.regon14(self.rng) if self.chance(0.2)
                                      else ids.regon9(self.rng)))

    def s_eik(self, r):
        pp = self.person(r)
        return self.p("eik", pp.get("eik", lambda: ids.eik(self.rng)))

    def s_bgvat(self, r):
        pp = self.person(r)
        e = pp.get("eik", lambda: ids.eik(self.rng))
        return self.p("eik", self.choice(["BG", "BG", "BG "]) + e)

    def s_company_id(self, r):
        pp = self.person(r)
        if pp.nat == "pl":
            return "NIP " + self.s_nip(r)
        return "ЕИК " + self.s_eik(r)

    def s_iban(self, r):
        pp = self.person(r)
        i = pp.get("iban", lambda: ids.iban_pl(self.rng) if pp.nat == "pl" else ids.iban_bg(self.rng))
        return self.p("iban", ids.iban_written(self.rng, i))

    def s_card(self, r):
        pp = self.person(r)
        return self.p("card", ids.card_written(self.rng, pp.get("card", lambda: ids.card(self.rng))))

    def s_idcard(self, r):
        pp = self.person(r)
        return self.p("id_card", pp.get("idc", lambda: ids.id_card(self.rng)))

    def _email(self, pp):
        def make():
            f, l = re.sub(r"[\s'-]", "", pp.first_lat.lower()), re.sub(r"[\s'-]", "", pp.last_lat.lower())
            dom = self.choice(P.EMAIL_DOMAINS_PL if pp.nat == "pl" else P.EMAIL_DOMAINS_BG)
            local = self.choice([f"{f}.{l}", f"{f[0]}.{l}", f"{l}.{f}", f"{f}{l}{self.rng.randrange(10, 99)}",
                                 f"{f[0]}{l}", f"{l}_{f[0]}", f"{f}.{l}{self.rng.randrange(70, 99)}"])
            return f"{local}@{dom}"
        return pp.get("email", make)

    def s_email(self, r):
        return self.p("email", self._email(self.person(r)))

    def s_email_obf(self, r):
        e = self._email(self.person(r))
        local, dom = e.split("@")
        d1, _, d2 = dom.rpartition(".")
        form = self.choice(["[at]", "(at)", " at ", "[małpa]", "[dot]", "(at)(dot)"])
        if form == "[at]":
            v = f"{local} [at] {dom}"
        elif form == "(at)":
            v = f"{local}(at){dom}"
        elif form == " at ":
            v = f"{local} at {d1} dot {d2}"
        elif form == "[małpa]":
            v = f"{local}[małpa]{dom}"
        elif form == "[dot]":
            v = f"{local} [at] {d1} [dot] {d2}"
        else:
            v = f"{local}(at){d1}(dot){d2}"
        return self.p("email", v)

    def _login(self, pp):
        def make():
            f, l = re.sub(r"[\s'-]", "", pp.first_lat.lower()), re.sub(r"[\s'-]", "", pp.last_lat.lower())
            if pp.nat == "pl":
                return self.choice([f[0] + l, f[0] + l, f"{f[0]}.{l}", f"{l}{f[0]}", f"{f}.{l}"])
            return self.choice([f"{l}_{f[0]}", f[0] + l, f"{f[0]}.{l}", f"{f}.{l}", f"{l}{f[0]}", l])
        return pp.get("login", make)

    def s_login(self, r):
        return self.p("login", self._login(self.person(r)))

    def s_pwd(self, r):
        def make():
            words = ["Lato", "Zima", "Wiosna", "Jesien", "Slonce", "Morze", "Zvezda", "Lyato",
                     "Sofiya", "Krokus", "Tulipan", "Granat", "Orzech", "Kasztan", "Burza"]
            f = self.rng.random()
            if f < 0.45:
                return self.choice(words) + str(self.rng.randrange(2015, 2026)) + self.choice("!#$%*")
            if f < 0.7:
                al = string.ascii_letters + string.digits
                return "".join(self.choice(al) for _ in range(self.rng.randrange(10, 16))) \
                    + self.choice("!#$*")
            return self.choice(words).lower() + self.choice(["_", ".", "-"]) + \
                "".join(self.choice(string.ascii_lowercase) for _ in range(4)) + \
                str(self.rng.randrange(10, 999))
        pp = self.person(r)
        return self.p("secret", pp.get("pwd", make))

    def _rand(self, n, al=string.ascii_letters + string.digits):
        return "".join(self.choice(al) for _ in range(n))

    def s_apikey(self, r):
        f = self.choice(["sk_live", "ghp", "akia", "xoxb", "aiza", "sg", "glpat"])
        if f == "sk_live":
            v = "sk_live_" + self._rand(24)
        elif f == "ghp":
            v = "ghp_" + self._rand(36)
        elif f == "akia":
            v = "AKIA" + self._rand(16, string.ascii_uppercase + "234567")
        elif f == "xoxb":
            v = f"xoxb-{self.rng.randrange(10**11, 10**12)}-{self.rng.randrange(10**12, 10**13)}-{self._rand(24)}"
        elif f == "aiza":
            v = "AIza" + self._rand(35, string.ascii_letters + string.digits + "-_")
        elif f == "sg":
            v = "SG." + self._rand(22) + "." + self._rand(43)
        else:
            v = "glpat-" + self._rand(20)
        return self.p("secret", v)

    def _b64u(self, b):
        return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

    def s_jwt(self, r):
        hdr = self._b64u(json.dumps({"alg": self.choice(["HS256", "RS256"]), "typ": "JWT"},
                                    separators=(",", ":")).encode())
        iat = int(self.clock.timestamp())
        body = self._b64u(json.dumps({"sub": f"u-{self.rng.randrange(10000, 99999)}", "iat": iat,
                                      "exp": iat + 3600, "scope": self.choice(["ais", "api", "declarations"])},
                                     separators=(",", ":")).encode())
        sig = self._b64u(self.rng.getrandbits(256).to_bytes(32, "big"))
        return self.p("secret", f"{hdr}.{body}.{sig}")

    def s_token(self, r):
        return self.p("secret", self.choice([
            lambda: self._rand(self.rng.randrange(32, 48)),
            lambda: "1//0" + self._rand(60, string.ascii_letters + string.digits + "-_"),
            lambda: "ya29." + self._rand(70, string.ascii_letters + string.digits + "-_"),
            lambda: self._rand(8, "0123456789abcdef") + "-" + self._rand(40, "0123456789abcdef"),
        ])())

    def s_bearer(self, r):
        if self.chance(0.5):
            return "Bearer " + self.s_jwt(r)
        return "Bearer " + self.s_token(r)

    def s_pem(self, r):
        kind = self.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"])
        n = self.choice([300, 420, 600])
        raw = bytes(self.rng.getrandbits(8) for _ in range(n))
        b = base64.b64encode(raw).decode()
        lines = [b[i:i + 64] for i in range(0, len(b), 64)]
        return self.p("secret", f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----")

    def s_urlcred(self, r):
        host = self.choice(["ftp.celina-soft.example", "sftp.spedycja.example.pl",
                            "files.balkan-customs.example.bg", "repo.celina-soft.example"])
        scheme = self.choice(["https", "ftp", "sftp"])
        return f"{scheme}://{self.s_login(r)}:{self.s_pwd(r)}@{host}/{self.choice(['upload/', 'in/', 'diag/'])}"

    def s_connstr(self, r):
        srv = self.choice(["sql01.firma.local", "SRV-CELINA\\SQLEXPRESS", "10.0.4.12,1433",
                           "db.celina.local"])
        return (f"Server={srv};Database={self.choice(['Celina', 'CelinaProd', 'AIS'])};"
                f"User ID={self.s_login(r)};Password={self.s_pwd(r)};TrustServerCertificate=True")

    def s_basic(self, r):
        pp = self.person(r)
        cred = f"{self._login(pp)}:{pp.get('pwd', lambda: self._rand(12))}"
        b = base64.b64encode(cred.encode()).decode()
        return "Basic " + self.p("secret", b)

    def s_agent(self, r):
        n = self.rng.randrange(1, 9999)
        return self.p("customs_agent", self.choice([
            f"{n:04d}/{self.rng.randrange(1998, 2025)}", f"{n}/{self.rng.randrange(1998, 2025)}",
            f"PL/{n:04d}", f"{n:04d}"]))

    def _phone_digits(self, pp):
        def make():
            if pp.nat == "pl":
                if self.chance(0.85):
                    return "48" + self.choice(["50", "51", "53", "57", "60", "66", "69", "72", "73",
                                               "78", "79", "88"]) + self._rand(7, string.digits)
                return "48" + self.choice(["22", "12", "58", "61", "71", "42"]) + self._rand(7, string.digits)
            if self.chance(0.85):
                return "359" + self.choice(["87", "88", "89", "98"]) + self._rand(7, string.digits)
            return "3592" + self._rand(7, string.digits)
        return pp.get("phone", make)

    def s_phone(self, r):
        pp = self.person(r)
        d = self._phone_digits(pp)
        if d.startswith("48"):
            n = d[2:]
            mobile = n[:2] not in ("22", "12", "58", "61", "71", "42")
            if mobile:
                forms = [f"+48 {n[:3]} {n[3:6]} {n[6:]}", n, f"{n[:3]} {n[3:6]} {n[6:]}",
                         f"{n[:3]}-{n[3:6]}-{n[6:]}", f"+48{n}", f"0048 {n[:3]} {n[3:6]} {n[6:]}",
                         f"(+48) {n}"]
            else:
                forms = [f"+48 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}", f"({n[:2]}) {n[2:5]}-{n[5:7]}-{n[7:]}",
                         f"+48 {n[:2]} {n[2:]}"]
        else:
            n = d[3:]
            if n[0] != "2":
                forms = [f"0{n}", f"0{n[:3]} {n[3:6]} {n[6:]}", f"+359 {n[:2]} {n[2:5]} {n[5:]}",
                         f"+359{n}", f"00359 {n}", f"0{n[:2]} {n[2:5]} {n[5:]}"]
            else:
                forms = [f"02 {n[1:4]} {n[4:]}", f"+359 2 {n[1:4]} {n[4:]}", f"02/{n[1:]}"]
        return self.p("phone", self.choice(forms))

    def s_tel(self, r):
        """phone with the label a client would put in front of it"""
        pp = self.person(r)
        lab = self.choice(["tel. ", "tel.: ", "kom. ", "Tel: ", "GSM: "] if pp.nat == "pl"
                          else ["тел. ", "тел.: ", "GSM: ", "моб. ", "Tel: "])
        return lab + self.s_phone(r)

    def _addr_parts(self, pp):
        def make():
            if pp.nat == "pl":
                pc, city = self.choice(P.PL_CITIES)
                if self.chance(0.2):
                    street = "al. " + self.choice(P.PL_AVENUES)
                else:
                    street = self.choice(["ul. ", "ul. ", "ul. ", ""]) + self.choice(P.PL_STREETS)
                num = str(self.rng.randrange(1, 180)) + self.choice(["", "", "", "A", "B"])
                if self.chance(0.45):
                    num += self.choice(["/", " m. ", "/"]) + str(self.rng.randrange(1, 90))
                return (f"{street} {num}", pc, city)
            pc, city = self.choice(P.BG_CITIES)
            f = self.rng.random()
            if f < 0.4:
                s = f"ул. „{self.choice(P.BG_STREETS)}“ № {self.rng.randrange(1, 140)}"
            elif f < 0.65:
                s = f"бул. „{self.choice(P.BG_BOULEVARDS)}“ {self.rng.randrange(1, 300)}"
            else:
                s = f"ж.к. {self.choice(P.BG_COMPLEXES)}, бл. {self.rng.randrange(1, 400)}"
            if self.chance(0.7):
                s += f", вх. {self.choice('АБВГ')}, ет. {self.rng.randrange(1, 15)}, ап. {self.rng.randrange(1, 90)}"
            return (s, pc, city)
        return pp.get("addr", make)

    def s_addr(self, r):
        """full one-line address: street part + postal code + city"""
        pp = self.person(r)
        street, pc, city = self._addr_parts(pp)
        if pp.nat == "bg" and self.chance(0.3):
            street = latin_bg_street(street)
            city = P.translit(city)
        self.p("address", street)
        self.p("postal_code", pc)
        if pp.nat == "bg":
            return self.choice([f"{street}, {pc} {city}", f"{pc} {city}, {street}",
                                f"{street}, гр. {city} {pc}" if not street.isascii() else f"{street}, {city} {pc}"])
        return f"{street}, {pc} {city}"

    def s_street(self, r):
        street, pc, city = self._addr_parts(self.person(r))
        return self.p("address", street)

    def s_postcode(self, r):
        street, pc, city = self._addr_parts(self.person(r))
        return self.p("postal_code", pc)

    def s_city(self, r):
        return self._addr_parts(self.person(r))[2]

    def _coords(self, pp):
        def make():
            if pp.nat == "pl":
                lat, lon = self.rng.uniform(49.3, 54.6), self.rng.uniform(14.3, 23.9)
            else:
                lat, lon = self.rng.uniform(41.4, 44.1), self.rng.uniform(22.5, 28.5)
            d = self.choice([4, 5, 6])
            return (f"{lat:.{d}f}", f"{lon:.{d}f}")
        return pp.get("geo", make)

    def s_geo(self, r):
        lat, lon = self._coords(self.person(r))
        f = self.choice(["{a}, {o}", "{a},{o}", "N {a} E {o}", "lat={a}&lon={o}", "({a}, {o})",
                         "geo:{a},{o}", "https://maps.google.com/?q={a},{o}", "{a} {o}"])
        v = f.format(a=lat, o=lon)
        if v.startswith("https://maps"):
            self.p("geo", f"{lat},{lon}")
            return v
        return self.p("geo", v)

    def geo_num(self, r, i):
        """a coordinate as a JSON number (recorded as json writes it)"""
        f = float(self._coords(self.person(r))[i])
        self.p("geo", json.dumps(f))
        return f

    def s_lat(self, r):
        return self.p("geo", self._coords(self.person(r))[0])

    def s_lon(self, r):
        return self.p("geo", self._coords(self.person(r))[1])

    def s_ip(self, r):
        pp = self.person(r)
        return self.p("ip", pp.get("ip", lambda: ids.public_ipv4(self.rng)))

    def s_ip6(self, r):
        ip = ids.public_ipv6(self.rng)
        form = self.choice(["c", "c", "e", "u", "b"])
        if form == "e":
            ip = __import__("ipaddress").ip_address(ip).exploded
        elif form == "u":
            ip = ip.upper()
        if form == "b":
            return "[" + self.p("ip", ip) + "]:" + str(self.choice([443, 8443, 5001]))
        return self.p("ip", ip)

    def s_iphost(self, r):
        ip = ids.public_ipv4(self.rng)
        d = ip.replace(".", "-")
        f = self.choice(["adsl-{d}.dsl.example.net", "ec2-{d}.compute.example.com",
                         "{d}.ip.netia.example.pl", "host-{d}.static.vivacom.example.bg",
                         "{d}.dynamic.chello.example.pl", "cust-{d}.btc-net.example.bg"])
        self.p("ip", d)
        return f.format(d=d)

    def s_url_q(self, r):
        """logged request URL with URL-encoded personal values in the query"""
        pp = self.person(r)
        e = self._email(pp)
        enc = urllib.parse.quote(e, safe="")
        parts = [f"email={self.p('email', enc)}"]
        if self.chance(0.5):
            lat, lon = self._coords(pp)
            parts.append(self.p("geo", f"lat={lat}&lon={lon}"))
        if self.chance(0.4):
            parts.append("q=" + self.p("name", urllib.parse.quote(f"{pp.first} {pp.last}")))
        if self.chance(0.3):
            parts.append("phone=" + self.p("phone", urllib.parse.quote("+" + self._phone_digits(pp))))
        parts.append("lic=" + self.s_lic(r))
        self.rng.shuffle(parts)
        path = self.choice(["/api/v1/declarations/search", "/ais/lookup", "/api/contacts",
                            "/portal/odbiorcy"])
        return f"https://{self.s_host(r)}{path}?" + "&".join(parts)

    def s_quoteline(self, r):
        return self.fill(self.choice(LOG_MSGS))

    def s_company(self, r):
        pp = self.person(r)
        if pp.nat == "pl":
            return self.choice(P.PL_COMPANIES)
        return self.choice(P.BG_COMPANIES)

    # ================================================================= keep slots
    def s_ts(self, r):
        t = self.tick()
        f = self.rng.random()
        if f < 0.3:
            s = t.strftime("%Y-%m-%d %H:%M:%S")
        elif f < 0.45:
            s = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
        elif f < 0.6:
            s = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        elif f < 0.7:
            s = t.strftime("%d.%m.%Y %H:%M:%S")
        elif f < 0.8:
            s = t.strftime("%Y-%m-%dT%H:%M:%S+01:00")
        elif f < 0.9:
            s = t.strftime("%d/%b/%Y:%H:%M:%S +0100")
        else:
            s = t.strftime("%a, %d %b %Y %H:%M:%S +0100")
        return self.k(s)

    def s_time(self, r):
        return self.k(self.tick().strftime("%H:%M"))

    def s_date(self, r):
        t = self.clock
        lang = self.lang
        f = self.rng.random()
        if f < 0.3:
            s = t.strftime("%d.%m.%Y")
        elif f < 0.5:
            s = t.strftime("%Y-%m-%d")
        elif lang == "pl":
            s = f"{t.day} {PL_MONTHS_GEN[t.month - 1]} {t.year}"
        elif lang == "bg":
            s = f"{t.day} {BG_MONTHS[t.month - 1]} {t.year} г."
        else:
            s = t.strftime("%B %d, %Y")
        return self.k(s)

    def s_wday(self, r):
        wd = self.clock.weekday()
        return self.k({"pl": PL_WDAYS, "bg": BG_WDAYS}.get(self.lang, EN_WDAYS)[wd])

    def s_month(self, r):
        m = self.clock.month - 1
        return self.k({"pl": PL_MONTHS_NOM, "bg": BG_MONTHS}.get(self.lang, EN_MONTHS)[m])

    def _num_ok(self, s):
        return not any(ids.looks_personal_number(x) for x in re.findall(r"\d+", s))

    def _keep_num(self, fn):
        for _ in range(50):
            s = fn()
            if self._num_ok(s):
                return self.k(s)
        raise RuntimeError("no safe number")

    def s_epoch(self, r):
        return self._keep_num(lambda: str(int(self.tick().timestamp())))

    def s_cnt(self, r):
        n = self.rng.choice([self.rng.randrange(2, 60), self.rng.randrange(100, 99999)])
        s = str(n)
        return self.k(s) if len(s) >= 3 else s

    def s_ver(self, r):
        v = self.choice([
            f"4.{self.rng.randrange(0, 20)}.{self.rng.randrange(0, 9)}.{self.rng.randrange(0, 300)}",
            f"{self.rng.randrange(1, 9)}.{self.rng.randrange(0, 30)}.{self.rng.randrange(0, 9)}",
            "1.2.3.4", f"2025.{self.rng.randrange(1, 12)}.{self.rng.randrange(0, 40)}",
            f"3.{self.rng.randrange(0, 10)}.{self.rng.randrange(0, 99)}.{self.rng.randrange(1000, 9999)}"])
        return self.k(v)

    def s_err(self, r):
        return self.k(self.choice([
            f"ERR-{self.rng.randrange(1000, 9999)}", f"CEL-E{self.rng.randrange(100, 9999):04d}",
            f"AIS-{self.rng.randrange(100, 999):04d}", f"ORA-{self.rng.randrange(1000, 29999):05d}",
            f"E{self.rng.randrange(100, 999)}", "E_ACCESSDENIED", "SQLSTATE 28000",
            f"BICIS-{self.rng.randrange(10, 999)}", f"KOD {self.rng.randrange(100, 999)}"]))

    def s_hresult(self, r):
        return self.k(self.choice(["0x80070005", "0x80131904", "0x800A03EC", "0x80004005",
                                   "0x8007000E", "0x80072EE2", "0x800706BA", "0xC0000005"]))

    def s_guid(self, r):
        g = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        return self.k(g.upper() if self.chance(0.2) else g)

    def s_mrn(self, r):
        cc = "PL" if self.lang != "bg" else "BG"
        office = self.choice(["301000", "445010", "331030", "401010", "361010"]) if cc == "PL" \
            else self.choice(["005800", "001000", "009000", "004000"])
        s = f"{self.clock.year % 100:02d}{cc}{office}{self.choice('EIDT')}{self.rng.randrange(0, 10**7):07d}"
        return self._keep_num(lambda: s)

    def s_lrn(self, r):
        return self.k(self.choice([
            f"CEL/{self.clock.year}/{self.rng.randrange(1, 999999):06d}",
            f"LRN-{self.clock.year}-{self.rng.randrange(1, 99999):05d}",
            f"{self.clock.strftime('%Y%m%d')}-{self.rng.randrange(1, 9999):04d}"]))

    def s_cn(self, r):
        c = self.choice(["8471 30 00", "8517 12 00", "6109 10 00", "8703 23 19", "3004 90 00",
                         "84713000", "85171200", "9403 60 10", "0806 10 10", "2204 21 79"])
        return self._keep_num(lambda: c)

    def s_amount(self, r):
        v = self.rng.randrange(100, 9999999) / 100
        whole = f"{int(v):,}".replace(",", " ")
        frac = f"{round((v % 1) * 100):02d}"
        f = self.choice(["pl", "bg", "eur", "dot"])
        if f == "pl":
            s = f"{whole},{frac} {self.choice(['PLN', 'zł'])}"
        elif f == "bg":
            s = f"{whole},{frac} лв."
        elif f == "eur":
            s = f"EUR {int(v):,}.{frac}"
        else:
            s = f"{int(v)}.{frac}"
        return self._keep_num(lambda: s)

    def s_lic(self, r):
        al = string.ascii_uppercase + string.digits
        return self.k("AP-LIC-" + self._rand(4, al) + "-" + self._rand(4, al))

    def s_ticket(self, r):
        return self._keep_num(lambda: self.choice([
            f"ZGL-{self.clock.year}-{self.rng.randrange(1, 99999):05d}", f"#{self.rng.randrange(10000, 99999)}",
            f"SUP-{self.rng.randrange(1000, 99999)}", f"TKT-{self.rng.randrange(100000, 999999)}"]))

    def s_module(self, r):
        return self.k(self.choice(MODULES))

    def s_window(self, r):
        return self.k(self.choice(WINDOWS))

    def s_cls(self, r):
        return self.k(self.choice(EXC_CLASSES))

    def s_privip(self, r):
        return self.k(self.choice([
            f"10.{self.rng.randrange(0, 255)}.{self.rng.randrange(0, 255)}.{self.rng.randrange(1, 254)}",
            f"192.168.{self.rng.randrange(0, 255)}.{self.rng.randrange(1, 254)}",
            f"172.{self.rng.randrange(16, 32)}.{self.rng.randrange(0, 255)}.{self.rng.randrange(1, 254)}"]))

    def s_loopback(self, r):
        return self.k(self.choice(["127.0.0.1", "0.0.0.0"]))

    def s_host(self, r):
        return self.k(self.choice(HOSTS))

    def s_path(self, r):
        return self.choice(["C:\\ProgramData\\Celina\\Logs", "C:\\Program Files\\Celina\\bin",
                            "D:\\Celina\\Data", "/opt/celina/logs"])


def latin_bg_street(s):
    s = s.replace("ул.", "ul.").replace("бул.", "bul.").replace("ж.к.", "zh.k.")
    s = s.replace("вх.", "vh.").replace("ет.", "et.").replace("ап.", "ap.").replace("бл.", "bl.")
    s = s.replace("„", "").replace("“", "").replace("№ ", "")
    return P.translit(s)


PL_MONTHS_GEN = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
                 "sierpnia", "września", "października", "listopada", "grudnia"]
PL_MONTHS_NOM = ["styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec",
                 "sierpień", "wrzesień", "październik", "listopad", "grudzień"]
BG_MONTHS = ["януари", "февруари", "март", "април", "май", "юни", "юли", "август",
             "септември", "октомври", "ноември", "декември"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
PL_WDAYS = ["poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"]
BG_WDAYS = ["понеделник", "вторник", "сряда", "четвъртък", "петък", "събота", "неделя"]
EN_WDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

MODULES = ["Celina.Zgloszenia.Wysylka", "Celina.Komunikacja.AisClient", "Celina.Auth.LoginService",
           "Celina.Deklaracje.ZC415", "Celina.Deklaracje.ZC429", "Celina.Slowniki.Synchronizacja",
           "Celina.UI.Shell", "BgCustoms.Bicis.Sender", "BgCustoms.Bicis.Receiver",
           "Celina.Raporty.Eksport", "Celina.Licencje.Walidator", "Celina.Podpis.Certyfikaty"]
WINDOWS = ["frmZgloszenieZC415", "frmLogowanie", "dlgUstawienia", "frmDeclarationBG",
           "frmPodglad", "wndSlowniki", "frmImportXml", "dlgCertyfikat"]
EXC_CLASSES = ["System.Net.WebException", "System.Data.SqlClient.SqlException",
               "System.NullReferenceException", "System.TimeoutException",
               "System.IO.IOException", "System.Security.Cryptography.CryptographicException",
               "java.net.SocketTimeoutException", "javax.net.ssl.SSLHandshakeException"]
HOSTS = ["ais.celina-soft.example", "sql01.firma.local", "bicis-gw.customs.example",
         "proxy.local", "update.celina-soft.example", "ws-magazyn-02.firma.local",
         "puesc-test.customs.example"]

# --------------------------------------------------------------------------- log lines

LOG_MSGS = [
    "Application started, version «ver», machine «host»",
    "Użytkownik «login» zalogował się do systemu",
    "Потребител «login» влезе в системата",
    "user «login» logged in from «ip»",
    "Connecting to «host» («privip»:1433)",
    "GET «url_q» -> 200 in «cnt» ms",
    "Sending ZC415 MRN «mrn» LRN «lrn»",
    "Declarant: «name_caps:o», «natid_label:o»",
    "Declarant «natid_label:o» name «name:o»",
    "Request header Authorization: «bearer»",
    "HTTP 401 from «host»: «err» (HRESULT «hresult»)",
    "Retry 3/5 for message «guid»",
    "Loaded settings from C:\\Users\\«login»\\AppData\\Roaming\\Celina\\settings.json",
    "Client IP «ip» (X-Forwarded-For: «ip», «privip»)",
    "Reverse DNS for peer: «iphost»",
    "SMTP notification sent to «email»",
    "Certificate store opened, pwd=«pwd»",
    "Saved draft for «name:o», address «addr:o»",
    "GPS fix «geo»",
    "Listening on 0.0.0.0:8080",
    "Health check 127.0.0.1 OK",
    "Timer tick «epoch»",
    "IPv6 peer «ip6» connected",
    "Processing batch «cnt» (CN «cn», value «amount»)",
    "NIP «nip» validated against VIES",
    "Operator phone «phone»",
    "Window «window» opened by «login»",
    "Licence «lic» valid until «date»",
    "Payment card «card» declined: «err»",
    "Upload to «urlcred» failed",
    "Account «iban» registered for refunds",
    "Session «guid» closed after «cnt» s",
    "Potrzebna weryfikacja dowodu «idcard» dla «name:o»",
    "Agent celny nr «agent» podpisał deklarację «lrn»",
    "Grешка: декларант «name:o», ЕИК «eik», ДДС «bgvat»",
    "Fetching dictionaries from «host», «cnt» entries",
    "API key in use: «apikey»",
    "Delivery address: «addr:o»",
    "REGON «regon» not found in BIR",
]

STACK_NET = [
    "   at System.Net.HttpWebRequest.GetResponse()",
    "   at Celina.Komunikacja.AisClient.Send(String xml) in C:\\Users\\«login»\\source\\repos\\Celina\\Komunikacja\\AisClient.cs:line «cnt»",
    "   at Celina.Zgloszenia.Wysylka.Run(Zgloszenie z)",
    "   at System.Threading.Tasks.Task.Execute()",
]


# =========================================================================== text bodies

GREET = {
    "pl": ["Dzień dobry,", "Witam,", "Szanowni Państwo,", "Dzień dobry «pan:s»,", "Witam serdecznie,"],
    "bg": ["Здравейте,", "Добър ден,", "Уважаеми колеги,", "Здравейте, «pan:s»,"],
    "en": ["Hello,", "Hi,", "Dear support team,", "Hi «first:s»,"],
}
PARA = {
    "pl": [
        "od wczoraj nie możemy wysłać zgłoszenia ZC415 (MRN «mrn»). Program zwraca błąd «err» o godz. «time».",
        "po aktualizacji do wersji «ver» aplikacja zawiesza się przy otwieraniu okna «window».",
        "w załączniku przesyłam logi z komputera użytkownika «login» oraz plik konfiguracyjny.",
        "Numer licencji: «lic», numer zgłoszenia «ticket».",
        "Proszę o kontakt pod numerem «tel» lub mailowo: «email».",
        "Dane firmy: NIP «nip», REGON «regon».",
        "Zgłoszenie dotyczy klienta «name_gen:o» (PESEL «pesel:o»), adres dostawy: «addr:o».",
        "Adres dostawy: «addr:o»",
        "Przelew za licencję wykonano z rachunku «iban».",
        "Płatność kartą «card» została odrzucona, kod błędu «err».",
        "Do weryfikacji podaję numer dowodu osobistego: «idcard».",
        "Deklarację podpisał agent celny nr «agent:c».",
        "Zgłoszenie przygotował «name:c», wpis nr «agent:c».",
        "Hasło do konta testowego: «pwd» – proszę je zmienić po testach.",
        "Na stanowisku testowym hasło: «pwd»",
        "Serwer proxy ma adres «ip», wewnętrznie «privip».",
        "Lokalizacja magazynu (GPS): «geo».",
        "Sprawę przekazuję «name_dat:c», który zajmuje się u nas wysyłką.",
        "Wczoraj rozmawiałam o tym z «name_ins:c», ale problem nadal występuje.",
        "Błąd pojawia się od «wday», «date», zawsze przy wysyłce do «host».",
        "Użytkownik «login» zalogował się o «time», a po kilku próbach konto zostało zablokowane.",
        "W logu widać: «quoteline»",
        "Zgłaszający: «name_caps:o», PESEL «pesel:o», «tel:o».",
        "Faktura na kwotę «amount» dotyczy towaru o kodzie CN «cn».",
        "Adres do korespondencji: «addr»",
        "Połączenie z «iphost» jest zrywane po «cnt» sekundach.",
        "Proszę nie wysyłać niczego na adres «email_obf», ta skrzynka jest już nieaktywna.",
        "Klucz API, który dostaliśmy («apikey»), też nie działa.",
        "Ten sam problem ma «name:c» («tel:c») na stanowisku z oknem «window».",
        "Dostęp do serwera z plikami: «urlcred»",
        "Identyfikator sesji: «guid», znacznik czasu «epoch».",
        "Nasz adres publiczny to «ip», a w sieci lokalnej «privip».",
        "Numer rachunku do zwrotu cła: «iban», właściciel «name_caps:o».",
        "Proszę o wystawienie faktury na «name:o», «addr:o», «company_id:o».",
        "Dane odbiorcy: «name:o», «street:o», «postcode:o» «city:o», «tel:o».",
        "Token, którego używamy w integracji: «bearer»",
        "Komunikat z okna: «cls»: Exception of type «cls» was thrown (HRESULT «hresult»).",
        "Konto w programie: login «login», hasło «pwd».",
    ],
    "bg": [
        "от вчера не можем да подадем декларация (MRN «mrn»). Програмата връща грешка «err» в «time» ч.",
        "след обновяване до версия «ver» приложението блокира при отваряне на прозорец «window».",
        "Потребител «login» не може да влезе в системата от «wday».",
        "Моля, свържете се с мен на «tel» или на «email».",
        "ЕГН на декларанта: «egn:o».",
        "Данни на фирмата: ЕИК «eik», ДДС номер «bgvat».",
        "Проблемът е при декларант «name:o» – грешка «err» при изпращане.",
        "Адрес за доставка: «addr:o»",
        "Плащането е направено от сметка «iban».",
        "Картата «card» беше отхвърлена.",
        "Паролата за тестовия акаунт е парола: «pwd»",
        "Прокси сървърът е «ip», вътрешен адрес «privip».",
        "Координати на склада: «geo».",
        "Лиценз: «lic», тикет «ticket».",
        "В лога се вижда: «quoteline»",
        "Получател: «name_caps:o», ЕГН «egn:o», «tel:o».",
        "Колегата ми «name:c» ще ви изпрати останалите файлове.",
        "Декларацията е подписана от митнически агент «name3:c», удостоверение № «agent:c».",
        "Фактура за «amount», код по КН «cn».",
        "Моля, не пишете на «email_obf», пощата вече не се използва.",
        "Връзката с «iphost» прекъсва след «cnt» секунди.",
        "Login: «login» / parola «pwd»",
        "Сесия «guid», време «epoch».",
        "Лицето за контакт е «name_lat:c», «tel:c».",
        "Адресът по регистрация е «addr».",
        "при декларант «name:o» програмата показва «cls».",
        "Стоката е за «name3:o», «addr:o», ЕГН «egn:o».",
        "API ключът «apikey» вече не работи.",
        "Грешката е от «date», версия «ver».",
        "user «login» parola: «pwd»",
    ],
    "en": [
        "since yesterday we cannot submit declarations (MRN «mrn»); the client shows «err» at «time».",
        "after upgrading to version «ver» the application hangs when opening «window».",
        "attached are the logs from the workstation of user «login».",
        "please call me at «phone» or write to «email».",
        "the declarant is «name:o» («natid_label:o»).",
        "our proxy is «ip», internally «privip».",
        "Login: «login» / parola «pwd»",
        "licence «lic», ticket «ticket».",
        "The payment with card «card» failed with «hresult».",
        "Please do not use «email_obf» anymore.",
        "The goods go to «addr:o».",
        "Our VAT number is «company_id».",
        "Refunds to «iban», please.",
        "The consignee «name_caps:o» called from «phone:o».",
        "We see this in the log: «quoteline»",
        "Our FTP for the files is «urlcred»",
        "Warehouse location: «geo».",
        "user «login» cannot log in since «wday».",
    ],
}
SIGN = {
    "pl": ["Z poważaniem\n«name»\n«company»\n«tel»",
           "Pozdrawiam\n«first»",
           "Pozdrawiam serdecznie,\n«name»\nSpecjalista ds. celnych\n«email»",
           "--\n«name» | «company»\n«tel» | «email»\n«addr»",
           "Z wyrazami szacunku\n«name_caps»\nagent celny nr «agent»",
           "Pozdrawiam,\n«name»\n\nWysłane z iPhone'a"],
    "bg": ["С уважение,\n«name»\n«company»\n«tel»",
           "Поздрави,\n«first»",
           "--\n«name_lat»\n«company»\n«tel»",
           "С уважение,\n«name3»\nмитнически агент\n«email»",
           "Поздрави,\n«name»\n\nИзпратено от моя iPhone"],
    "en": ["Best regards,\n«name»", "Kind regards,\n«name_lat»\n«phone»", "Thanks,\n«first»\n«email»"],
}
STAFF_REPLY = {
    "pl": ["Dzień dobry,\n\nproszę o przesłanie logów z katalogu «path» oraz pliku app.config.\nNumer zgłoszenia: «ticket».\n\nZ poważaniem\n«name:s»\nDział Wsparcia Technicznego\n«tel:s»",
           "Witam,\n\nczy problem występuje także dla użytkownika «login»? Proszę sprawdzić wersję (powinna być «ver»).\n\nPozdrawiam\n«name:s»"],
    "bg": ["Здравейте,\n\nмоля, изпратете ни логовете от папка «path» и файла app.config.\nТикет: «ticket».\n\nС уважение,\n«name:s»\nТехническа поддръжка\n«tel:s»",
           "Добър ден,\n\nпроблемът при потребител «login» ли е? Версията трябва да е «ver».\n\nПоздрави,\n«name:s»"],
    "en": ["Hello,\n\nplease send us the logs from «path» and app.config.\nTicket: «ticket».\n\nBest regards,\n«name:s»\nTechnical Support\n«phone:s»"],
}
SUBJECTS = {
    "pl": ["Błąd wysyłki ZC415 – «ticket»", "Problem z logowaniem", "Deklaracja «lrn» – błąd «err»",
           "Pilne: aplikacja się zawiesza", "Zgłoszenie od «name»", "Logi z programu Celina",
           "Aktualizacja do «ver» nie działa", "Pytanie o licencję «lic»", "Błąd «hresult» przy starcie"],
    "bg": ["Грешка при изпращане на декларация", "Проблем с вход – «ticket»", "Логове от програмата",
           "Спешно: програмата блокира", "Запитване от «name»", "Грешка «err» при подаване"],
    "en": ["Error submitting declaration «lrn»", "Login problem", "Logs attached – «ticket»",
           "Licence «lic» question"],
}
SUPPORT_ADDR = {"pl": ("Pomoc Celina", "pomoc@celina-soft.example"),
                "bg": ("Поддръжка", "podrazhka@celina-soft.example"),
                "en": ("Celina Support", "support@celina-soft.example")}


def body_text(ctx, n_para=None):
    lang = ctx.lang
    lines = [ctx.fill(ctx.choice(GREET[lang])), ""]
    n = n_para or ctx.rng.randrange(2, 6)
    paras = ctx.rng.sample(PARA[lang], n)
    for prm in paras:
        t = ctx.fill(prm)
        words = [w for w in re.findall(r"[^\W\d_]{7,}", SLOT.sub(" ", prm)) if w in t]
        if words and ctx.chance(0.5):
            ctx.k(ctx.choice(words))  # an ordinary word must survive too
        if lines[-1] and lines[-1] != "":
            lines.append("")
        lines.append(t)
    lines.append("")
    lines.append(ctx.fill(ctx.choice(SIGN[lang])))
    return "\n".join(lines)


def flow(text, width=72):
    """RFC 3676 format=flowed: long lines broken after a space (soft line breaks)"""
    out = []
    for line in text.split("\n"):
        prefix = re.match(r"^(?:> ?)*", line).group(0)
        body = line[len(prefix):]
        if len(line) <= width or line == "-- ":
            out.append(line)
            continue
        cur = ""
        for w in body.split(" "):
            if cur and len(prefix) + len(cur) + len(w) + 1 > width:
                out.append(prefix + cur + " ")
                cur = w
            else:
                cur = (cur + " " + w) if cur else w
        out.append(prefix + cur)
    return "\n".join(out)


def quote(text, prefix="> "):
    return "\n".join((prefix + l) if l else prefix.rstrip() for l in text.split("\n"))


def attribution(ctx, style, who="s"):
    t = ctx.clock - dt.timedelta(hours=ctx.rng.randrange(2, 60))
    lang = ctx.lang
    pp = ctx.person(who)
    if style == "thunderbird":
        if lang == "pl":
            return f"W dniu {ctx.k(t.strftime('%d.%m.%Y'))} o {t:%H:%M}, {ctx.s_name(who)} pisze:"
        if lang == "bg":
            return f"На {ctx.k(t.strftime('%d.%m.%Y'))} в {t:%H:%M}, {ctx.s_name(who)} написа:"
        return f"On {ctx.k(t.strftime('%m/%d/%Y'))} {t:%H:%M}, {ctx.s_name(who)} wrote:"
    if style == "gmail":
        if lang == "pl":
            return (f"{PL_WDAYS[t.weekday()][:2]}., {t.day} {PL_MONTHS_GEN[t.month - 1][:3]} {t.year} "
                    f"o {t:%H:%M} {ctx.s_name(who)} <{ctx.s_email(who)}> napisał(a):")
        if lang == "bg":
            return (f"На {BG_WDAYS[t.weekday()][:2]}, {ctx.k(t.strftime('%d.%m.%Y'))} г. в {t:%H:%M} "
                    f"{ctx.s_name(who)} <{ctx.s_email(who)}> написа:")
        return f"On {t:%a, %b %d, %Y} at {t:%H:%M} {ctx.s_name(who)} <{ctx.s_email(who)}> wrote:"
    # outlook
    if lang == "pl":
        return (f"Od: {ctx.s_name(who)} [mailto:{ctx.s_email(who)}]\nWysłano: "
                f"{ctx.k(PL_WDAYS[t.weekday()])}, {t.day} {ctx.k(PL_MONTHS_GEN[t.month - 1])} {t.year} {t:%H:%M}\n"
                f"Do: {ctx.s_name('p')} <{ctx.s_email('p')}>\nTemat: RE: zgłoszenie {ctx.s_ticket('p')}\n")
    if lang == "bg":
        return (f"From: {ctx.s_name(who)} <{ctx.s_email(who)}>\nSent: {t:%A, %B %d, %Y %H:%M}\n"
                f"To: {ctx.s_name('p')}\nSubject: RE: {ctx.s_ticket('p')}\n")
    return (f"-----Original Message-----\nFrom: {ctx.s_name(who)} <{ctx.s_email(who)}>\n"
            f"Sent: {t:%A, %B %d, %Y %H:%M}\nTo: {ctx.s_name('p')}\nSubject: {ctx.s_ticket('p')}\n")


def forwarded_block(ctx):
    """inline Gmail-style forward of a message from a third person"""
    saved = ctx.people.get("p")
    # the forwarded message is written by the colleague 'c'
    ctx.people["p"] = ctx.person("c")
    t = ctx.clock - dt.timedelta(days=ctx.rng.randrange(1, 9))
    hdr = {"pl": "---------- Przekazana wiadomość ---------\nOd: {n} <{e}>\nDate: {d}\nSubject: {s}\nTo: {to}",
           "bg": "---------- Forwarded message ---------\nFrom: {n} <{e}>\nDate: {d}\nSubject: {s}\nTo: {to}",
           "en": "---------- Forwarded message ---------\nFrom: {n} <{e}>\nDate: {d}\nSubject: {s}\nTo: {to}"}[ctx.lang]
    n = ctx.s_name("p")
    e = ctx.s_email("p")
    s = ctx.fill(ctx.choice(SUBJECTS[ctx.lang]))
    inner = body_text(ctx, ctx.rng.randrange(1, 4))
    ctx.people["p"] = saved
    to = ctx.s_email("p")
    return hdr.format(n=n, e=e, d=t.strftime("%a, %b %d, %Y at %I:%M %p"), s=s, to=to) + "\n\n" + inner


# =========================================================================== encodings


def pick_charset(text, prefs):
    for cs in prefs:
        try:
            text.encode(cs)
            return cs
        except UnicodeEncodeError:
            continue
    return "utf-8"


def html_enc_fn(mode):
    def enc(s):
        s = html.escape(s, quote=False)
        if mode in ("at", "ncr"):
            s = s.replace("@", "&#64;")
        if mode == "ncr":
            s = "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in s)
        return s
    return enc


def text_to_html(text, enc, style):
    out = []
    if style == "gmail":
        out.append('<div dir="ltr">')
        inq = False
        for line in text.split("\n"):
            if line.startswith(">"):
                if not inq:
                    out.append('<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
                               'border-left:1px solid rgb(204,204,204);padding-left:1ex">')
                    inq = True
                line = line[1:].lstrip(" ")
            elif inq:
                out.append("</blockquote>")
                inq = False
            out.append((enc(line) if line else "") + "<br>")
        if inq:
            out.append("</blockquote>")
        out.append("</div>")
        return "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head><body>" \
            + "\n".join(out) + "</body></html>\n"
    # outlook
    out.append('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
               '<meta name=Generator content="Microsoft Word 15 (filtered medium)">'
               '<style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;} --></style>'
               '</head><body lang=PL link="#0563C1"><div class=WordSection1>')
    for line in text.split("\n"):
        out.append(f"<p class=MsoNormal>{enc(line) if line else '<o:p>&nbsp;</o:p>'}</p>")
    out.append("</div></body></html>")
    return "\n".join(out) + "\n"


CS_LABEL = {"cp1250": "windows-1250", "cp1251": "windows-1251"}


def encode_text_file(ctx, text, prefs):
    """Encode a text attachment; returns (bytes, charset label or None)."""
    p = prefs[0]
    if p == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le"), "utf-16"
    if p == "utf-16-le":
        return text.encode("utf-16-le"), None
    if p == "utf-8-sig":
        return text.encode("utf-8-sig"), "utf-8"
    cs = pick_charset(text, prefs)
    return text.encode(cs), CS_LABEL.get(cs, cs)


# =========================================================================== file builders


def crlf(s):
    return s.replace("\r\n", "\n").replace("\n", "\r\n")


def f_dotnet_log(ctx):
    lines = []
    n = ctx.rng.randrange(10, 24)
    thread = ctx.rng.randrange(1, 40)
    lines.append(f"{ctx.s_ts('p')} [1] INFO  {ctx.s_module('p')} - " + ctx.fill(LOG_MSGS[0]))
    for _ in range(n):
        lvl = ctx.choice(["INFO ", "INFO ", "DEBUG", "WARN ", "ERROR"])
        msg = ctx.fill(ctx.choice(LOG_MSGS))
        lines.append(f"{ctx.s_ts('p')} [{thread}] {lvl} {ctx.choice(MODULES)} - {msg}")
        if lvl == "ERROR" and ctx.chance(0.6):
            lines.append(f"{ctx.s_cls('p')}: The remote server returned an error: (401) Unauthorized. ---> {ctx.s_err('p')}")
            lines.extend(ctx.fill(l) for l in STACK_NET)
    text = "\r\n".join(lines) + "\r\n"
    prefs = ctx.choice([["utf-8"], ["utf-8-sig"], ["cp1250", "cp1251"], ["utf-16-le-bom"], ["utf-16-le"]])
    data, cs = encode_text_file(ctx, text, prefs)
    return data, cs


def f_json_log(ctx):
    flavor = ctx.choice(["serilog", "nlog", "log4net"])
    ea = ctx.chance(0.5)
    lines = []
    for _ in range(ctx.rng.randrange(8, 18)):
        m = ctx.rec.mark()
        if flavor == "serilog":
            kind = ctx.rng.random()
            if kind < 0.3:
                d = {"@t": ctx.s_ts("p"), "@mt": "User {UserName} logged in from {ClientIp}",
                     "@l": "Information", "UserName": ctx.s_login("p"), "ClientIp": ctx.s_ip("p"),
                     "SourceContext": ctx.s_module("p")}
            elif kind < 0.5:
                d = {"@t": ctx.s_ts("p"), "@mt": "Declaration {Lrn} for {Declarant} sent",
                     "Lrn": ctx.s_lrn("p"), "Declarant": ctx.s_name_any("o"),
                     "DeclarantId": ctx.s_natid("o"), "SourceContext": ctx.s_module("p")}
            elif kind < 0.6:
                d = {"@t": ctx.s_ts("p"), "@mt": "Location update", "Lat": ctx.geo_num("p", 0),
                     "Lon": ctx.geo_num("p", 1), "Device": ctx.s_guid("p")}
            else:
                d = {"@t": ctx.s_ts("p"), "@mt": ctx.fill(ctx.choice(LOG_MSGS)), "@l": "Warning",
                     "SourceContext": ctx.s_module("p"), "ThreadId": ctx.rng.randrange(1, 40)}
        elif flavor == "nlog":
            d = {"time": ctx.s_ts("p"), "level": ctx.choice(["INFO", "ERROR", "WARN"]),
                 "logger": ctx.s_module("p"), "message": ctx.fill(ctx.choice(LOG_MSGS))}
            if ctx.chance(0.3):
                d["exception"] = f"{ctx.s_cls('p')}: {ctx.fill(ctx.choice(LOG_MSGS))}\r\n" + \
                    "\r\n".join(ctx.fill(l) for l in STACK_NET)
            if ctx.chance(0.3):
                d["user"] = {"login": ctx.s_login("p"), "email": ctx.s_email("p"), "phone": ctx.s_phone("p")}
        else:
            d = {"date": ctx.s_ts("p"), "level": ctx.choice(["INFO", "DEBUG", "ERROR"]),
                 "logger": ctx.s_module("p"), "thread": str(ctx.rng.randrange(1, 40)),
                 "message": ctx.fill(ctx.choice(LOG_MSGS)),
                 "properties": {"log4net:UserName": "FIRMA\\" + ctx.s_login("p"),
                                "log4net:HostName": ctx.choice(["WS-07", "KASA-2", "PC-ODPRAWY"])}}
        line = json.dumps(d, ensure_ascii=ea)
        ctx.rec.transform(m, lambda v, ea=ea: json.dumps(v, ensure_ascii=ea)[1:-1])
        lines.append(line)
    return ("\n".join(lines) + "\n").encode("utf-8"), "utf-8"


def f_java(ctx):
    t = []
    t.append(f"{ctx.s_ts('p')} ERROR [http-nio-8080-exec-{ctx.rng.randrange(1, 20)}] pl.celina.ais.GatewayClient - Request failed for user={ctx.s_login('p')}")
    t.append(f"java.sql.SQLException: Access denied for user '{ctx.s_login('p')}'@'{ctx.s_ip('p')}' (using password: YES)")
    t.append("\tat com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:129)")
    t.append("\tat com.mysql.cj.jdbc.ConnectionImpl.createNewIO(ConnectionImpl.java:828)")
    t.append(f"\tat pl.celina.ais.GatewayClient.send(GatewayClient.java:{ctx.s_cnt('p')})")
    t.append("\tat java.base/java.lang.Thread.run(Thread.java:833)")
    t.append(f"Caused by: {ctx.s_cls('p')}: Read timed out")
    t.append("\tat java.base/java.net.SocketInputStream.socketRead0(Native Method)")
    t.append("\t... 42 more")
    t.append(f"{ctx.s_ts('p')} WARN  [main] pl.celina.config.DataSource - url=jdbc:postgresql://{ctx.s_host('p')}:5432/celina?user={ctx.s_login('p')}&password={ctx.s_pwd('p')}")
    for _ in range(ctx.rng.randrange(3, 8)):
        t.append(f"{ctx.s_ts('p')} INFO  [pool-2-thread-{ctx.rng.randrange(1, 9)}] pl.celina.ais.Sync - {ctx.fill(ctx.choice(LOG_MSGS))}")
    return ("\n".join(t) + "\n").encode("utf-8"), "utf-8"


def f_xml_decl(ctx):
    o = ctx.person("o")
    a = ctx.person("c")
    m = ctx.rec.mark()
    if o.nat == "pl":
        street, pc, city = ctx._addr_parts(o)
        decl = f"""<?xml version="1.0" encoding="{{enc}}"?>
<ZC415 xmlns="urn:celina:zc415:v3" wersja="{ctx.s_ver('p')}">
  <Naglowek>
    <LRN>{ctx.s_lrn('p')}</LRN>
    <MRN>{ctx.s_mrn('p')}</MRN>
    <DataWystawienia>{ctx.s_ts('p')}</DataWystawienia>
    <UrzadCelny>PL{ctx.choice(['301000', '445010', '331030'])}</UrzadCelny>
  </Naglowek>
  <Zglaszajacy>
    <Nazwa>{ctx.s_name_caps('o')}</Nazwa>
    <EORI>PL{o.get('nip', lambda: ids.nip(ctx.rng))}00000</EORI>
    <NIP>{ctx.s_nip('o')}</NIP>
    <REGON>{ctx.s_regon('o')}</REGON>
    <PESEL>{ctx.s_pesel('o')}</PESEL>
    <Adres>
      <UlicaNumer>{ctx.p('address', street)}</UlicaNumer>
      <KodPocztowy>{ctx.p('postal_code', pc)}</KodPocztowy>
      <Miejscowosc>{city}</Miejscowosc>
      <Kraj>PL</Kraj>
    </Adres>
    <Telefon>{ctx.s_phone('o')}</Telefon>
    <Email>{ctx.s_email('o')}</Email>
  </Zglaszajacy>
  <Przedstawiciel>
    <Imie>{ctx.s_first('c')}</Imie>
    <Nazwisko>{ctx.s_last('c')}</Nazwisko>
    <NrWpisu>{ctx.s_agent('c')}</NrWpisu>
    <Status>2</Status>
  </Przedstawiciel>
  <Towar lp="1">
    <KodCN>{ctx.s_cn('p')}</KodCN>
    <Opis>Komputery przenośne</Opis>
    <Wartosc>{ctx.s_amount('p')}</Wartosc>
  </Towar>
  <Platnosc><Rachunek>{ctx.s_iban('o')}</Rachunek></Platnosc>
  <Podpis><Osoba>{ctx.s_name('c')}</Osoba><Data>{ctx.s_date('p')}</Data></Podpis>
</ZC415>
"""
        cs = ctx.choice(["UTF-8", "windows-1250", "ISO-8859-2"])
    else:
        street, pc, city = ctx._addr_parts(o)
        decl = f"""<?xml version="1.0" encoding="{{enc}}"?>
<Declaration xmlns="urn:bg:customs:sad:v2" version="{ctx.s_ver('p')}">
  <Header><LRN>{ctx.s_lrn('p')}</LRN><MRN>{ctx.s_mrn('p')}</MRN><Issued>{ctx.s_ts('p')}</Issued></Header>
  <Declarant>
    <Name>{ctx.s_name_caps('o')}</Name>
    <EGN>{ctx.s_egn('o')}</EGN>
    <EORI>{ctx.s_bgvat('o')}</EORI>
    <Address><Street>{ctx.p('address', street)}</Street><PostCode>{ctx.p('postal_code', pc)}</PostCode><City>{city}</City><Country>BG</Country></Address>
    <Phone>{ctx.s_phone('o')}</Phone>
    <Email>{ctx.s_email('o')}</Email>
  </Declarant>
  <Representative>
    <Name>{ctx.s_name3('c')}</Name>
    <LicenceNo>{ctx.s_agent('c')}</LicenceNo>
  </Representative>
  <Item no="1"><CN>{ctx.s_cn('p')}</CN><Value>{ctx.s_amount('p')}</Value></Item>
  <Bank><IBAN>{ctx.s_iban('o')}</IBAN></Bank>
</Declaration>
"""
        cs = ctx.choice(["UTF-8", "windows-1251"])
    # XML escaping of the values that need it
    esc = lambda v: v.replace("&", "&amp;").replace("<", "&lt;")
    ctx.rec.transform(m, esc)
    cs2 = pick_charset(decl, [cs])
    if cs2 != cs.lower() and cs2 != cs:
        cs = "UTF-8"
    decl = decl.replace("{enc}", cs)
    return decl.encode(cs), cs.lower()


def f_config(ctx):
    m = ctx.rec.mark()
    t = f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <configSections>
    <section name="log4net" type="log4net.Config.Log4NetConfigurationSectionHandler, log4net"/>
  </configSections>
  <appSettings>
    <add key="AisEndpoint" value="https://{ctx.s_host('p')}/ais/v2"/>
    <add key="ClientId" value="celina-desktop"/>
    <add key="ClientSecret" value="{ctx.s_token('p')}"/>
    <add key="AisUser" value="{ctx.s_login('p')}"/>
    <add key="NotifyEmail" value="{ctx.s_email('p')}"/>
    <add key="ProxyAddress" value="http://{ctx.s_ip('p')}:3128"/>
    <add key="LicenseId" value="{ctx.s_lic('p')}"/>
    <add key="Version" value="{ctx.s_ver('p')}"/>
    <add key="ApiKey" value="{ctx.s_apikey('p')}"/>
  </appSettings>
  <connectionStrings>
    <add name="Main" connectionString="{ctx.s_connstr('p')}" providerName="System.Data.SqlClient"/>
  </connectionStrings>
  <system.net>
    <defaultProxy><proxy proxyaddress="http://{ctx.s_privip('p')}:8080" bypassonlocal="true"/></defaultProxy>
  </system.net>
</configuration>
"""
    ctx.rec.transform(m, lambda v: v.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;"))
    return t.encode("utf-8"), "utf-8"


def f_ini(ctx):
    pp = ctx.person("p")
    lang = pp.nat
    sec = []
    sec.append(f"; Celina {ctx.s_ver('p')} - zrzut konfiguracji {ctx.s_ts('p')}")
    sec.append("[General]")
    sec.append(f"License={ctx.s_lic('p')}")
    sec.append(f"InstallDir={ctx.s_path('p')}")
    sec.append(f"LastUser={ctx.s_login('p')}")
    sec.append("")
    sec.append("[Auth]")
    sec.append(f"user={ctx.s_login('p')}")
    sec.append(f"password={ctx.s_pwd('p')}")
    sec.append(f"refresh_token={ctx.s_token('p')}")
    if ctx.chance(0.5):
        sec.append(f"api_key = {ctx.s_apikey('p')}")
    if ctx.chance(0.25):
        pem = ctx.s_pem("p")
        sec.append("signing_key = " + pem.split("\n")[0])
        sec.extend(pem.split("\n")[1:])
    sec.append("")
    sec.append("[Operator]")
    if lang == "pl":
        sec.append(f"Imie={ctx.s_first('p')}")
        sec.append(f"Nazwisko={ctx.s_last('p')}")
        sec.append(f"PESEL={ctx.s_pesel('p')}")
        sec.append(f"Telefon={ctx.s_phone('p')}")
        sec.append(f"NrWpisuAgenta={ctx.s_agent('p')}")
    else:
        sec.append(f"Име={ctx.s_first('p')}")
        sec.append(f"Фамилия={ctx.s_last('p')}")
        sec.append(f"ЕГН={ctx.s_egn('p')}")
        sec.append(f"Телефон={ctx.s_phone('p')}")
    sec.append(f"Email={ctx.s_email('p')}")
    sec.append("")
    sec.append("[Firma]")
    sec.append(f"Nazwa={ctx.s_company('p')}")
    if lang == "pl":
        sec.append(f"NIP={ctx.s_nip('p')}")
        sec.append(f"REGON={ctx.s_regon('p')}")
    else:
        sec.append(f"EIK={ctx.s_eik('p')}")
        sec.append(f"VAT={ctx.s_bgvat('p')}")
    sec.append(f"Adres={ctx.s_addr('p')}")
    sec.append(f"Rachunek={ctx.s_iban('p')}")
    sec.append("")
    sec.append("[Network]")
    sec.append(f"Proxy={ctx.s_privip('p')}:8080")
    sec.append(f"PublicIp={ctx.s_ip('p')}")
    sec.append(f"Listen={ctx.k('0.0.0.0')}:9090")
    sec.append(f"Timeout={ctx.rng.randrange(10, 120)}")
    sec.append("")
    sec.append("[Geo]")
    sec.append(f"lat={ctx.s_lat('p')}")
    sec.append(f"lon={ctx.s_lon('p')}")
    text = "\r\n".join(sec) + "\r\n"
    data, cs = encode_text_file(ctx, text, [ctx.choice(["utf-8", "cp1250" if lang == "pl" else "cp1251"])])
    return data, cs


CSV_HEAD = {
    "pl": ["Imię", "Nazwisko", "E-mail", "Telefon", "PESEL", "Ulica", "Kod pocztowy", "Miasto", "Data dodania", "Uwagi"],
    "bg": ["Име", "Фамилия", "Имейл", "Телефон", "ЕГН", "Адрес", "Пощенски код", "Град", "Дата", "Бележка"],
}


def f_csv(ctx):
    lang = ctx.choice(["pl", "bg"])
    rows = [";".join(CSV_HEAD[lang])]
    notes = {"pl": ["stały klient", "", "VIP", "sprawdzić NIP", ""],
             "bg": ["постоянен клиент", "", "VIP", "", "проверка"]}[lang]
    saved = ctx.lang
    ctx.lang = lang
    for i in range(ctx.rng.randrange(4, 10)):
        role = f"r{i}"
        ctx.people[role] = Person(ctx, lang)
        street, pc, city = ctx._addr_parts(ctx.people[role])
        cells = [ctx.s_first(role), ctx.s_last(role), ctx.s_email(role), ctx.s_phone(role),
                 ctx.s_natid(role), ctx.p("address", street), ctx.p("postal_code", pc), city,
                 ctx.s_date("p"), ctx.choice(notes)]
        cells = ['"' + c.replace('"', '""') + '"' if (";" in c or '"' in c or "," in c) else c for c in cells]
        rows.append(";".join(cells))
    ctx.lang = saved
    text = "\r\n".join(rows) + "\r\n"
    prefs = ctx.choice([["utf-8-sig"], ["utf-8"], ["cp1250"] if lang == "pl" else ["cp1251"]])
    return encode_text_file(ctx, text, prefs)


def f_json_cfg(ctx):
    pp = ctx.person("p")
    m = ctx.rec.mark()
    d = {
        "app": {"version": ctx.s_ver("p"), "license": ctx.s_lic("p"), "module": ctx.s_module("p")},
        "user": {"login": ctx.s_login("p"), "displayName": ctx.s_name("p"), "email": ctx.s_email("p"),
                 "phone": ctx.s_phone("p")},
        "ais": {"endpoint": f"https://{ctx.s_host('p')}/ais", "certPassword": ctx.s_pwd("p"),
                "accessToken": ctx.s_jwt("p"), "refreshToken": ctx.s_token("p")},
        "lastLocation": {"lat": ctx.geo_num("p", 0), "lon": ctx.geo_num("p", 1)},
        "network": {"proxy": ctx.s_privip("p"), "publicIp": ctx.s_ip("p"), "bind": ctx.s_loopback("p")},
        "session": {"id": ctx.s_guid("p"), "started": ctx.s_ts("p"), "epoch": int(ctx.s_epoch("p"))},
    }
    if pp.nat == "pl":
        v = ctx.s_pesel("p")
        d["user"]["pesel"] = int(v) if v[0] != "0" else v
    else:
        d["user"]["egn"] = ctx.s_egn("p")
    if ctx.chance(0.4):
        d["ais"]["privateKey"] = ctx.s_pem("p")
    ea = ctx.chance(0.4)
    text = json.dumps(d, ensure_ascii=ea, indent=2)
    ctx.rec.transform(m, lambda v: json.dumps(v, ensure_ascii=ea)[1:-1])
    return text.encode("utf-8"), "utf-8"


def f_access_log(ctx):
    lines = []
    for _ in range(ctx.rng.randrange(6, 14)):
        role = ctx.choice(["p", "o", "c"])
        ip = ctx.s_ip(role) if ctx.chance(0.8) else ctx.s_privip(role)
        user = ctx.s_login(role) if ctx.chance(0.6) else "-"
        t = ctx.tick()
        ts = ctx.k(t.strftime("%d/%b/%Y:%H:%M:%S +0100"))
        url = ctx.s_url_q(role)
        vhost, path = url.split("/", 3)[2:]
        lines.append(f'{vhost}:443 {ip} - {user} [{ts}] "GET /{path} HTTP/1.1" {ctx.choice([200, 200, 302, 401, 500])} '
                     f'{ctx.rng.randrange(200, 90000)} "-" "Celina/{ctx.s_ver(role)} (Windows NT 10.0)"')
    return ("\n".join(lines) + "\n").encode("utf-8"), "utf-8"


def f_notes(ctx):
    """a support agent's plain-text note or a pasted chat"""
    lang = ctx.lang
    head = {"pl": "Notatka z rozmowy telefonicznej – «date»\nRozmówca: «name:p» («company»), «tel»\n",
            "bg": "Бележка от телефонен разговор – «date»\nОбаждащ се: «name:p» («company»), «tel»\n",
            "en": "Call note – «date»\nCaller: «name:p» («company»), «phone»\n"}[lang]
    t = ctx.fill(head) + "\n" + body_text(ctx, ctx.rng.randrange(3, 7)) + "\n"
    return encode_text_file(ctx, t, [ctx.choice(["utf-8", "cp1250" if lang == "pl" else "cp1251"])])


def f_html_page(ctx):
    mode = ctx.choice(["plain", "at", "ncr"])
    m = ctx.rec.mark()
    text = body_text(ctx, ctx.rng.randrange(3, 6))
    enc = html_enc_fn(mode)
    ctx.rec.transform(m, enc)
    extra_m = ctx.rec.mark()
    mail = ctx.s_email("p")
    link = f'<p>Kontakt: <a href="mailto:{enc(mail)}">{enc(mail)}</a></p>'
    ctx.rec.transform(extra_m, enc)
    page = text_to_html(text, enc, ctx.choice(["gmail", "outlook"])).replace("</body>", link + "</body>")
    return page.encode("utf-8"), "utf-8"


def f_uu_note(ctx):
    """text with an uuencoded log inside (old mail clients and gateways)"""
    inner_where = ctx.where
    ctx.where = inner_where + " (uuencoded)"
    data, _ = f_dotnet_log_utf8(ctx)
    ctx.where = inner_where
    uu = b"".join(binascii.b2a_uu(data[i:i + 45]) for i in range(0, len(data), 45))
    return b"begin 644 trace.log\n" + uu + b"`\nend\n"


def f_dotnet_log_utf8(ctx):
    lines = []
    for _ in range(ctx.rng.randrange(6, 14)):
        lines.append(f"{ctx.s_ts('p')} [{ctx.rng.randrange(1, 30)}] INFO {ctx.choice(MODULES)} - {ctx.fill(ctx.choice(LOG_MSGS))}")
    return ("\n".join(lines) + "\n").encode("utf-8"), "utf-8"


def f_b64_log(ctx):
    """log whose request bodies are logged base64-encoded"""
    lines = []
    for _ in range(ctx.rng.randrange(6, 12)):
        if ctx.chance(0.35):
            w = ctx.where
            ctx.where = w + " (base64 payload)"
            pp = ctx.person("o")
            payload = json.dumps({"declarant": f"{pp.first} {pp.last}", "id": ctx.s_natid("o"),
                                  "email": ctx._email(pp)}, ensure_ascii=False)
            ctx.p("name", f"{pp.first} {pp.last}")
            ctx.p("email", ctx._email(pp))
            ctx.where = w
            b = base64.b64encode(payload.encode()).decode()
            lines.append(f"{ctx.s_ts('p')} DEBUG Celina.Komunikacja.AisClient - request body (base64): {b}")
        else:
            lines.append(f"{ctx.s_ts('p')} INFO  {ctx.choice(MODULES)} - {ctx.fill(ctx.choice(LOG_MSGS))}")
    return ("\n".join(lines) + "\n").encode("utf-8"), "utf-8"



FILE_KINDS = {
    # kind: (builder, extension choices, base names)
    "dotnet": (f_dotnet_log, ["log", "txt"], ["app", "Celina", "celina_errors", "trace", "AisClient", "wysylka"]),
    "jsonlog": (f_json_log, ["json", "jsonl", "ndjson", "log"], ["events", "serilog", "nlog", "log4net"]),
    "java": (f_java, ["log", "txt"], ["gateway", "catalina", "ais-sync", "stacktrace"]),
    "xml": (f_xml_decl, ["xml"], ["ZC415", "ZC429", "deklaracja", "declaration", "SAD"]),
    "config": (f_config, ["config"], ["app", "Celina.exe", "web"]),
    "ini": (f_ini, ["ini", "cfg"], ["settings", "celina", "config_dump"]),
    "csv": (f_csv, ["csv"], ["kontakty", "odbiorcy", "контакти", "export", "klienci"]),
    "jsoncfg": (f_json_cfg, ["json"], ["settings", "appsettings", "profile", "state"]),
    "access": (f_access_log, ["log"], ["access", "iis", "nginx_access"]),
    "notes": (f_notes, ["txt"], ["notatka", "notes", "бележка", "opis_problemu"]),
    "html": (f_html_page, ["html", "htm"], ["ticket", "zgloszenie", "export"]),
    "b64log": (f_b64_log, ["log"], ["requests", "ais_debug"]),
}


def personal_filename(ctx, kind, ext):
    """attachment / member names that carry a person's name (allowed below the top level)"""
    pp = ctx.person("o")
    f = ctx.choice(["{L}_{F}_{T}", "{T}_{L}", "{L}_{F}"])
    tag = {"xml": ctx.choice(["ZC415", "ZC429", "SAD"]), "csv": "kontakty"}.get(kind, "log")
    if pp.nat == "bg" and ctx.chance(0.5):
        L, F = pp.last_lat, pp.first_lat
    else:
        L, F = pp.last, pp.first
    name = f.format(L=L, F=F, T=tag)
    w = ctx.where
    ctx.where = f"{w}{name}.{ext} (file name)"
    if "{F}" in f:
        ctx.p("name", f"{L}_{F}")
    else:
        ctx.p("name", L)
    ctx.where = w
    return f"{name}.{ext}"


def make_file(ctx, kind, where_prefix, personal_name=False):
    """Build one file; returns (name, bytes, charset)."""
    builder, exts, bases = FILE_KINDS[kind]
    ext = ctx.choice(exts)
    if personal_name and kind in ("xml", "csv", "dotnet", "jsonlog"):
        ctx.where = where_prefix
        name = personal_filename(ctx, kind, ext)
    else:
        base = ctx.choice(bases)
        if ctx.chance(0.3):
            base += "_" + ctx.clock.strftime("%Y%m%d")
        name = f"{base}.{ext}"
    ctx.where = where_prefix + name
    data, cs = builder(ctx)
    return name, data, cs


def make_zip(ctx, where_prefix, depth=0):
    buf = io.BytesIO()
    used = set()
    n = ctx.rng.randrange(2, 5)
    kinds = ctx.rng.sample(sorted(FILE_KINDS), n)
    zname = ctx.choice(["logs", "diag", "celina_diag", "paczka", "архив", "export"]) + \
        ("_" + ctx.clock.strftime("%Y%m%d") if ctx.chance(0.5) else "") + ".zip"
    prefix = where_prefix + zname + "/"
    with zipfile.ZipFile(buf, "w") as zf:
        for kd in kinds:
            name, data, cs = make_file(ctx, kd, prefix, personal_name=ctx.chance(0.3))
            folder = ctx.choice(["", "", "logs/", "config/", "data/"])
            full = folder + name
            if full in used:
                continue
            used.add(full)
            # fix the where of what was just planted, now that the folder is known
            for pl in ctx.rec.planted:
                if pl["where"].startswith(prefix + name):
                    pl["where"] = prefix + full + pl["where"][len(prefix + name):]
            zi = zipfile.ZipInfo(full, date_time=ctx.clock.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED if ctx.chance(0.8) else zipfile.ZIP_STORED
            zf.writestr(zi, data)
        if depth < 2 and ctx.chance(0.35):
            iname, idata = make_zip(ctx, prefix, depth + 1)
            zi = zipfile.ZipInfo(iname, date_time=ctx.clock.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_STORED
            zf.writestr(zi, idata)
    return zname, buf.getvalue()


# =========================================================================== mail builders


def hdr_name_encode(name, cs):
    return Header(name, cs).encode()


def ew(text, cs, enc):
    """one RFC 2047 encoded word"""
    b = text.encode(cs)
    if enc == "B":
        return f"=?{cs}?B?{base64.b64encode(b).decode()}?="
    q = "".join(chr(c) if (chr(c).isalnum() and c < 128) else ("_" if c == 32 else f"={c:02X}") for c in b)
    return f"=?{cs}?Q?{q}?="


def msg_id(ctx, dom):
    return f"<{ctx._rand(ctx.rng.randrange(16, 30), string.ascii_letters + string.digits)}@{dom}>"


def received(ctx, who="p"):
    ctx.where = "header Received"
    ip = ctx.s_ip(who)
    host = ip.replace(".", "-")
    dnsname = ctx.choice(["{h}.ip.netia.example.pl", "public-gprs{n}.centertel.example.pl",
                          "{h}.dynamic.vivacom.example.bg", "adsl-{h}.dsl.example.net"])
    if "{h}" in dnsname:
        ctx.p("ip", host)
    dnsname = dnsname.format(h=host, n=ctx.rng.randrange(1000, 99999))
    t = ctx.clock + dt.timedelta(seconds=2)
    return (f"from [{ip}] ({dnsname} [{ip}]) by mx1.celina-soft.example (Postfix) with ESMTPSA id "
            f"{ctx._rand(11, '0123456789ABCDEF')} for <support@celina-soft.example>; "
            f"{format_datetime(t.replace(tzinfo=dt.timezone(dt.timedelta(hours=1))))}")


def collect_attachments(ctx, n):
    atts = []
    for i in range(n):
        r = ctx.rng.random()
        if r < 0.22:
            ctx.where = "attachment "
            zname, data = make_zip(ctx, "attachment ")
            atts.append((zname, data, "application", "zip", None))
        else:
            kind = ctx.choice(sorted(FILE_KINDS))
            name, data, cs = make_file(ctx, kind, "attachment ", personal_name=ctx.chance(0.3))
            ext = name.rsplit(".", 1)[-1]
            ct = {"xml": ("application", "xml"), "csv": ("text", "csv"), "json": ("application", "json"),
                  "html": ("text", "html"), "htm": ("text", "html")}.get(ext, ("text", "plain"))
            if cs in (None, "utf-16") or ctx.chance(0.3):
                ct = ("application", "octet-stream")
            atts.append((name, data, ct[0], ct[1], cs))
    return atts


def body_with_context(ctx, style):
    """main text, maybe with a quoted earlier message or an inline forward"""
    ctx.where = "body"
    ctx._body_mark = ctx.rec.mark()
    text = body_text(ctx)
    r = ctx.rng.random()
    if r < 0.35:
        ctx.where = "body (quoted)"
        prev = ctx.fill(ctx.choice(STAFF_REPLY[ctx.lang]))
        att = attribution(ctx, style)
        if style == "outlook":
            text = text + "\n\n" + att + "\n" + prev
        else:
            text = text + "\n\n" + att + "\n" + quote(prev)
    elif r < 0.5:
        ctx.where = "body (forwarded inline)"
        text = text + "\n\n" + forwarded_block(ctx)
    ctx.where = "body"
    return text


def set_common_headers(ctx, msg, style, use_default):
    lang = ctx.lang
    pp = ctx.person("p")
    ctx.where = "header From"
    name = ctx.s_name("p") if ctx.chance(0.85) else ctx.s_name_caps("p")
    email = ctx.s_email("p")
    sname, saddr = SUPPORT_ADDR[lang]
    ctx.where = "header Subject"
    subj = ctx.fill(ctx.choice(SUBJECTS[lang]))
    if ctx.chance(0.3):
        subj = ctx.choice(["Re: ", "RE: ", "Odp: ", "Fwd: ", "FW: "]) + subj
    date = format_datetime(ctx.clock.replace(tzinfo=dt.timezone(dt.timedelta(hours=1))))
    if use_default:
        msg["From"] = Address(display_name=name, addr_spec=email)
        msg["To"] = Address(display_name=sname, addr_spec=saddr)
        msg["Subject"] = subj
    else:
        cs = pick_charset(name + subj, ["iso-8859-2", "windows-1250"] if lang == "pl" else
                          ["windows-1251", "koi8-r"] if lang == "bg" else ["us-ascii"])
        if name.isascii():
            msg["From"] = formataddr((name, email))
        else:
            msg["From"] = formataddr((str(Header(name, cs).encode()), email))
        msg["To"] = formataddr((str(Header(sname, "utf-8").encode()) if not sname.isascii() else sname, saddr))
        msg["Subject"] = Header(subj, cs) if not subj.isascii() else subj
    msg["Date"] = date
    if ctx.chance(0.4):
        ctx.where = "header Cc"
        c = ctx.person("c")
        if use_default:
            msg["Cc"] = Address(display_name=f"{c.first} {c.last}", addr_spec=ctx._email(c))
        else:
            cs = pick_charset(f"{c.first} {c.last}", ["utf-8"])
            msg["Cc"] = formataddr((str(Header(f"{c.first} {c.last}", cs).encode()), ctx._email(c)))
        ctx.p("name", f"{c.first} {c.last}")
        ctx.p("email", ctx._email(c))
    msg["Message-ID"] = msg_id(ctx, {"outlook": "EUR03.prod.outlook.example", "gmail": "mail.gmail.com",
                                     "thunderbird": "wp.pl", "apple": "icloud.example"}.get(style, "localhost"))
    if ctx.chance(0.6):
        msg["Received"] = received(ctx)
    if ctx.chance(0.3):
        ctx.where = "header X-Originating-IP"
        msg["X-Originating-IP"] = f"[{ctx.s_ip('p')}]"
    ctx.where = "body"


def add_atts_default(ctx, msg, atts):
    for name, data, mt, st, cs in atts:
        if mt == "text" and cs and cs not in ("utf-16",):
            try:
                txt = data.decode(cs)
                if txt.startswith("\ufeff"):
                    raise ValueError
                msg.add_attachment(txt, subtype=st, charset=cs, filename=name,
                                   cte=ctx.choice(["base64", "quoted-printable"]))
                continue
            except (UnicodeDecodeError, ValueError, LookupError):
                pass
        msg.add_attachment(data, maintype=mt if mt != "text" else "application",
                           subtype=st if mt != "text" else "octet-stream", filename=name)


def add_atts_compat(ctx, outer, atts):
    for name, data, mt, st, cs in atts:
        part = MIMEBase(mt, st)
        part.set_payload(data)
        encoders.encode_base64(part)
        if name.isascii():
            part.add_header("Content-Disposition", "attachment", filename=name)
            part.set_param("name", name)
        elif ctx.chance(0.5):
            # Outlook style: RFC 2047 inside the parameter
            encname = Header(name, "utf-8").encode()
            part.add_header("Content-Disposition", "attachment", filename=encname)
            part.set_param("name", encname)
        else:
            part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", name))
        outer.attach(part)


def build_default(ctx, style):
    """Gmail / Thunderbird / Apple Mail shapes with policy.default"""
    msg = EmailMessage()
    set_common_headers(ctx, msg, style, True)
    if style == "thunderbird":
        msg["User-Agent"] = "Mozilla Thunderbird"
    elif style == "apple":
        msg["X-Mailer"] = "iPhone Mail (21E236)"
    text = body_with_context(ctx, "gmail" if style != "thunderbird" else "thunderbird")
    cs = "utf-8"
    if style == "thunderbird" and ctx.lang == "pl" and ctx.chance(0.3):
        cs = pick_charset(text, ["iso-8859-2"])
    params = {"format": "flowed"} if style == "thunderbird" else {}
    plain = flow(text) if style == "thunderbird" else text
    cte = ctx.choice(["quoted-printable", "base64", "8bit"]) if style != "apple" else "quoted-printable"
    msg.set_content(plain, subtype="plain", charset=cs, cte=cte, params=params)
    if style in ("gmail", "apple") and ctx.chance(0.8):
        mode = ctx.choice(["plain", "at", "plain"])
        enc = html_enc_fn(mode)
        # the HTML alternative repeats every value of the text body
        body_mark = ctx._body_mark
        ctx.rec.copy_since(body_mark, enc, "body text/html")
        msg.add_alternative(text_to_html(text, enc, "gmail"), subtype="html", charset="utf-8",
                            cte=ctx.choice(["quoted-printable", "base64"]))
    atts = collect_attachments(ctx, ctx.choice([0, 1, 1, 2, 2, 3]))
    add_atts_default(ctx, msg, atts)
    return msg.as_bytes(policy=policy.default.clone(linesep=ctx.choice(["\n", "\r\n"])))


def build_outlook(ctx):
    """compat32, multipart/alternative in windows-1250 (or -1251) quoted-printable"""
    outer = MIMEMultipart("mixed")
    set_common_headers(ctx, outer, "outlook", False)
    outer["X-Mailer"] = "Microsoft Outlook 16.0"
    outer["Thread-Index"] = base64.b64encode(bytes(ctx.rng.getrandbits(8) for _ in range(22))).decode()
    outer["Content-Language"] = {"pl": "pl-PL", "bg": "bg-BG"}.get(ctx.lang, "en-US")
    text = body_with_context(ctx, "outlook")
    cs_name = pick_charset(text, ["windows-1250", "iso-8859-2"] if ctx.lang == "pl" else
                           ["windows-1251"] if ctx.lang == "bg" else ["us-ascii"])
    cs = email_charset.Charset(cs_name)
    cs.body_encoding = email_charset.QP
    alt = MIMEMultipart("alternative")
    alt.attach(MIMEText(text, "plain", cs))
    mode = ctx.choice(["plain", "at", "ncr"])
    enc = html_enc_fn(mode)
    ctx.rec.copy_since(ctx._body_mark, enc, "body text/html")
    alt.attach(MIMEText(text_to_html(text, enc, "outlook"), "html", cs))
    atts = collect_attachments(ctx, ctx.choice([0, 1, 1, 2, 3]))
    if atts:
        outer.attach(alt)
        add_atts_compat(ctx, outer, atts)
        msg = outer
    else:
        msg = alt
        for k, v in outer.items():
            if k.lower() not in ("content-type", "mime-version", "content-transfer-encoding"):
                msg[k] = v
    return msg.as_bytes()


def build_bg_legacy(ctx):
    """compat32 text/plain in windows-1251 / koi8-r (The Bat!, Outlook Express)"""
    text = body_with_context(ctx, "thunderbird")
    cs_name = pick_charset(text, [ctx.choice(["windows-1251", "koi8-r", "windows-1251"])])
    cs = email_charset.Charset(cs_name)
    cs.body_encoding = ctx.choice([email_charset.BASE64, email_charset.QP])
    atts = collect_attachments(ctx, ctx.choice([0, 1, 2]))
    if atts:
        msg = MIMEMultipart("mixed")
        msg.attach(MIMEText(text, "plain", cs))
        add_atts_compat(ctx, msg, atts)
    else:
        msg = MIMEText(text, "plain", cs)
    set_common_headers(ctx, msg, "legacy", False)
    msg["X-Mailer"] = ctx.choice(["The Bat! (v9.4.5) Professional", "Microsoft Outlook Express 6.00.2900.5931"])
    return msg.as_bytes()


def build_forward_rfc822(ctx):
    """a message forwarded as message/rfc822 attachment"""
    # inner message: written by the colleague, built with another shape
    saved_p = ctx.people.get("p")
    ctx.people["p"] = ctx.person("c")
    saved_where = ctx.where
    inner_rec_mark = ctx.rec.mark()
    inner = build_default(ctx, ctx.choice(["gmail", "thunderbird"]))
    for pl in ctx.rec.planted[inner_rec_mark[0]:]:
        pl["where"] = "attachment forwarded.eml: " + pl["where"]
    ctx.people["p"] = saved_p if saved_p else Person(ctx, ctx.lang if ctx.lang != "en" else "pl")
    ctx.where = saved_where
    outer = EmailMessage() if ctx.chance(0.6) else None
    if outer is not None:
        set_common_headers(ctx, outer, "gmail", True)
        ctx._body_mark = ctx.rec.mark()
        ctx.where = "body"
        text = body_text(ctx, ctx.rng.randrange(1, 3))
        outer.set_content(text, charset="utf-8", cte=ctx.choice(["quoted-printable", "8bit"]))
        from email.parser import BytesParser
        im = BytesParser(policy=policy.default).parsebytes(inner)
        outer.add_attachment(im)
        return outer.as_bytes(policy=policy.default)
    outer = MIMEMultipart("mixed")
    set_common_headers(ctx, outer, "outlook", False)
    ctx._body_mark = ctx.rec.mark()
    ctx.where = "body"
    text = body_text(ctx, ctx.rng.randrange(1, 3))
    cs = email_charset.Charset(pick_charset(text, ["iso-8859-2", "windows-1251"]))
    cs.body_encoding = email_charset.QP
    outer.attach(MIMEText(text, "plain", cs))
    from email import message_from_bytes
    outer.attach(MIMEMessage(message_from_bytes(inner)))
    return outer.as_bytes()


def build_raw(ctx):
    """hand-assembled MIME with the quirks real clients and gateways produce"""
    lang = ctx.lang
    ctx.where = "header From"
    name = ctx.s_name("p")
    email = ctx.s_email("p")
    cs = pick_charset(name, ["iso-8859-2"] if lang == "pl" else ["windows-1251", "koi8-r"] if lang == "bg"
                      else ["us-ascii"])
    enc = ctx.choice(["B", "Q"])
    from_h = f"{ew(name, cs, enc)} <{email}>" if not name.isascii() else f'"{name}" <{email}>'
    ctx.where = "header Subject"
    subj = ctx.fill(ctx.choice(SUBJECTS[lang]))
    scs = pick_charset(subj, ["utf-8"])
    subj_h = ew(subj, scs, ctx.choice(["B", "Q"])) if not subj.isascii() else subj
    if len(subj_h) > 60 and not subj.isascii():
        # split into two encoded words on a folded line
        half = len(subj) // 2
        subj_h = ew(subj[:half], scs, "B") + "\r\n " + ew(subj[half:], scs, "B")
    ctx.where = "body"
    ctx._body_mark = ctx.rec.mark()
    text = body_text(ctx)
    bcs = pick_charset(text, ["windows-1250", "iso-8859-2"] if lang == "pl" else ["windows-1251"] if lang == "bg"
                       else ["us-ascii"])
    variant = ctx.choice(["8bit-nolabel", "qp", "b64", "uu", "rfc2231"])
    bnd = "----=_NextPart_" + ctx._rand(12, "0123456789ABCDEF")
    date = format_datetime(ctx.clock.replace(tzinfo=dt.timezone(dt.timedelta(hours=1))))
    head = [f"Return-Path: <{email}>"]
    if ctx.chance(0.7):
        head.append("Received: " + received(ctx))
    ctx.where = "header From"
    head += [f"From: {from_h}", f"To: {SUPPORT_ADDR[lang][1]}", f"Subject: {subj_h}", f"Date: {date}",
             f"Message-ID: {msg_id(ctx, 'gateway.example')}", "MIME-Version: 1.0"]
    ctx.where = "body"
    tb = text.encode(bcs)
    parts = []
    if variant == "8bit-nolabel":
        # 8-bit text without a charset label (old gateways)
        parts.append(b"Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + crlf(text).encode(bcs))
    elif variant == "qp":
        import quopri
        parts.append(f"Content-Type: text/plain; charset=\"{bcs}\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n".encode()
                     + quopri.encodestring(crlf(text).encode(bcs)))
    elif variant == "b64":
        parts.append(f"Content-Type: text/plain;\r\n\tcharset={bcs}\r\nContent-Transfer-Encoding: base64\r\n\r\n".encode()
                     + base64.encodebytes(crlf(text).encode(bcs)).replace(b"\n", b"\r\n"))
    elif variant == "uu":
        parts.append(f"Content-Type: text/plain; charset={bcs}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".encode()
                     + crlf(text).encode(bcs) + b"\r\n\r\n")
        ctx.where = "body uuencoded trace.log"
        parts[-1] += f_uu_note(ctx).replace(b"\n", b"\r\n")
        ctx.where = "body"
    else:
        parts.append(f"Content-Type: text/plain; charset={bcs}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".encode()
                     + crlf(text).encode(bcs))
    # attachments by hand
    atts = collect_attachments(ctx, ctx.choice([1, 1, 2]))
    if variant == "rfc2231" or ctx.chance(0.3):
        # one attachment with a personal, non-ASCII file name in RFC 2231 continuations
        pp = ctx.person("o")
        ctx.where = "attachment (RFC 2231 file name)"
        nm = f"{pp.last}_{pp.first}"
        ctx.p("name", nm)
        fname = f"{nm}_{ctx.choice(['ZC415', 'deklaracja', 'декларация'])}.xml"
        ctx.where = f"attachment {fname}"
        data, xcs = f_xml_decl(ctx)
        atts.append((fname, data, "application", "xml", xcs))
    for name, data, mt, st, xcs in atts:
        if name.isascii():
            disp = f'Content-Disposition: attachment;\r\n\tfilename="{name}"'
            ctparam = f'name="{name}"'
        else:
            q = urllib.parse.quote(name.encode("utf-8"), safe="")
            chunks = [c for c in re.findall(r"(?:%[0-9A-F]{2}|[^%]){1,14}", q)]
            disp = "Content-Disposition: attachment;\r\n" + ";\r\n".join(
                f"\tfilename*{i}*={'utf-8' + chr(39) * 2 if i == 0 else ''}{c}" for i, c in enumerate(chunks))
            ctparam = f'name="{ew(name, "utf-8", "B")}"'
        ctl = f"Content-Type: {mt}/{st}; {ctparam}" + (f"; charset={xcs}" if xcs and mt == "text" else "")
        if mt == "text" and xcs and xcs not in ("utf-16",) and ctx.chance(0.4):
            import quopri
            body = quopri.encodestring(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
            parts.append(f"{ctl}\r\nContent-Transfer-Encoding: quoted-printable\r\n{disp}\r\n\r\n".encode() + body)
        else:
            parts.append(f"{ctl}\r\nContent-Transfer-Encoding: base64\r\n{disp}\r\n\r\n".encode()
                         + base64.encodebytes(data).replace(b"\n", b"\r\n"))
    head.append(f'Content-Type: multipart/mixed;\r\n\tboundary="{bnd}"')
    out = ("\r\n".join(head) + "\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n").encode("ascii")
    for p in parts:
        out += f"--{bnd}\r\n".encode() + p.rstrip(b"\r\n") + b"\r\n\r\n"
    out += f"--{bnd}--\r\n".encode()
    return out


def build_mail(ctx):
    r = ctx.rng.random()
    if r < 0.24:
        return build_outlook(ctx)
    if r < 0.44:
        return build_default(ctx, "gmail")
    if r < 0.6:
        return build_default(ctx, "thunderbird")
    if r < 0.7:
        return build_default(ctx, "apple")
    if r < 0.8:
        return build_bg_legacy(ctx) if ctx.lang == "bg" else build_outlook(ctx)
    if r < 0.9:
        return build_forward_rfc822(ctx)
    return build_raw(ctx)


def build_mbox(ctx):
    msgs = []
    for i in range(ctx.rng.randrange(2, 4)):
        ctx.people = {}
        ctx.tick()
        m = build_default(ctx, ctx.choice(["gmail", "thunderbird"]))
        m = m.replace(b"\r\n", b"\n")
        m = re.sub(rb"(?m)^(>*From )", rb">\1", m)
        sep = f"From MAILER-DAEMON {ctx.clock:%a %b %d %H:%M:%S %Y}\n".encode()
        msgs.append(sep + m.rstrip(b"\n") + b"\n\n")
    return b"".join(msgs)


# =========================================================================== documents


def build_doc(ctx, i):
    """standalone file: returns (extension, bytes)"""
    r = ctx.rng.random()
    if r < 0.1:
        zname, data = make_zip(ctx, "member ")
        for pl in ctx.rec.planted:
            pl["where"] = pl["where"].replace("member " + zname + "/", "member ", 1)
        return "zip", data
    if r < 0.13:
        return "mbox", build_mbox(ctx)
    if r < 0.15:
        # a mail saved under a neutral .txt name
        ctx._body_mark = None
        return "txt", build_default(ctx, "thunderbird")
    if r < 0.18:
        ctx.where = "file"
        return "txt", f_uu_note_doc(ctx)
    kinds = sorted(FILE_KINDS)
    kind = ctx.choice(kinds)
    name, data, cs = make_file(ctx, kind, "file:")
    for pl in ctx.rec.planted:
        if pl["where"].startswith("file:"):
            pl["where"] = "file"
    return name.rsplit(".", 1)[-1], data


def f_uu_note_doc(ctx):
    text = body_text(ctx, 2)
    return text.encode("utf-8") + b"\n\n" + f_uu_note(ctx)


# =========================================================================== validation


def validate(data, rec):
    """Return None if the file is consistent, else a reason."""
    views = score.Views()
    score.views_of_bytes(data, "", 0, views)
    text = views.text()
    decoded = views.text(include_raw=False)
    v6 = score.v6_addresses(text)
    matchers = [score.Matcher(p["kind"], p["value"]) for p in rec.planted]
    for p, m in zip(rec.planted, matchers):
        if not m.patterns and m.v6 is None:
            return f"no pattern for {p}"
        if not m.found(text, v6):
            return f"planted not visible: {p}"
    for k in rec.keep:
        if not score.keep_pattern(k).search(text):
            return f"keep not visible: {k!r}"
    # mask every planted value where it was planted (bounded, all variants); then nothing
    # planted may remain: a name's words must not occur elsewhere, nor an id in another form
    pats = []
    for p, m in zip(rec.planted, matchers):
        if p["kind"] == "name":
            for x in {p["value"], score.canon(p["value"])}:
                pats.append((len(x), re.compile(r"(?<![^\W\d_])" + re.escape(x) + r"(?![^\W\d_])", re.I)))
        else:
            pats.extend((len(p["value"]), q) for q in m.patterns)
    masked = decoded
    for _, q in sorted(pats, key=lambda t: -t[0]):
        masked = q.sub(" \x01 ", masked)
    v6m = score.v6_addresses(masked)
    for p, m in zip(rec.planted, matchers):
        if m.found(masked, v6m):
            ctxt = ""
            for q in m.patterns:
                hit = q.search(masked)
                if hit:
                    ctxt = masked[max(0, hit.start() - 50):hit.end() + 30]
                    break
            return f"planted value also outside its places: {p} in {ctxt!r}"
    for k in rec.keep:
        for p, m in zip(rec.planted, matchers):
            if m.found(k):
                return f"keep token {k!r} contains planted {p}"
        if not score.keep_pattern(k).search(masked):
            return f"keep token only inside planted values: {k!r}"
    return None


def finish(rec):
    seen = set()
    planted = []
    for p in rec.planted:
        key = (p["kind"], p["value"])
        if key in seen or not p["value"]:
            continue
        seen.add(key)
        planted.append(p)
    keep = []
    for k in rec.keep:
        if k not in keep:
            keep.append(k)
    rec.planted, rec.keep = planted, keep
    return rec


def generate_one(seed, index, kind):
    last = None
    for attempt in range(40):
        ctx = Ctx(seed, index, attempt)
        ctx.lang = ctx.choice(["pl"] * 11 + ["bg"] * 7 + ["en"] * 2)
        if kind == "mail":
            data = build_mail(ctx)
            ext = "eml"
        else:
            ext, data = build_doc(ctx, index)
        rec = finish(ctx.rec)
        why = validate(data, rec)
        if why is None:
            return ext, data, rec, attempt
        last = why
        if os.environ.get("GEN_DEBUG"):
            print(f"  redraw {index}/{attempt}: {why}", file=sys.stderr)
    raise RuntimeError(f"file {index}: no consistent draw: {last}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--mails", type=int, default=250)
    ap.add_argument("--docs", type=int, default=120)
    ap.add_argument("--out", default=HERE)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    outdir = os.path.join(a.out, "out")
    if os.path.isdir(outdir):
        shutil.rmtree(outdir)
    os.makedirs(outdir)
    entries = []
    total = 0
    retries = 0
    jobs = [("mail", i + 1) for i in range(a.mails)] + [("doc", i + 1) for i in range(a.docs)]
    for kind, n in jobs:
        index = n if kind == "mail" else 100000 + n
        ext, data, rec, attempt = generate_one(a.seed, index, kind)
        retries += attempt
        fname = f"msg-{n:04d}.{ext}" if kind == "mail" else f"doc-{n:04d}.{ext}"
        with open(os.path.join(outdir, fname), "wb") as f:
            f.write(data)
        total += len(data)
        entries.append({"file": f"out/{fname}", "planted": rec.planted, "keep": rec.keep})
        if a.verbose:
            print(fname, len(data), len(rec.planted), len(rec.keep), attempt)
    with open(os.path.join(a.out, "truth.jsonl"), "w", encoding="utf-8") as f:
        for e in entries:
            f.write(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n")
    kinds = {}
    for e in entries:
        for p in e["planted"]:
            kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
    print(f"{len(entries)} files, {total} bytes, {sum(kinds.values())} planted, "
          f"{sum(len(e['keep']) for e in entries)} keep tokens, {retries} redraws")
    print(json.dumps(dict(sorted(kinds.items())), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
