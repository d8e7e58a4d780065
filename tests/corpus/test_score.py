#!/usr/bin/env python3
"""Tests of the independent scorer (standard library only).

    python3 -m unittest tests/corpus/test_score.py      (or: python3 tests/corpus/test_score.py)

1. Identity check on every corpus with a truth.jsonl under tests/corpus/*/: scoring the
   input against itself must report (nearly) every planted value as leaked and every keep
   token as surviving.
2. Small hand-made outputs: the decoding layers find what is hidden in them, and what a
   sanitizer removed or replaced is not reported.
"""
import base64
import glob
import io
import json
import os
import shutil
import sys
import tempfile
import unittest
import zipfile
from email.message import EmailMessage

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import score  # noqa: E402

CORPORA = sorted(os.path.dirname(p) for p in glob.glob(os.path.join(HERE, "*", "truth.jsonl")))


class IdentityTest(unittest.TestCase):
    """Output == input: everything planted leaks, every keep token survives."""

    def test_corpora(self):
        self.assertTrue(CORPORA, "no corpus with a truth.jsonl found")
        for root in CORPORA:
            with self.subTest(corpus=os.path.basename(root)):
                truth = score.load_truth(os.path.join(root, "truth.jsonl"))
                res, extra = score.score(truth, root, root)
                planted = sum(k["planted"] for k in res["kinds"].values())
                leaked = sum(k["leaked"] for k in res["kinds"].values())
                self.assertEqual(res["missing_files"], [])
                self.assertGreater(planted, 0)
                self.assertGreaterEqual(leaked, 0.995 * planted,
                                        f"not found in the unchanged input: {planted - leaked}")
                lost = res["keep"]["lost"]
                self.assertLessEqual(lost, 0.005 * max(1, res["keep"]["total"]),
                                     f"keep tokens not found: {res['lost_keep'][:5]}")


class DecodeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.inp = os.path.join(self.tmp, "in")
        self.out = os.path.join(self.tmp, "out")
        os.makedirs(self.inp)
        os.makedirs(self.out)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def run_one(self, data, planted, keep=(), name="f.txt", write=True):
        with open(os.path.join(self.inp, name), "wb") as f:
            f.write(b"placeholder")
        if write:
            with open(os.path.join(self.out, name), "wb") as f:
                f.write(data)
        truth = [{"file": name, "planted": [{"kind": k, "value": v, "where": "t"} for k, v in planted],
                  "keep": list(keep)}]
        res, _ = score.score(truth, self.inp, self.out)
        leaked = {(l["kind"], l["value"]) for l in res["leaks"]}
        lost = {l["token"] for l in res["lost_keep"]}
        return leaked, lost, res

    def test_plain_and_removed(self):
        leaked, lost, _ = self.run_one(
            "PESEL 44051401359, tel. 601 234 567, NIP [NIP], 2025-03-11 09:12:30".encode(),
            [("pesel", "44051401359"), ("phone", "601 234 567"), ("nip", "526-104-08-28")],
            ["2025-03-11 09:12:30", "ERR-1042"])
        self.assertEqual(leaked, {("pesel", "44051401359"), ("phone", "601 234 567")})
        self.assertEqual(lost, {"ERR-1042"})

    def test_separators_removed_still_leak(self):
        leaked, _, _ = self.run_one(b"nip=5261040828 iban PL61109010140000071219812874",
                                    [("nip", "526-104-08-28"), ("iban", "PL61 1090 1014 0000 0712 1981 2874")])
        self.assertEqual(len(leaked), 2)

    def test_ip_token_boundaries(self):
        leaked, lost, _ = self.run_one(b"peer 83.24.113.70 and version 1.2.3.4 host adsl-70-242-75-179.dsl.example.net",
                                       [("ip", "83.24.113.7"), ("ip", "70-242-75-179")], ["1.2.3.4"])
        self.assertEqual(leaked, {("ip", "70-242-75-179")})
        self.assertEqual(lost, set())
        leaked, _, _ = self.run_one(b"addr 2A02:A31A:0:0:0:0:0:1", [("ip", "2a02:a31a::1")])
        self.assertEqual(len(leaked), 1)
        leaked, _, _ = self.run_one(b"peer 70.242.75.179:443", [("ip", "70-242-75-179")])
        self.assertEqual(len(leaked), 1)

    def test_name_words(self):
        leaked, _, _ = self.run_one("Dzień dobry, [NAME] Kowalskiemu przekazuję".encode(),
                                    [("name", "Janowi Kowalskiemu"), ("name", "Anna Nowak"),
                                     ("name", "Nowak_Jan")])
        self.assertEqual(leaked, {("name", "Janowi Kowalskiemu")})
        leaked, _, _ = self.run_one("file Nowak_Jan_ZC415.xml, user jnowak".encode(),
                                    [("name", "Jan Nowak")])
        self.assertEqual(len(leaked), 1)

    def test_geo_and_address(self):
        leaked, _, _ = self.run_one("lat=52.2297&lon=[GEO]; dostawa: Długa 12/4, [POSTAL] Warszawa".encode(),
                                    [("geo", "52.2297, 21.0122"), ("address", "ul. Długa 12/4, 00-950 Warszawa")])
        self.assertEqual(len(leaked), 2)

    def test_email_layers(self):
        html = "<p>pisz na jan.nowak&#64;wp.pl</p>".encode()
        leaked, _, _ = self.run_one(html, [("email", "jan.nowak@wp.pl")], name="a.html")
        self.assertEqual(len(leaked), 1)
        leaked, _, _ = self.run_one(b"GET /x?email=jan.nowak%40wp.pl", [("email", "jan.nowak@wp.pl")])
        self.assertEqual(len(leaked), 1)
        leaked, _, _ = self.run_one(b"write to jan.nowak [at] wp [dot] pl",
                                    [("email", "jan.nowak@wp.pl"), ("email", "jan.nowak [at] wp [dot] pl")])
        self.assertEqual(leaked, {("email", "jan.nowak [at] wp [dot] pl")})

    def test_json_escapes_and_base64(self):
        data = json.dumps({"user": "Łukasz Wójcik", "blob": base64.b64encode(
            "PESEL 44051401359".encode()).decode()}, ensure_ascii=True).encode()
        leaked, _, _ = self.run_one(data, [("name", "Łukasz Wójcik"), ("pesel", "44051401359")], name="a.json")
        self.assertEqual(len(leaked), 2)

    def test_utf16_zip_nested(self):
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as z:
            z.writestr("app.log", "\ufeffПотребител ivanov_p, ЕГН 7552010005".encode("utf-16-le"))
        outer = io.BytesIO()
        with zipfile.ZipFile(outer, "w") as z:
            z.writestr("inner.zip", inner.getvalue())
            z.writestr("Иванова_Мария.txt", "parola: Zima2024!".encode("cp1251"))
        leaked, _, _ = self.run_one(outer.getvalue(), [("login", "ivanov_p"), ("egn", "7552010005"),
                                                       ("secret", "Zima2024!"), ("name", "Иванова_Мария")],
                                    name="a.zip")
        self.assertEqual(len(leaked), 4)

    def test_mime(self):
        m = EmailMessage()
        m["From"] = "Łukasz Wójcik <l.wojcik@wp.pl>"
        m["To"] = "pomoc@example.com"
        m["Subject"] = "Zgłoszenie – Стоян Петров"
        m.set_content("Dzień dobry,\nmój PESEL 44051401359.\n", charset="iso-8859-2", cte="quoted-printable")
        m.add_attachment("парола: Lato2024#".encode("koi8-r"), maintype="text", subtype="plain",
                         filename="Петров_Стоян.txt")
        fwd = EmailMessage()
        fwd["From"] = "x@example.com"
        fwd["Subject"] = "fwd"
        fwd.set_content("tel. 0888 123 456")
        m.add_attachment(fwd)
        leaked, lost, _ = self.run_one(m.as_bytes(), [
            ("name", "Łukasz Wójcik"), ("email", "l.wojcik@wp.pl"), ("name", "Стоян Петров"),
            ("pesel", "44051401359"), ("name", "Петров_Стоян"), ("phone", "0888 123 456")],
            ["Dzień dobry"], name="m.eml")
        self.assertEqual(len(leaked), 6, leaked)
        self.assertEqual(lost, set())

    def test_uuencode(self):
        import binascii
        body = "card 4111 1111 1111 1111\n".encode()
        uu = b"begin 644 x.txt\n" + binascii.b2a_uu(body) + b"`\nend\n"
        leaked, _, _ = self.run_one(b"see attached\n" + uu, [("card", "4111 1111 1111 1111")])
        self.assertEqual(len(leaked), 1)

    def test_missing_file(self):
        leaked, lost, res = self.run_one(b"", [("pesel", "44051401359")], ["x"], write=False)
        self.assertEqual(leaked, set())
        self.assertEqual(res["missing_files"], ["f.txt"])
        self.assertEqual(lost, {"x"})

    def test_cli_json(self):
        with open(os.path.join(self.inp, "a.txt"), "wb") as f:
            f.write(b"x")
        with open(os.path.join(self.out, "a.txt"), "wb") as f:
            f.write(b"PESEL 44051401359")
        t = os.path.join(self.tmp, "t.jsonl")
        with open(t, "w") as f:
            f.write(json.dumps({"file": "a.txt", "planted": [{"kind": "pesel", "value": "44051401359",
                                                              "where": "x"}], "keep": ["PESEL"]}) + "\n")
        buf = io.StringIO()
        old = sys.stdout
        sys.stdout = buf
        try:
            score.main(["--truth", t, "--input-root", self.inp, "--output-root", self.out, "--json"])
        finally:
            sys.stdout = old
        d = json.loads(buf.getvalue())
        self.assertEqual(d["kinds"], {"pesel": {"planted": 1, "leaked": 1}})
        self.assertEqual(d["keep"], {"total": 1, "lost": 0})
        self.assertEqual(set(d), {"kinds", "keep", "missing_files", "leaks", "lost_keep"})


if __name__ == "__main__":
    unittest.main()
