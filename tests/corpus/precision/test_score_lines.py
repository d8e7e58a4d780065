#!/usr/bin/env python3
"""Self-test of score_lines.py and sanity checks of the precision corpus (stdlib unittest).

    python3 tests/corpus/precision/test_score_lines.py        (or python3 -m unittest ... -v)
"""
import calendar
import io
import ipaddress
import json
import os
import shutil
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.dont_write_bytecode = True  # keep the corpus folder clean
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import score_lines  # noqa: E402

TRUTH = os.path.join(HERE, "truth.jsonl")


def load_truth(path=TRUTH):
    with open(path, encoding="utf-8") as f:
        return [json.loads(x) for x in f if x.strip()]


def copy_corpus(dst, transform=None):
    """Copy every truth file to dst (same relative path), optionally transforming lines."""
    for e in load_truth():
        src = os.path.join(HERE, e["file"])
        out = os.path.join(dst, e["file"])
        os.makedirs(os.path.dirname(out), exist_ok=True)
        if transform is None:
            shutil.copyfile(src, out)
            continue
        lines = score_lines.read_lines(src)
        lines = transform(e, lines)
        with open(out, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")


def run_json(truth, in_root, out_root, show=10):
    buf = io.StringIO()
    with redirect_stdout(buf):
        rc = score_lines.main(["--truth", truth, "--input-root", in_root, "--output-root", out_root,
                               "--json", "--show", str(show)])
    assert rc == 0
    return json.loads(buf.getvalue())


def mask_planted(entry, lines):
    by_line = {}
    for p in entry["planted"]:
        by_line.setdefault(p["line"], []).append(p["value"])
    out = list(lines)
    for ln, values in by_line.items():
        for v in sorted(values, key=len, reverse=True):
            out[ln - 1] = out[ln - 1].replace(v, "[X]")
    return out


class ScorerOnCorpus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="precision-score-")
        cls.truth = load_truth()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_identity(self):
        out = os.path.join(self.tmp, "identity")
        copy_corpus(out)
        res = run_json(TRUTH, HERE, out)
        t = res["total"]
        self.assertEqual(t["changed"], 0)
        self.assertEqual(t["changed_without_planted"], 0)
        self.assertEqual(t["keep_lost"], 0)
        self.assertGreater(t["keep_total"], 0)
        self.assertEqual(t["leaked"], t["planted"])
        self.assertEqual(t["lines"], t["lines_out"])
        self.assertEqual(t["missing"], [])
        self.assertEqual(t["line_count_mismatch"], [])
        self.assertEqual(res["examples"], [])

    def test_planted_masked(self):
        out = os.path.join(self.tmp, "masked")
        copy_corpus(out, mask_planted)
        res = run_json(TRUTH, HERE, out)
        t = res["total"]
        planted_lines = sum(len({p["line"] for p in e["planted"]}) for e in self.truth)
        self.assertEqual(t["leaked"], 0)
        self.assertEqual(t["changed_without_planted"], 0)
        self.assertEqual(t["changed"], planted_lines)
        self.assertEqual(t["keep_lost"], 0)
        self.assertEqual(res["examples"], [])

    def test_over_redaction_detected(self):
        out = os.path.join(self.tmp, "over")
        e0 = self.truth[0]
        planted = {p["line"] for p in e0["planted"]}
        victim = next(i for i in range(1, 10 ** 6) if i not in planted and str(i) in e0["keep_lines"])
        tok = e0["keep_lines"][str(victim)][0]

        def damage(entry, lines):
            lines = mask_planted(entry, lines)
            if entry["file"] == e0["file"]:
                lines[victim - 1] = lines[victim - 1].replace(tok, "[REDACTED]", 1)
            return lines

        copy_corpus(out, damage)
        res = run_json(TRUTH, HERE, out, show=5)
        t = res["total"]
        self.assertEqual(t["changed_without_planted"], 1)
        self.assertGreaterEqual(t["keep_lost"], 1)
        self.assertEqual(t["leaked"], 0)
        self.assertEqual(len(res["examples"]), 1)
        self.assertEqual(res["examples"][0]["line"], victim)
        self.assertIn(tok, res["examples"][0]["lost"])

    def test_missing_and_line_count(self):
        out = os.path.join(self.tmp, "partial")
        copy_corpus(out)
        e0, e1 = self.truth[0], self.truth[1]
        os.remove(os.path.join(out, e0["file"]))
        p1 = os.path.join(out, e1["file"])
        lines = score_lines.read_lines(p1)
        with open(p1, "w", encoding="utf-8") as f:
            f.write("\n".join(lines[:-3]) + "\n")
        res = run_json(TRUTH, HERE, out)
        self.assertEqual(res["total"]["missing"], [e0["file"]])
        self.assertEqual(res["total"]["line_count_mismatch"],
                         [{"file": e1["file"], "lines": len(lines), "lines_out": len(lines) - 3}])
        self.assertTrue(res["files"][e0["file"]]["missing"])

    def test_text_report_runs(self):
        out = os.path.join(self.tmp, "text")
        copy_corpus(out, mask_planted)
        buf = io.StringIO()
        with redirect_stdout(buf):
            rc = score_lines.main(["--truth", TRUTH, "--input-root", HERE, "--output-root", out, "--show", "3"])
        self.assertEqual(rc, 0)
        self.assertIn("TOTAL", buf.getvalue())


class ScorerUnits(unittest.TestCase):
    def test_present_boundaries(self):
        p = score_lines.present
        self.assertTrue(p("Mar", "Mar 11 09:12:30 host"))
        self.assertTrue(p("11", "[Tue Mar 11 09:12:30"))
        self.assertFalse(p("11", "Mar 2011 x"))
        self.assertFalse(p("Mar", "[NAME]ch"))
        self.assertTrue(p("sshd[2211]:", "host sshd[2211]: x"))
        self.assertTrue(p("[pid", "x [pid 12:tid 3]"))
        self.assertTrue(p("/10.0.0.1:50010", "src: /10.0.0.1:50010 dest"))
        self.assertFalse(p("10.0.0.1", "src: [IP]"))

    def test_resolve_by_suffix(self):
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "tests", "corpus", "precision", "out"))
            target = os.path.join(d, "tests", "corpus", "precision", "out", "a.log")
            open(target, "w").close()
            self.assertEqual(score_lines.resolve_output(d, "out/a.log"), target)
            self.assertIsNone(score_lines.resolve_output(d, "out/b.log"))


def pesel_ok(s):
    if len(s) != 11 or not s.isdigit():
        return False
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    if (10 - sum(int(s[i]) * w[i] for i in range(10)) % 10) % 10 != int(s[10]):
        return False
    yy, mm, dd = int(s[0:2]), int(s[2:4]), int(s[4:6])
    century = {0: 1900, 20: 2000, 40: 2100, 60: 2200, 80: 1800}.get(mm - mm % 20)
    month = mm % 20
    return century is not None and 1 <= month <= 12 and 1 <= dd <= calendar.monthrange(century + yy, month)[1]


def egn_ok(s):
    if len(s) != 10 or not s.isdigit():
        return False
    w = [2, 4, 8, 5, 10, 9, 7, 3, 6]
    c = sum(int(s[i]) * w[i] for i in range(9)) % 11
    if (0 if c == 10 else c) != int(s[9]):
        return False
    yy, mm, dd = int(s[0:2]), int(s[2:4]), int(s[4:6])
    if mm > 40:
        year, month = 2000 + yy, mm - 40
    elif mm > 20:
        year, month = 1800 + yy, mm - 20
    else:
        year, month = 1900 + yy, mm
    return 1 <= month <= 12 and 1 <= dd <= calendar.monthrange(year, month)[1]


class CorpusSanity(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.truth = load_truth()

    def test_sizes(self):
        total_lines = total_bytes = 0
        for e in self.truth:
            path = os.path.join(HERE, e["file"])
            n = len(score_lines.read_lines(path))
            self.assertTrue(1400 <= n <= 2700, (e["file"], n))
            total_lines += n
            total_bytes += os.path.getsize(path)
        self.assertTrue(25000 <= total_lines <= 35000, total_lines)
        self.assertLess(total_bytes, 5_000_000)

    def test_planted_share_and_values(self):
        for e in self.truth:
            lines = score_lines.read_lines(os.path.join(HERE, e["file"]))
            plines = {p["line"] for p in e["planted"]}
            share = len(plines) / len(lines)
            self.assertTrue(0.05 <= share <= 0.15, (e["file"], share))
            for p in e["planted"]:
                line = lines[p["line"] - 1]
                self.assertIn(p["value"], line, (e["file"], p))
                v = p["value"]
                if p["kind"] == "ip":
                    ip = ipaddress.ip_address(v)
                    self.assertTrue(ip.is_global and not ip.is_multicast, v)
                    self.assertNotIn(v.split(".")[-1], ("0", "255"), v)
                    for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "100.64.0.0/10"):
                        self.assertNotIn(ip, ipaddress.ip_network(net), v)
                elif p["kind"] == "pesel":
                    self.assertTrue(pesel_ok(v), v)
                elif p["kind"] == "egn":
                    self.assertTrue(egn_ok(v), v)
                elif p["kind"] == "email":
                    self.assertRegex(v, r"^[a-z0-9._]+@([a-z]+\.)*example\.(com|org|net)$")

    def test_keep_tokens(self):
        for e in self.truth:
            lines = score_lines.read_lines(os.path.join(HERE, e["file"]))
            planted = {}
            for p in e["planted"]:
                planted.setdefault(p["line"], []).append(p["value"])
            flat = set(e["keep"])
            for k, toks in e["keep_lines"].items():
                line = lines[int(k) - 1]
                for t in toks:
                    self.assertIn(t, flat)
                    self.assertTrue(score_lines.present(t, line), (e["file"], k, t))
                    for v in planted.get(int(k), []):
                        self.assertNotIn(v, t, (e["file"], k, t))

    def test_generator_deterministic(self):
        sys.path.insert(0, HERE)
        import generate
        with tempfile.TemporaryDirectory() as d:
            with redirect_stdout(io.StringIO()):
                generate.build(d)
            for e in self.truth:
                with open(os.path.join(d, e["file"]), "rb") as a, open(os.path.join(HERE, e["file"]), "rb") as b:
                    self.assertEqual(a.read(), b.read(), e["file"])
            with open(os.path.join(d, "truth.jsonl"), "rb") as a, open(TRUTH, "rb") as b:
                self.assertEqual(a.read(), b.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
