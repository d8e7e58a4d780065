#!/usr/bin/env python3
"""Build scrubline's person-name dictionaries from two independent, MIT-licensed sources.

Sources (fetched through the ordinary package clients, versions pinned below):
  1. Python Faker (PyPI `faker`), person providers pl_PL, bg_BG, en_US, en_GB.
  2. zxcvbn-ts language packs (npm `@zxcvbn-ts/language-pl`, `@zxcvbn-ts/language-en`):
     first names and surnames, plus their common-word lists, which mark names that are
     also ordinary words ("Will", "Rose", "Wilk") as ambiguous.

Usage:
  scripts/build_dictionaries.py --fetch           # download the pinned packages into a temp dir
  scripts/build_dictionaries.py --src DIR         # reuse an unpacked download
Writes rules/default/dictionaries/names.tsv and PROVENANCE.md. Run it, review the diff, commit.
"""
import argparse, importlib, json, os, subprocess, sys, tempfile, zipfile, tarfile, unicodedata

FAKER = "40.54.0"
ZX_PL = "3.0.2"
ZX_EN = "4.1.1"
EN_SURNAME_LIMIT = 20000      # zxcvbn's US-census list is ordered by frequency; the tail is noise
COMMON_WORD_LIMIT = 15000     # only frequent words make a name ambiguous
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "rules", "default", "dictionaries")

# Bulgarian Latin transliteration, Streamlined System (Transliteration Act 2009).
BG_LATIN = dict(zip("абвгдезийклмнопрстуфхъьѝ", "abvgdeziyklmnoprstufhayi"))
BG_LATIN.update({"ж": "zh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ю": "yu", "я": "ya"})


def translit_bg(word):
    w = word.lower()
    out = "".join(BG_LATIN.get(c, c) for c in w)
    if w.endswith("ия"):  # the Act writes final -ия as -ia
        out = out[:-2] + "ia"
    return out


def fetch(dest):
    subprocess.check_call([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", dest, f"faker=={FAKER}"])
    subprocess.check_call(["npm", "pack", "-q", f"@zxcvbn-ts/language-pl@{ZX_PL}", f"@zxcvbn-ts/language-en@{ZX_EN}"], cwd=dest)
    unpack(dest)


def unpack(dest):
    for f in os.listdir(dest):
        p = os.path.join(dest, f)
        if f.endswith(".whl"):
            zipfile.ZipFile(p).extractall(os.path.join(dest, "faker"))
        elif f.endswith(".tgz"):
            with tarfile.open(p) as t:
                t.extractall(os.path.join(dest, f[:-4]))


def norm(w):
    return unicodedata.normalize("NFC", w.strip().lower())


def faker_names(src):
    sys.path.insert(0, os.path.join(src, "faker"))
    out = []  # (name, role, lang)
    for loc, lang in [("pl_PL", "pl"), ("bg_BG", "bg"), ("en_US", "en"), ("en_GB", "en")]:
        P = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in ["first_names", "first_names_male", "first_names_female"]:
            out += [(n, "f", lang) for n in getattr(P, attr, ()) or ()]
        for attr in ["last_names", "last_names_male", "last_names_female", "unisex_last_names", "male_last_names", "female_last_names"]:
            out += [(n, "l", lang) for n in getattr(P, attr, ()) or ()]
    return out


def zx(src, pkg, ver, name):
    path = os.path.join(src, f"zxcvbn-ts-language-{pkg}-{ver}", "package", "src", f"{name}.json")
    return json.load(open(path, encoding="utf-8"))


def zx_names(src):
    out = []
    for f in ["maleFirstnames", "femaleFirstnames"]:
        out += [(n, "f", "pl") for n in zx(src, "pl", ZX_PL, f)]
    for f in ["maleLastnames", "femaleLastnames"]:
        out += [(n, "l", "pl") for n in zx(src, "pl", ZX_PL, f)]
    out += [(n, "f", "en") for n in zx(src, "en", ZX_EN, "firstnames")]
    out += [(n, "l", "en") for n in zx(src, "en", ZX_EN, "lastnames")[:EN_SURNAME_LIMIT]]
    return out


def main():
    ap = argparse.ArgumentParser()
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--fetch", action="store_true")
    g.add_argument("--src")
    a = ap.parse_args()
    src = a.src or tempfile.mkdtemp(prefix="scrubline-dict-")
    if a.fetch:
        fetch(src)
    entries = {}  # name -> {"roles": set, "langs": set, "sources": set}
    def add(items, source):
        for n, role, lang in items:
            n = norm(n)
            if len(n) < 2 or not all(c.isalpha() or c in "'-" for c in n):
                continue
            e = entries.setdefault(n, {"roles": set(), "langs": set(), "sources": set()})
            e["roles"].add(role); e["langs"].add(lang); e["sources"].add(source)
            if lang == "bg":
                t = translit_bg(n)
                e = entries.setdefault(t, {"roles": set(), "langs": set(), "sources": set()})
                e["roles"].add(role); e["langs"].add("bg-latn"); e["sources"].add(source)
    add(faker_names(src), "faker")
    add(zx_names(src), "zxcvbn")
    common = set()
    for pkg, ver in [("pl", ZX_PL), ("en", ZX_EN)]:
        common |= {norm(w) for w in zx(src, pkg, ver, "commonWords")[:COMMON_WORD_LIMIT]}
    local_not_names = set()
    with open(os.path.join(OUT, "not_names.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                local_not_names.add(norm(line))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "names.tsv"), "w", encoding="utf-8") as f:
        f.write("# generated by scripts/build_dictionaries.py; see PROVENANCE.md. columns: name roles(f=first,l=last) langs ambiguous\n")
        for n in sorted(entries):
            e = entries[n]
            amb = 1 if (n in common or n in local_not_names) else 0
            f.write(f"{n}\t{''.join(sorted(e['roles']))}\t{','.join(sorted(e['langs']))}\t{amb}\n")
    counts = {}
    for e in entries.values():
        for s in e["sources"]:
            counts[s] = counts.get(s, 0) + 1
    with open(os.path.join(OUT, "PROVENANCE.md"), "w", encoding="utf-8") as f:
        f.write(f"""# Name dictionaries: provenance and licence

`names.tsv` is generated by `scripts/build_dictionaries.py`; do not edit it by hand
(edit `not_names.txt` and re-run the script instead).

| source | version | licence | what was taken | entries contributed |
|---|---|---|---|---|
| Python Faker (PyPI `faker`), copyright (c) 2012 Daniele Faraglia | {FAKER} | MIT | person providers pl_PL, bg_BG, en_US, en_GB: first names and surnames | {counts.get('faker', 0)} |
| zxcvbn-ts language packs (npm `@zxcvbn-ts/language-pl` {ZX_PL}, `@zxcvbn-ts/language-en` {ZX_EN}), copyright (c) zxcvbn-ts contributors | see left | MIT | Polish and English first names and surnames (English surnames: the {EN_SURNAME_LIMIT} most frequent); the {COMMON_WORD_LIMIT} most frequent words of each common-word list, used only to mark names ambiguous | {counts.get('zxcvbn', 0)} |

Bulgarian names are also written in Latin letters by the Streamlined System of the
Bulgarian Transliteration Act (2009), applied by the script (langs `bg-latn`).

A name is *ambiguous* (column 4 = 1) when it is also a frequent Polish or English word, or is
listed in `not_names.txt` (diagnostic vocabulary of this product such as module names). The
engine accepts an ambiguous name only with support: next to another name, or in a structural
context (greeting, signature, name field).

Total entries: {len(entries)}.
""")
    print(f"wrote {len(entries)} names", file=sys.stderr)


if __name__ == "__main__":
    main()
