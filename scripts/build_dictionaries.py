#!/usr/bin/env python3
"""Build scrubline's person-name dictionaries from permissively licensed packages.

Sources (fetched through the ordinary package clients, versions pinned below):
  1. Python Faker (PyPI `faker`, MIT), person providers pl_PL, bg_BG, en_US, en_GB.
  2. zxcvbn-ts language packs (npm `@zxcvbn-ts/language-pl`, `@zxcvbn-ts/language-en`, MIT):
     first names and surnames, plus their common-word lists, which mark names that are
     also ordinary words ("Will", "Rose", "Wilk") as ambiguous.
  3. bg-test-data (PyPI, MIT): common Bulgarian first names and surnames.
  4. Ruby Faker (Debian `ruby-faker`, MIT/Expat), locale bg: Bulgarian first names,
     surnames and patronymics.
  5. mimesis (PyPI, MIT) and @faker-js/faker (npm, MIT), locale pl: Polish first names and
     surnames.
  6. Words only, never names: Unicode CLDR as shipped by Babel (PyPI `babel`, CLDR data under
     the Unicode License v3) -- Bulgarian and Polish month, weekday and date words -- and
     stopwords-iso (npm, MIT) -- Bulgarian and Polish function words -- plus BG_WORDS below.
     They only mark names ambiguous.
Derived entries (rules, not sources): both genders of every Bulgarian surname (-ов/-ова,
-ев/-ева, -ски/-ска), the Bulgarian patronymic (-ов/-ова, -ев/-ева) of every Bulgarian male
first name, both genders of Polish -ski/-cki/-dzki surnames, and the Latin transliteration of
every Bulgarian entry.

Usage:
  scripts/build_dictionaries.py --fetch           # download the pinned packages into a temp dir
  scripts/build_dictionaries.py --src DIR         # reuse an unpacked download
--fetch needs pip, npm, node, apt-get (run `apt-get update` once first) and dpkg-deb.
Writes rules/default/dictionaries/names.tsv and PROVENANCE.md. Run it, review the diff, commit.
"""
import argparse, ast, importlib, json, os, re, subprocess, sys, tempfile, zipfile, tarfile, unicodedata

FAKER = "40.54.0"
ZX_PL = "3.0.2"
ZX_EN = "4.1.1"
BG_TEST_DATA = "0.2.0"
RUBY_FAKER = "2.21.0-1"       # Debian package version (Ruby Faker gem 2.21.0)
RUBY_FAKER_GEM = RUBY_FAKER.split("-")[0]
MIMESIS = "22.2.0"
FAKERJS = "10.6.0"
BABEL = "2.19.0"
STOPWORDS_ISO = "1.1.0"
EN_SURNAME_LIMIT = 20000      # zxcvbn's US-census list is ordered by frequency; the tail is noise
COMMON_WORD_LIMIT = 15000     # only frequent words make a name ambiguous
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "rules", "default", "dictionaries")

# Bulgarian Latin transliteration, Streamlined System (Transliteration Act 2009).
BG_LATIN = dict(zip("абвгдезийклмнопрстуфхъьѝ", "abvgdeziyklmnoprstufhayi"))
BG_LATIN.update({"ж": "zh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ю": "yu", "я": "ya"})

# Bulgarian ordinary words that the name sources also list as given names (or that a derived
# surname form would collide with). No permissively licensed Bulgarian frequency list is
# available through the package registries, so this short list is kept by hand: ordinary
# Bulgarian words (most of them frequent) that the name sources above list as given names, or
# that are likely to be. Written for this project (no third-party source).
BG_WORDS = """
вяра надежда любов слава мира мир роза звезда зора зорница злато сребро ягода малина маслина
череша вишна слива праскова бор ела явор ясен ясна бреза върба липа здравец невен божур
кокиче минзухар перуника латинка радост истина правда победа весела светла мила добра драга
рада благо сладка хубава красива вечер пролет есен зима лято океан море река вино бира кафе
мед панда кит лъв лев лева вълк мечка сокол орел гълъб лебед дивизия богиня бог агент аерозол
фосил кремък цвете дъга луна слънце небе поле гора планина връх камък кристал диамант стъкло
вихър буря гръм мълния честит честита бяла черна синя жълта зелена червена сива сиви
ел кино маса мишка кибер електрон герой чудо тихо тиха хубав болен лека жива жара свежа щедра
четвърта катастрофа аномалия преса тона милост лимон пантера ястреб фъстък параход царевна
гълъбица авторка патриотка вежда водица звездолет смехотерапия петрушка пешка скакалка
снежинка тръпка чук мимоза орхидея мортадела матка исус
""".split()


def translit_bg(word):
    w = word.lower()
    out = "".join(BG_LATIN.get(c, c) for c in w)
    if w.endswith("ия"):  # the Act writes final -ия as -ia
        out = out[:-2] + "ia"
    return out


def fetch(dest):
    subprocess.check_call([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:", "-d", dest,
                           f"faker=={FAKER}", f"bg-test-data=={BG_TEST_DATA}", f"mimesis=={MIMESIS}", f"babel=={BABEL}"])
    subprocess.check_call(["npm", "pack", "-q", f"@zxcvbn-ts/language-pl@{ZX_PL}", f"@zxcvbn-ts/language-en@{ZX_EN}",
                           f"@faker-js/faker@{FAKERJS}", f"stopwords-iso@{STOPWORDS_ISO}"], cwd=dest)
    try:
        subprocess.check_call(["apt-get", "download", f"ruby-faker={RUBY_FAKER}"], cwd=dest)
    except (OSError, subprocess.CalledProcessError):
        sys.exit(f"apt-get download ruby-faker={RUBY_FAKER} failed: run `apt-get update` first "
                 "(or bump RUBY_FAKER to the version `apt-cache policy ruby-faker` offers)")
    unpack(dest)


def unpack(dest):
    for f in os.listdir(dest):
        p = os.path.join(dest, f)
        if f.endswith(".whl"):  # faker-40.54.0-py3-none-any.whl -> DEST/faker
            zipfile.ZipFile(p).extractall(os.path.join(dest, f.split("-")[0]))
        elif f.endswith(".tgz"):
            with tarfile.open(p) as t:
                t.extractall(os.path.join(dest, f[:-4]))
        elif f.endswith(".deb"):  # ruby-faker_2.21.0-1_all.deb -> DEST/ruby-faker
            subprocess.check_call(["dpkg-deb", "-x", p, os.path.join(dest, f.split("_")[0])])


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


def faker_bg_male_first(src):
    sys.path.insert(0, os.path.join(src, "faker"))
    return list(importlib.import_module("faker.providers.person.bg_BG").Provider.first_names_male)


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


def py_list(path):
    """The one list literal assigned in a data module (read, never imported)."""
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.List):
            return ast.literal_eval(node.value)
    raise ValueError(f"no list in {path}")


def bg_test_data(src):
    d = os.path.join(src, "bg_test_data", "bg_test_data", "_data")
    male = py_list(os.path.join(d, "first_names_male.py"))
    female = py_list(os.path.join(d, "first_names_female.py"))
    last = py_list(os.path.join(d, "last_names.py"))  # masculine forms; pairs are derived below
    return male, [(n, "f", "bg") for n in male + female] + [(n, "l", "bg") for n in last]


def ruby_faker_bg(src):
    path = os.path.join(src, "ruby-faker", "usr", "share", "rubygems-integration", "all", "gems",
                        f"faker-{RUBY_FAKER_GEM}", "lib", "locales", "bg.yml")
    lists = {}
    for m in re.finditer(r"^\s+(\w+_name): \[(.*)\]\s*$", open(path, encoding="utf-8").read(), re.M):
        lists[m.group(1)] = [n.strip() for n in m.group(2).split(",") if n.strip()]
    out = [(n, "f", "bg") for k in ["male_first_name", "female_first_name"] for n in lists[k]]
    out += [(n, "l", "bg") for k in ["male_last_name", "female_last_name", "male_middle_name", "female_middle_name"] for n in lists[k]]
    return lists["male_first_name"], out


def mimesis_pl(src):
    d = json.load(open(os.path.join(src, "mimesis", "mimesis", "datasets", "pl", "person.json"), encoding="utf-8"))
    return [(n, "f", "pl") for g in ["male", "female"] for n in d["names"][g]] + \
           [(n, "l", "pl") for g in ["male", "female"] for n in d["surnames"][g]]


def fakerjs_pl(src):
    index = os.path.join(src, f"faker-js-faker-{FAKERJS}", "package", "dist", "index.js")
    js = ("import(process.argv[1]).then(m => { const p = m.allLocales.pl.person;"
          " console.log(JSON.stringify({first: p.first_name, last: p.last_name})); })")
    d = json.loads(subprocess.check_output(["node", "-e", js, index]))
    return [(n, "f", "pl") for v in d["first"].values() for n in v] + \
           [(n, "l", "pl") for v in d["last"].values() for n in v]


def cldr_words(src):
    """Month, weekday and date words of Bulgarian and Polish (all forms and widths)."""
    sys.path.insert(0, os.path.join(src, "babel"))
    from babel import Locale
    def strings(x):
        if isinstance(x, str):
            yield x
        elif hasattr(x, "values"):
            for v in x.values():
                yield from strings(v)
    words = {}
    for code in ["bg", "pl"]:
        data = Locale.parse(code)._data
        words[code] = {norm(t) for key in ["months", "days", "quarters", "day_periods", "date_fields"]
                       for s in strings(data[key]) for t in re.findall(r"[^\W\d_]+", s) if len(t) >= 2}
    return words


def stopwords_iso(src):
    d = json.load(open(os.path.join(src, f"stopwords-iso-{STOPWORDS_ISO}", "package", "stopwords-iso.json"), encoding="utf-8"))
    return {code: {norm(w) for w in d[code]} for code in ["bg", "pl"]}


# Bulgarian male names ending in -а/-я: Faker's male list also holds female and joke names
# with these endings, so only these take a patronymic.
BG_MALE_A = {"никола", "сава", "лука", "тома", "козма", "кузма", "илия", "захария", "еремия", "йеремия", "аврамия"}
BG_IRREGULAR = {"павел": "павлов", "михаил": "михайлов"}


def bg_patronymic(first):
    """Masculine Bulgarian patronymic/surname of a male first name (Иван -> Иванов,
    Георги -> Георгиев, Петър -> Петров, Николай -> Николаев, Пенчо -> Пенчев, Кольо -> Колев),
    or None where no regular form applies."""
    n = norm(first)
    if not re.fullmatch(r"[а-яѝ]{3,}", n) or n.endswith(("ов", "ев")):
        return None
    cons, vow = "бвгдзклмнпрстфх", "аеиоуъюяьй"
    if n in BG_IRREGULAR:
        return BG_IRREGULAR[n]
    if n.endswith("ър") and n[-3] not in vow:
        return n[:-2] + "ров"
    if n[-1] in cons:
        return n + "ов"
    if n[-1] in "жчшщц":
        return n + "ев"
    if n[-1] == "й":
        return n[:-1] + "ев"
    if n[-1] == "и":
        return n + "ев"
    if n.endswith(("ьо", "йо")) or (n[-1] in "юе" and n[-2] not in vow):
        return n[:-2 if n[-2] in "ьй" else -1] + "ев"
    if n[-1] == "о" and n[-2] not in vow:
        return n[:-1] + ("ев" if n[-2] in "жчшщц" else "ов")
    if n in BG_MALE_A:
        return n[:-2] + "иев" if n.endswith("ия") else n[:-1] + "ов"
    return None


def bg_other_gender(n):
    """The other gender of a Bulgarian surname (Петров <-> Петрова, Ковачки <-> Ковачка)."""
    def one(p):
        if len(p) < 4:
            return None
        if p.endswith(("ов", "ев")):
            return p + "а"
        if p.endswith(("ова", "ева")):
            return p[:-1]
        if p.endswith("ски"):
            return p[:-1] + "а"
        if p.endswith("ска"):
            return p[:-1] + "и"
        return None
    parts = [one(p) for p in n.split("-")]
    return "-".join(parts) if all(parts) else None


def pl_other_gender(n):
    """The other gender of an adjectival Polish surname (Kowalski <-> Kowalska). Feminine
    forms go back to the masculine only after -w/-ń/-l/-r/-c/-dz, so that noun surnames
    (Deska, Brzoska) do not yield plural nouns."""
    if len(n) < 6:
        return None
    if n.endswith(("ski", "cki", "dzki")):
        return n[:-1] + "a"
    if n.endswith(("wska", "ńska", "lska", "rska", "cka", "dzka")):
        return n[:-1] + "i"
    return None


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

    # Words: frequent Polish/English words (zxcvbn), Bulgarian/Polish date words (CLDR),
    # function words (stopwords-iso) and BG_WORDS. A Bulgarian word's transliteration counts
    # too, but only for an entry that is a Bulgarian name alone (so Polish "Ela" stays a name
    # although Bulgarian "ела" is a word).
    common = set()
    for pkg, ver in [("pl", ZX_PL), ("en", ZX_EN)]:
        common |= {norm(w) for w in zx(src, pkg, ver, "commonWords")[:COMMON_WORD_LIMIT]}
    cldr, stop = cldr_words(src), stopwords_iso(src)
    bg_words = cldr["bg"] | stop["bg"] | {norm(w) for w in BG_WORDS}
    bg_words_latn = {translit_bg(w) for w in bg_words}
    common |= bg_words | cldr["pl"] | stop["pl"]

    local_not_names = set()
    with open(os.path.join(OUT, "not_names.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                local_not_names.add(norm(line))

    add(faker_names(src), "faker")
    add(zx_names(src), "zxcvbn")
    bgt_male, items = bg_test_data(src)
    add(items, "bg-test-data")
    rb_male, items = ruby_faker_bg(src)
    add(items, "ruby-faker")
    add(mimesis_pl(src), "mimesis")
    add(fakerjs_pl(src), "faker-js")

    # A name that is also a word ("Angielski", "Вино") yields no derived forms.
    derived, words = [], common | local_not_names
    for first in faker_bg_male_first(src) + bgt_male + rb_male:
        if norm(first) in words:
            continue
        p = bg_patronymic(first)
        if p:
            derived += [(p, "l", "bg"), (p + "а", "l", "bg")]
    for n, e in list(entries.items()):
        if "l" not in e["roles"] or n in words:
            continue
        if "bg" in e["langs"] and (o := bg_other_gender(n)):
            derived.append((o, "l", "bg"))
        if "pl" in e["langs"] and (o := pl_other_gender(n)):
            derived.append((o, "l", "pl"))
    add([d for d in derived if d[0] not in entries], "derived")

    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "names.tsv"), "w", encoding="utf-8") as f:
        f.write("# generated by scripts/build_dictionaries.py; see PROVENANCE.md. columns: name roles(f=first,l=last) langs ambiguous\n")
        for n in sorted(entries):
            e = entries[n]
            amb = 1 if (n in common or n in local_not_names or (n in bg_words_latn and e["langs"] == {"bg-latn"})) else 0
            f.write(f"{n}\t{''.join(sorted(e['roles']))}\t{','.join(sorted(e['langs']))}\t{amb}\n")
    # Ordinary words that are no name at all: a capitalised one is a label, not a person
    # ("Windows Modules Installer"); names carry their own ambiguity flag above.
    with open(os.path.join(OUT, "common_words.txt"), "w", encoding="utf-8") as f:
        f.write("# generated by scripts/build_dictionaries.py from the common-word lists in PROVENANCE.md: ordinary words that are no name\n")
        for w in sorted(w for w in (common | local_not_names) if w not in entries and len(w) >= 3 and w.isalpha()):
            f.write(w + "\n")
    counts, langs = {}, {}
    for e in entries.values():
        for s in e["sources"]:
            counts[s] = counts.get(s, 0) + 1
        for l in e["langs"]:
            langs[l] = langs.get(l, 0) + 1
    c = lambda s: counts.get(s, 0)
    with open(os.path.join(OUT, "PROVENANCE.md"), "w", encoding="utf-8") as f:
        f.write(f"""# Name dictionaries: provenance and licence

`names.tsv` is generated by `scripts/build_dictionaries.py`; do not edit it by hand
(edit `not_names.txt` and re-run the script instead). Every source is a published package
fetched by its ordinary client at the pinned version; none is derived from leaked or scraped
personal data (so, for example, PyPI `names-dataset`, built from a social-network leak, is not used).

| source | version | licence | what was taken | entries contributed |
|---|---|---|---|---|
| Python Faker (PyPI `faker`), copyright (c) 2012 Daniele Faraglia | {FAKER} | MIT | person providers pl_PL, bg_BG, en_US, en_GB: first names and surnames | {c('faker')} |
| zxcvbn-ts language packs (npm `@zxcvbn-ts/language-pl` {ZX_PL}, `@zxcvbn-ts/language-en` {ZX_EN}), copyright (c) zxcvbn-ts contributors | see left | MIT | Polish and English first names and surnames (English surnames: the {EN_SURNAME_LIMIT} most frequent); the {COMMON_WORD_LIMIT} most frequent words of each common-word list, used only to mark names ambiguous | {c('zxcvbn')} |
| bg-test-data (PyPI `bg-test-data`), copyright (c) 2026 Nikolay Chillev | {BG_TEST_DATA} | MIT | `_data/first_names_male.py`, `first_names_female.py`, `last_names.py`: common Bulgarian first names and surnames (masculine forms; feminine forms derived) | {c('bg-test-data')} |
| Ruby Faker (Debian `ruby-faker`, gem faker {RUBY_FAKER_GEM}), copyright (c) 2007-2010 Benjamin Curtis | {RUBY_FAKER} | MIT (Expat, per debian/copyright) | `lib/locales/bg.yml`: Bulgarian male/female first names, surnames and patronymics (middle names) | {c('ruby-faker')} |
| mimesis (PyPI `mimesis`), copyright (c) 2016 Isaak Uchakaev | {MIMESIS} | MIT | `datasets/pl/person.json`: Polish first names and surnames | {c('mimesis')} |
| Faker for JavaScript (npm `@faker-js/faker`), copyright (c) 2022-2025 Faker contributors | {FAKERJS} | MIT | locale `pl`, `person.first_name` and `person.last_name` | {c('faker-js')} |
| Unicode CLDR as shipped by Babel (PyPI `babel`; Babel is BSD-3-Clause, its CLDR data `locale-data/LICENSE.unicode`) | {BABEL} | Unicode License v3 (data) | Bulgarian and Polish month and weekday names (all forms and widths), quarter, day-period and date-field words; used only to mark names ambiguous | 0 |
| stopwords-iso (npm `stopwords-iso`), by Gene Diaz | {STOPWORDS_ISO} | MIT (declared in its package.json; the tarball has no licence file) | Bulgarian and Polish stop words; used only to mark names ambiguous | 0 |
| `BG_WORDS` in the script, written for this project | - | (this repository) | {len(BG_WORDS)} frequent Bulgarian words that are also given names (Вяра, Слава, Мира, Роза, ...); used only to mark names ambiguous | 0 |
| derived by the script (rules, no source) | - | - | the other gender of every Bulgarian surname (-ов/-ова, -ев/-ева, -ски/-ска) and of Polish -ski/-cki/-dzki surnames; the Bulgarian patronymic (-ов/-ова, -ев/-ева, the form Bulgarian middle names and most surnames take) of every Bulgarian male first name above | {c('derived')} |

Bulgarian names are also written in Latin letters by the Streamlined System of the
Bulgarian Transliteration Act (2009), applied by the script (langs `bg-latn`).

A name is *ambiguous* (column 4 = 1) when it is also a frequent Polish, English or Bulgarian word
(for Bulgarian words, in Cyrillic and in its transliteration), or is listed in `not_names.txt`
(diagnostic vocabulary of this product such as module names). The engine accepts an ambiguous
name only with support: next to another name, or in a structural context (greeting, signature,
name field).

Not used: word lists under GPL or share-alike terms (Debian `wbulgarian`/`hunspell-bg`/`aspell-bg`
from bgoffice, GPL-2; Debian FreeDict dictionaries, CC-BY-SA-3.0; `wordfreq` 3.1.1 data,
CC-BY-SA-4.0; `simplemma` 2.0.0 lemma data, ODbL and other share-alike sources), the Polish SJP
word list (Debian `wpolish`: permissive, but its capitalised entries mix surnames with place names
and adjectives), Morfeusz 2 (PyPI `morfeusz2`: its wheel names its licence only by a web address),
`wikidata-person-names` (no Bulgarian or Polish names), and PHP Faker (Debian `php-faker`: its
bg_BG list is Python Faker's).

Entries per language: {", ".join(f"{l} {n}" for l, n in sorted(langs.items()))}.
Total entries: {len(entries)}.
""")
    print(f"wrote {len(entries)} names ({', '.join(f'{l} {n}' for l, n in sorted(langs.items()))})", file=sys.stderr)


if __name__ == "__main__":
    main()
