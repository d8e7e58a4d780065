#!/usr/bin/env python3
"""Independent leak/keep scorer for scrubline corpora (standard library only).

    python3 tests/corpus/score.py --truth T.jsonl --input-root IN --output-root OUT \
        [--json] [--show-leaks N]

truth.jsonl holds one object per top-level file:
    {"file": "out/msg-0042.eml",
     "planted": [{"kind": "pesel", "value": "44051401359", "where": "..."}],
     "keep": ["2025-03-11 09:12:30", "ERR-1042"]}

For every entry the sanitized file is looked up at the same relative path under
OUT (if absent, also with leading path components dropped, so both `OUT/out/x`
and `OUT/x` work).  A file that is missing counts as quarantined/dropped: its
planted values do not leak and its keep tokens are lost; it is listed.

Every layer of the output is decoded into text "views", independently:
MIME (every part, transfer encoding and charset, RFC 2047 headers and display
names, RFC 2231 file names, message/rfc822 nesting, mbox), zip members
(recursively), gzip, uuencode, UTF-16/32 by BOM or NUL pattern, HTML character
references, URL encoding, JSON string escapes, format=flowed joins, tag
stripping, and base64 runs (>= 16 chars) that decode to text.

A planted value LEAKS if it appears in any view:
  * name: any word of >= 3 letters of the (decoded) name, as a whole word,
    case-insensitive (letters are the only word characters, so `Nowak_Jan`
    and `jan.nowak@` contain the words `Nowak` and `jan`);
  * ip: as a whole token (not part of a longer number), dashed host-name form
    also as dotted; IPv6 also compared in normalised form;
  * geo: any coordinate number of the value (>= 3 decimals) as a number;
  * address: as written, or its core (street and number before the first comma);
  * other kinds: as written (bounded by non-alphanumerics), and with the
    separators removed when that leaves >= 9 digits;
  * values are also tried HTML-unescaped, URL-decoded and JSON-unescaped;
    multi-line values (PEM) leak if any line of >= 16 chars appears.
A keep token SURVIVES if it appears (bounded the same way) in some view.
Sidecar manifests next to an output file (`<file>.manifest.json`,
`<file>.manifests.ndjson`) are searched for leaks too (not for keep tokens).
"""
import argparse
import base64
import binascii
import codecs
import gzip
import html
import ipaddress
import json
import os
import re
import sys
import urllib.parse
import zipfile
from email import policy
from email.header import decode_header, make_header
from email.parser import BytesParser

MAX_DEPTH = 10
MAX_VIEW_BYTES = 64 * 1024 * 1024
SEP = "\n\x00\n"
KINDS = ["pesel", "egn", "nip", "regon", "eik", "iban", "card", "id_card", "email", "ip",
         "phone", "name", "address", "postal_code", "geo", "customs_agent", "login", "secret"]

# --------------------------------------------------------------------------- decoding

_HDR_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{1,40}:[ \t]?[^\r\n]*\r?$")
_MAIL_KEYS = (b"from:", b"to:", b"subject:", b"date:", b"message-id:", b"mime-version:",
              b"received:", b"return-path:", b"content-type:", b"delivered-to:")


def looks_like_mbox(data):
    return data.startswith(b"From ") and re.match(rb"From \S+ ", data) is not None


def looks_like_mail(data):
    head = data[:4096]
    lines = re.split(rb"\r?\n", head)
    n = 0
    keys = 0
    for i, line in enumerate(lines):
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            if i == 0:
                return False
            continue
        if not _HDR_LINE.match(line):
            return False
        n += 1
        if line.lower().startswith(_MAIL_KEYS):
            keys += 1
    return n >= 2 and keys >= 2


def _nul_pattern(sample):
    """Return a codec name if the sample looks like BOM-less UTF-16/32."""
    n = len(sample)
    if n < 8:
        return None
    q = n // 4
    if q >= 2:
        z = [sample[i::4].count(0) for i in range(4)]
        if z[1] > 0.8 * q and z[2] > 0.8 * q and z[3] > 0.8 * q and z[0] < 0.5 * q:
            return "utf-32-le"
        if z[0] > 0.8 * q and z[1] > 0.8 * q and z[2] > 0.8 * q and z[3] < 0.5 * q:
            return "utf-32-be"
    h = n // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd > 0.3 * h and even < 0.05 * h:
        return "utf-16-le"
    if even > 0.3 * h and odd < 0.05 * h:
        return "utf-16-be"
    return None


def decode_texts(data, declared=None):
    """All plausible text decodings of a byte string (list of str)."""
    out = []
    boms = [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
            (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
            (codecs.BOM_UTF16_BE, "utf-16-be")]
    for bom, enc in boms:
        if data.startswith(bom):
            out.append(data[len(bom):].decode(enc, "replace"))
            return out
    enc = _nul_pattern(data[:8192])
    if enc:
        body = data[: len(data) - len(data) % (4 if "32" in enc else 2)]
        out.append(body.decode(enc, "replace"))
        return out
    if declared:
        try:
            out.append(data.decode(declared))
            return out
        except (LookupError, TypeError):
            pass
        except UnicodeDecodeError:
            out.append(data.decode(declared, "replace"))
    try:
        t = data.decode("utf-8")
        if t not in out:
            out.append(t)
        return out
    except UnicodeDecodeError:
        pass
    # unlabelled 8-bit text: the most plausible of the charsets used in Poland and Bulgaria
    cands = []
    for i, enc in enumerate(("cp1250", "cp1251", "iso-8859-2", "koi8-r")):
        t = data.decode(enc, "replace")
        cands.append((_badness(t), i, t))
    best = min(cands)[2]
    if best not in out:
        out.append(best)
    return out


_PL_LETTERS = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
_CYR = set(chr(c) for c in range(0x410, 0x450)) | {"Ё", "ё"}
_OK_PUNCT = set("„“”‘’–—…«»€№§°\xa0\ufeff")


def _badness(t):
    """How implausible a decoding is for Polish/Bulgarian/English text (lower is better)."""
    bad = 0
    for ch in t:
        o = ord(ch)
        if o < 128:
            if o < 32 and ch not in "\t\r\n":
                bad += 3
            continue
        if ch in _PL_LETTERS or ch in _CYR or ch in _OK_PUNCT:
            continue
        bad += 1 if ch != "\ufffd" else 3
    for w in re.findall(r"[^\W\d_]{2,}", t):
        lat = any(c.isascii() or c in _PL_LETTERS for c in w)
        cyr = any(c in _CYR for c in w)
        if lat and cyr:
            bad += 2
        bad += sum(1 for a, b in zip(w, w[1:]) if a.islower() and b.isupper())
    return bad


def is_texty(b, strict=False):
    """Plausibly text (or an archive).  strict: for base64 runs found inside text."""
    if len(b) < 4:
        return False
    if b.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if b[:4] == b"PK\x03\x04" or b[:2] == b"\x1f\x8b":
        return True
    if _nul_pattern(b[:4096]):
        return True
    if 0 in b:
        return False
    ctrl = sum(1 for c in b if c < 32 and c not in (9, 10, 13))
    if ctrl > 0.02 * len(b):
        return False
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        pass
    # 8-bit text (windows-125x, iso-8859-x, koi8-r): no control characters
    if strict:
        return len(b) >= 48 and ctrl == 0
    return True


_ENT = re.compile(r"&(?:#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]{1,31});?")
_PCT = re.compile(r"%[0-9A-Fa-f]{2}")
_TAG = re.compile(r"<[^<>]{0,2000}>")
_JSON_STR = re.compile(r'"(?:[^"\\\r\n]|\\.){0,100000}"')
_JSON_ESC = re.compile(r'\\(u[0-9A-Fa-f]{4}|["\\/bfnrt])')


def json_unescape(s):
    def rep(m):
        g = m.group(1)
        if g[0] == "u":
            return chr(int(g[1:], 16))
        return {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n",
                "r": "\r", "t": "\t"}[g]
    t = _JSON_ESC.sub(rep, s)
    # join surrogate pairs produced by \ud83d\ude00
    try:
        t = t.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeError:
        pass
    return t


def _transforms(v, used=frozenset()):
    """(name, text) of the views one decoding step away; a step is not repeated in a chain"""
    out = []
    if "html" not in used and _ENT.search(v):
        out.append(("html", html.unescape(v)))
    if "tags" not in used and "<" in v and ">" in v:
        out.append(("tags", _TAG.sub("", v)))
        out.append(("tags", _TAG.sub(" ", v)))
    if "url" not in used and _PCT.search(v):
        out.append(("url", urllib.parse.unquote(v, errors="replace")))
        if "+" in v:
            out.append(("url", urllib.parse.unquote_plus(v, errors="replace")))
    if "json" not in used and "\\" in v and _JSON_ESC.search(v):
        w = _JSON_STR.sub(lambda m: json_unescape(m.group(0)), v)
        if w != v:
            out.append(("json", w))
    if "flow" not in used and (" \n" in v or " \r\n" in v):
        out.append(("flow", re.sub(r" \r?\n(?:>+ ?)*", " ", v)))
    if "crlf" not in used and "\r\n" in v:
        out.append(("crlf", v.replace("\r\n", "\n")))
    return out


_B64_RUN = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,}={0,2}")
_B64_BLOCK = re.compile(r"(?:^[ \t>]*[A-Za-z0-9+/]{16,}={0,2}[ \t]*\r?\n){2,}", re.M)
_B64_LINE = re.compile(r"^[A-Za-z0-9+/=]{40,}\r?$", re.M)
_UU_BLOCK = re.compile(r"^begin [0-7]{3,4} ([^\r\n]*)\r?\n(.*?)^end[ \t\r]*$", re.M | re.S)


def _b64decode(s):
    s = s.strip().rstrip("=")
    if len(s) % 4 == 1:
        s = s[:-1]
    s = s + "=" * (-len(s) % 4)
    try:
        if "-" in s or "_" in s:
            return base64.urlsafe_b64decode(s)
        return base64.b64decode(s)
    except (binascii.Error, ValueError):
        return None


def _uudecode(body):
    out = bytearray()
    for line in body.splitlines():
        if not line.strip() or line.strip() == "`":
            continue
        line = line.encode("latin-1", "replace")
        try:
            out += binascii.a2b_uu(line)
        except (binascii.Error, ValueError):
            try:
                nbytes = (((line[0] - 32) & 63) * 4 + 5) // 3
                out += binascii.a2b_uu(line[:nbytes])
            except (binascii.Error, ValueError, IndexError):
                pass
    return bytes(out)


class Views:
    def __init__(self):
        self.items = []
        self.seen = set()
        self.blobs = set()
        self.raw = set()
        self.size = 0

    def new_blob(self, data):
        if data in self.blobs:
            return False
        self.blobs.add(data)
        return True

    def add(self, s, raw=False):
        if not s or s in self.seen or self.size > MAX_VIEW_BYTES:
            return False
        self.seen.add(s)
        self.items.append(s)
        if raw:
            self.raw.add(len(self.items) - 1)
        self.size += len(s)
        return True

    def text(self, include_raw=True):
        """All views joined; include_raw=False leaves out still-encoded mail source text."""
        if include_raw:
            return SEP.join(self.items)
        return SEP.join(v for i, v in enumerate(self.items) if i not in self.raw)


def views_of_text(t, depth, out, scan_encoded=True, raw=False):
    frontier = [(t, frozenset())]
    out.add(t, raw)
    for _ in range(3):
        nxt = []
        for v, used in frontier:
            for name, w in _transforms(v, used):
                if out.add(w, raw):
                    nxt.append((w, used | {name}))
        frontier = nxt
        if not frontier:
            break
    if not scan_encoded or depth >= MAX_DEPTH:
        return
    for m in _UU_BLOCK.finditer(t):
        data = _uudecode(m.group(2))
        if data and out.new_blob(data):
            out.add(m.group(1))
            views_of_bytes(data, m.group(1), depth + 1, out)
    for v in _derived(t, out):
        for m in _B64_BLOCK.finditer(v):
            raw = re.sub(r"[\s>]", "", m.group(0))
            data = _b64decode(raw)
            if data and is_texty(data, True) and out.new_blob(data):
                views_of_bytes(data, "", depth + 1, out)
        for m in _B64_RUN.finditer(v):
            data = _b64decode(m.group(0))
            if data and is_texty(data, True) and out.new_blob(data):
                views_of_bytes(data, "", depth + 1, out)


def _derived(t, out):
    """The text itself plus the views derived from it (by identity in out)."""
    res = [t]
    for name, w in _transforms(t):
        res.append(w)
        res.extend(x for _, x in _transforms(w, frozenset([name])))
    return res


def _header_strings(part):
    res = []
    try:
        raw = list(part.raw_items())
    except Exception:  # noqa: BLE001
        raw = []
    encoded = []
    for name, value in raw:
        v = str(value)
        encoded.append(v)
        d = decode_rfc2047(v)
        # parameters (RFC 2231 continuations) are decoded below via get_filename/get_param
        (encoded if name.lower() in ("content-type", "content-disposition") else res).append(d)
    for name in set(k for k, _ in raw):
        try:
            # the library's decoding (kept with the source forms: it puts a space between
            # adjacent encoded words, so a word split over two of them stays split here)
            for h in part.get_all(name) or []:
                encoded.append(str(h))
                for a in getattr(h, "addresses", ()) or ():
                    encoded.append(a.display_name or "")
                    res.append(a.addr_spec or "")
        except Exception:  # noqa: BLE001
            pass
    for getter in (lambda: part.get_filename(), lambda: part.get_param("name")):
        try:
            fn = getter()
        except Exception:  # noqa: BLE001
            fn = None
        if fn:
            if isinstance(fn, tuple):
                fn = fn[2]
            fn = str(fn)
            res.append(decode_rfc2047(fn))
    return res, encoded


def decode_rfc2047(v):
    """RFC 2047 decoding with whitespace between adjacent encoded words dropped."""
    v = re.sub(r"\r?\n[ \t]+", " ", v)
    v = re.sub(r"(\?=)[ \t]+(=\?)", r"\1\2", v)
    try:
        return str(make_header(decode_header(v)))
    except Exception:  # noqa: BLE001
        return v


def views_of_mail(data, depth, out):
    try:
        msg = BytesParser(policy=policy.default).parsebytes(data)
    except Exception:  # noqa: BLE001
        return
    try:
        parts = list(msg.walk())
    except Exception:  # noqa: BLE001
        parts = [msg]
    for part in parts:
        decoded, encoded = _header_strings(part)
        for h in decoded:
            views_of_text(h, depth, out, scan_encoded=True)
        for h in encoded:
            views_of_text(h, depth, out, scan_encoded=False, raw=True)
        try:
            if part.is_multipart():
                continue
        except Exception:  # noqa: BLE001
            continue
        try:
            payload = part.get_payload(decode=True)
        except Exception:  # noqa: BLE001
            payload = None
        if payload is None:
            try:
                p = part.get_payload()
                payload = p.encode("utf-8", "surrogateescape") if isinstance(p, str) else None
            except Exception:  # noqa: BLE001
                payload = None
        if not payload:
            continue
        try:
            cs = part.get_content_charset()
        except Exception:  # noqa: BLE001
            cs = None
        try:
            fn = part.get_filename() or ""
        except Exception:  # noqa: BLE001
            fn = ""
        views_of_bytes(payload, fn, depth + 1, out, declared=cs)


def split_mbox(data):
    chunks = re.split(rb"(?m)^From [^\r\n]*\r?\n", data)
    res = []
    for c in chunks:
        if c.strip():
            res.append(re.sub(rb"(?m)^>(>*From )", rb"\1", c))
    return res


def views_of_bytes(data, name, depth, out, declared=None):
    if depth > MAX_DEPTH or not data:
        return
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        try:
            import io
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for info in zf.infolist():
                    out.add(info.filename)
                    if info.is_dir():
                        continue
                    try:
                        member = zf.read(info)
                    except Exception:  # noqa: BLE001
                        continue
                    views_of_bytes(member, info.filename, depth + 1, out)
            return
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            pass
    if data[:2] == b"\x1f\x8b":
        try:
            views_of_bytes(gzip.decompress(data), name, depth + 1, out)
            return
        except (OSError, EOFError, ValueError):
            pass
    if looks_like_mbox(data) or looks_like_mail(data):
        if looks_like_mbox(data):
            for m in split_mbox(data):
                views_of_mail(m, depth + 1, out)
        else:
            views_of_mail(data, depth + 1, out)
        # the source text too (what a broken re-assembly might leave), without base64 bodies
        for t in decode_texts(data, declared):
            t = _B64_LINE.sub("", t)
            views_of_text(t, depth, out, scan_encoded=False, raw=True)
        return
    if not is_texty(data[:65536]):
        # binary: keep printable runs only, for what an unparsed format may carry
        runs = re.findall(rb"[\x20-\x7e\t\r\n]{6,}", data)
        if runs:
            out.add(b"\n".join(runs).decode("ascii", "replace"))
        return
    for t in decode_texts(data, declared):
        views_of_text(t, depth, out)


def file_views(path):
    with open(path, "rb") as f:
        data = f.read()
    out = Views()
    views_of_bytes(data, os.path.basename(path), 0, out)
    return out


# --------------------------------------------------------------------------- matching

def canon(v):
    """Fully decoded form of a value (HTML, URL, JSON layers)."""
    for _ in range(3):
        w = v
        if _ENT.search(w):
            w = html.unescape(w)
        if _PCT.search(w):
            w = urllib.parse.unquote(w, errors="replace")
        if "\\" in w and _JSON_ESC.search(w):
            w = json_unescape(w)
        if w == v:
            break
        v = w
    return v


def _bounded(v, flags=0):
    if not v:
        return None
    pre = r"(?<![A-Za-z0-9])" if v[0].isalnum() else ""
    post = r"(?![A-Za-z0-9])" if v[-1].isalnum() else ""
    return re.compile(pre + re.escape(v) + post, flags)


_LETTER_WORD = re.compile(r"[^\W\d_]+")
_V6_CAND = re.compile(r"(?<![0-9A-Za-z:])\[?([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::\d{1,3}(?:\.\d{1,3}){3})?)")
_COORD = re.compile(r"-?\d{1,3}[.,]\d{3,}")
_ADDR_PREFIX = re.compile(
    r"^(?:(?:adres(?: dostawy| zamieszkania| korespondencyjny)?|адрес(?: за доставка)?|address)\s*:\s*)?"
    r"(?:ul\.|al\.|os\.|pl\.|ulica|aleja|ул\.|бул\.|ж\.к\.|жк|пл\.|bul\.|ul\b|zh\.k\.|str\.)?\s*",
    re.I)


class Matcher:
    """Compiled leak test for one planted value."""

    def __init__(self, kind, value):
        self.kind = kind
        self.value = value
        self.patterns = []
        self.v6 = None
        vals = []
        for v in (value, canon(value)):
            if v and v not in vals:
                vals.append(v)
        if kind == "name":
            words = []
            for w in _LETTER_WORD.findall(canon(value)):
                if len(w) >= 3 and w.lower() not in [x.lower() for x in words]:
                    words.append(w)
            for w in words:
                self.patterns.append(re.compile(
                    r"(?<![^\W\d_])" + re.escape(w) + r"(?![^\W\d_])", re.I))
            return
        if kind == "ip":
            v4 = r"(?<![0-9])(?<![0-9]\.)" + "{}" + r"(?![0-9])(?!\.[0-9])"
            v4d = r"(?<![0-9])" + "{}" + r"(?![0-9])(?!-[0-9])"
            v6 = r"(?<![0-9A-Fa-f:])" + "{}" + r"(?![0-9A-Fa-f])(?!:[0-9A-Fa-f])"
            for v in vals:
                v = v.strip("[]")
                if re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", v):
                    self.patterns.append(re.compile(v4.format(re.escape(v))))
                elif re.fullmatch(r"\d{1,3}(?:-\d{1,3}){3}", v):
                    self.patterns.append(re.compile(v4d.format(re.escape(v))))
                    self.patterns.append(re.compile(v4.format(re.escape(v.replace("-", ".")))))
                else:
                    self.patterns.append(re.compile(v6.format(re.escape(v)), re.I))
                try:
                    ip = ipaddress.ip_address(v)
                    if ip.version == 6:
                        self.v6 = ip
                except ValueError:
                    pass
            return
        if kind == "geo":
            nums = _COORD.findall(canon(value))
            for n in nums:
                for c in {n, n.replace(",", ".")}:
                    self.patterns.append(re.compile(r"(?<![\d.,])" + re.escape(c) + r"(?!\d)"))
            if nums:
                return
        flags = re.I if kind in ("email", "login", "address", "iban", "id_card",
                                 "postal_code", "customs_agent", "nip", "eik") else 0
        for v in vals:
            if "\n" in v.strip() or (kind == "secret" and "\\n" in v):
                for line in re.split(r"\r?\n|\\r\\n|\\n", v):
                    line = line.strip()
                    if len(line) >= 16:
                        self.patterns.append(_bounded(line, flags))
                continue
            self.patterns.append(_bounded(v, flags))
            compact = re.sub(r"[\s\-./()]", "", v)
            if compact != v and sum(c.isdigit() for c in compact) >= 9 \
                    and re.fullmatch(r"\+?[A-Za-z0-9]+", compact):
                self.patterns.append(_bounded(compact, flags))
            if kind == "email":
                d = re.sub(r"\s*[\[\(]\s*(?:at|małpa|маймуна)\s*[\]\)]\s*|\s+at\s+", "@", v, flags=re.I)
                d = re.sub(r"\s*[\[\(]\s*(?:dot|kropka|точка)\s*[\]\)]\s*|\s+dot\s+", ".", d, flags=re.I)
                if d != v:
                    self.patterns.append(_bounded(d, flags))
            if kind == "address":
                core = _ADDR_PREFIX.sub("", v).split(",")[0].strip()
                if core != v and len(core) >= 6 and re.search(r"\d", core):
                    self.patterns.append(_bounded(core, flags))
        self.patterns = [p for p in self.patterns if p is not None]

    def found(self, text, v6set=None):
        for p in self.patterns:
            if p.search(text):
                return True
        if self.v6 is not None and v6set is not None and self.v6 in v6set:
            return True
        return False


def v6_addresses(text):
    res = set()
    for m in _V6_CAND.finditer(text):
        s = m.group(1)
        if s.count(":") < 2:
            continue
        try:
            ip = ipaddress.ip_address(s)
            if ip.version == 6:
                res.add(ip)
        except ValueError:
            pass
    return res


def keep_pattern(tok):
    pre = r"(?<![A-Za-z0-9])" if tok[:1].isalnum() else ""
    post = r"(?![A-Za-z0-9])" if tok[-1:].isalnum() else ""
    if re.match(r"\d", tok):
        pre = r"(?<![0-9A-Za-z])(?<!\d\.)"
    if re.search(r"\d$", tok):
        post = r"(?![0-9A-Za-z]|\.\d|/\d)"
    return re.compile(pre + re.escape(tok) + post)


_ALNUM = re.compile(r"[A-Za-z0-9]+")


def _is_alnum(c):
    return c.isascii() and c.isalnum()


def keep_at(text, s, tok):
    """keep_pattern(tok) matches at offset s (same rules, without a regex)"""
    if not text.startswith(tok, s):
        return False
    e = s + len(tok)
    if tok[0].isascii() and tok[0].isalnum():
        if s > 0 and _is_alnum(text[s - 1]):
            return False
        if tok[0].isdigit() and s > 1 and text[s - 1] == "." and text[s - 2].isdigit():
            return False
    if tok[-1].isascii() and tok[-1].isalnum():
        if e < len(text) and _is_alnum(text[e]):
            return False
        if tok[-1].isdigit() and e + 1 < len(text) and text[e] in "./" and text[e + 1].isdigit():
            return False
    return True


class KeepIndex:
    """Fast keep-token lookup in a large text: candidate offsets from an index of
    ASCII alphanumeric runs, then the boundary rules of keep_pattern."""

    def __init__(self, text):
        self.text = text
        self.idx = {}
        for m in _ALNUM.finditer(text):
            self.idx.setdefault(m.group(), []).append(m.start())

    def has(self, tok):
        if not tok:
            return True
        words = [(m.group(), m.start()) for m in _ALNUM.finditer(tok)]
        if not words:
            i = self.text.find(tok)
            while i >= 0:
                if keep_at(self.text, i, tok):
                    return True
                i = self.text.find(tok, i + 1)
            return False
        w, off = min(words, key=lambda x: len(self.idx.get(x[0], ())))
        for p in self.idx.get(w, ()):
            if p - off >= 0 and keep_at(self.text, p - off, tok):
                return True
        return False


# --------------------------------------------------------------------------- scoring

def locate(out_root, rel):
    p = os.path.join(out_root, rel)
    if os.path.isfile(p):
        return p
    parts = rel.replace("\\", "/").split("/")
    for i in range(1, len(parts)):
        q = os.path.join(out_root, *parts[i:])
        if os.path.isfile(q):
            return q
    return None


def sidecars(path):
    res = []
    d = os.path.dirname(path)
    base = os.path.basename(path)
    try:
        names = os.listdir(d)
    except OSError:
        return res
    for n in names:
        if n != base and n.startswith(base + ".") and "manifest" in n:
            res.append(os.path.join(d, n))
    return res


def load_truth(path):
    entries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                entries.append(json.loads(line))
    return entries


def score(truth, input_root, output_root):
    kinds = {}
    res = {"kinds": kinds, "keep": {"total": 0, "lost": 0}, "missing_files": [],
           "leaks": [], "lost_keep": []}
    extra = {"missing_planted": 0, "missing_keep": 0, "unchanged_files": 0, "files": 0}
    for e in truth:
        rel = e["file"]
        extra["files"] += 1
        planted = e.get("planted", [])
        keep = e.get("keep", [])
        for p in planted:
            kinds.setdefault(p["kind"], {"planted": 0, "leaked": 0})["planted"] += 1
        res["keep"]["total"] += len(keep)
        outp = locate(output_root, rel)
        if outp is None:
            res["missing_files"].append(rel)
            extra["missing_planted"] += len(planted)
            extra["missing_keep"] += len(keep)
            res["keep"]["lost"] += len(keep)
            for t in keep:
                res["lost_keep"].append({"file": rel, "token": t})
            continue
        inp = os.path.join(input_root, rel) if input_root else None
        if inp and os.path.isfile(inp):
            with open(inp, "rb") as a, open(outp, "rb") as b:
                if a.read() == b.read():
                    extra["unchanged_files"] += 1
        views = file_views(outp)
        text = views.text()
        leak_text = text
        for sc in sidecars(outp):
            leak_text = leak_text + SEP + file_views(sc).text()
        v6set = v6_addresses(leak_text) if any(p["kind"] == "ip" for p in planted) else None
        for p in planted:
            if Matcher(p["kind"], p["value"]).found(leak_text, v6set):
                kinds[p["kind"]]["leaked"] += 1
                res["leaks"].append({"file": rel, "kind": p["kind"], "value": p["value"],
                                     "where": p.get("where", "")})
        kidx = KeepIndex(text) if keep else None
        for t in keep:
            if not kidx.has(t):
                res["keep"]["lost"] += 1
                res["lost_keep"].append({"file": rel, "token": t})
    return res, extra


def print_table(res, extra, show):
    rows = []
    tp = tl = 0
    order = [k for k in KINDS if k in res["kinds"]] + sorted(k for k in res["kinds"] if k not in KINDS)
    print(f"{'kind':<14}{'planted':>9}{'leaked':>9}{'leak %':>9}")
    for k in order:
        c = res["kinds"][k]
        tp += c["planted"]
        tl += c["leaked"]
        pct = 100.0 * c["leaked"] / c["planted"] if c["planted"] else 0.0
        rows.append(f"{k:<14}{c['planted']:>9}{c['leaked']:>9}{pct:>8.1f}%")
    print("\n".join(rows))
    pct = 100.0 * tl / tp if tp else 0.0
    print(f"{'TOTAL':<14}{tp:>9}{tl:>9}{pct:>8.1f}%")
    kt, kl = res["keep"]["total"], res["keep"]["lost"]
    surv = 100.0 * (kt - kl) / kt if kt else 100.0
    print(f"\nkeep tokens: {kt} total, {kl} lost, survival {surv:.1f}%")
    print(f"files: {extra['files']}, missing/quarantined: {len(res['missing_files'])} "
          f"(holding {extra['missing_planted']} planted values, {extra['missing_keep']} keep tokens), "
          f"byte-identical to input: {extra['unchanged_files']}")
    for f in res["missing_files"][:show if show else 20]:
        print(f"  missing: {f}")
    if show:
        print(f"\nfirst {show} leaks:")
        for l in res["leaks"][:show]:
            print(f"  {l['file']}  {l['kind']:<13} {l['value']!r}  ({l['where']})")
        print(f"\nfirst {show} lost keep tokens:")
        for l in res["lost_keep"][:show]:
            print(f"  {l['file']}  {l['token']!r}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--truth", required=True)
    ap.add_argument("--input-root", required=True)
    ap.add_argument("--output-root", required=True)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show-leaks", type=int, default=0, metavar="N")
    a = ap.parse_args(argv)
    res, extra = score(load_truth(a.truth), a.input_root, a.output_root)
    if a.json:
        out = {"kinds": res["kinds"], "keep": res["keep"], "missing_files": res["missing_files"],
               "leaks": [{"file": l["file"], "kind": l["kind"], "value": l["value"]} for l in res["leaks"]],
               "lost_keep": res["lost_keep"]}
        json.dump(out, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print_table(res, extra, a.show_leaks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
