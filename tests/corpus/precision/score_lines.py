#!/usr/bin/env python3
"""Line-level precision scorer for sanitized log corpora (stdlib only).

    python3 score_lines.py --truth truth.jsonl --input-root DIR --output-root OUT [--json] [--show N]

truth.jsonl holds one object per file:
    {"file": "out/x.log",
     "planted": [{"kind": "ip", "value": "93.184.216.34", "line": 17}, ...],
     "keep": [...flat deduplicated must-keep tokens...],
     "keep_lines": {"17": ["Mar", "11", "09:12:30", "sshd[2211]:"], ...}}

The original of "out/x.log" is INPUT_ROOT/out/x.log, its sanitized version
OUTPUT_ROOT/out/x.log (same relative path; if that is absent, a file whose path
under OUTPUT_ROOT ends with the same relative path or the same file name is
used and reported).  A file with no output at all counts as missing
(quarantined).  Lines are compared by position, so the sanitizer must keep the
line count; files whose count changed are listed in line_count_mismatch and
scored only over their common prefix.

Per file and in total:
  lines                    input lines
  lines_out                output lines
  changed                  lines whose output differs from the input
  changed_without_planted  changed lines that hold no planted value
                           (pure over-redaction)
  keep_total / keep_lost   must-keep tokens, and those not found in the output
                           line.  A token counts as found when it occurs in the
                           output line and is not glued to a letter/digit/_
                           on a side where the token itself starts/ends with
                           one (tokens come from whitespace-split input, so in
                           the input they are always bounded that way)
  keep_lost_lines          lines that lost at least one must-keep token
  planted / leaked         planted values, and those still present verbatim in
                           their output line
"""
import argparse
import collections
import json
import os
import sys

ARROW = "\u27f6"


def read_lines(path):
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln[:-1] if ln.endswith("\r") else ln for ln in lines]


def _word(c):
    return c.isalnum() or c == "_"


def present(tok, line):
    """tok occurs in line, not glued to word characters at word-character edges."""
    if not tok:
        return True
    lw, rw = _word(tok[0]), _word(tok[-1])
    start = 0
    while True:
        i = line.find(tok, start)
        if i < 0:
            return False
        j = i + len(tok)
        left_ok = not lw or i == 0 or not _word(line[i - 1])
        right_ok = not rw or j == len(line) or not _word(line[j])
        if left_ok and right_ok:
            return True
        start = i + 1


def resolve_output(out_root, rel):
    exact = os.path.join(out_root, rel)
    if os.path.isfile(exact):
        return exact
    rel_n = rel.replace("\\", "/").strip("/")
    base = os.path.basename(rel_n)
    by_suffix, by_name = [], []
    for d, dirs, files in os.walk(out_root):
        dirs[:] = sorted(x for x in dirs if x != ".scrubline")
        for fn in sorted(files):
            p = os.path.join(d, fn)
            r = os.path.relpath(p, out_root).replace(os.sep, "/")
            if r.endswith("/" + rel_n) or r == rel_n:
                by_suffix.append(p)
            elif fn == base:
                by_name.append(p)
    if by_suffix:
        return by_suffix[0]
    if len(by_name) == 1:
        return by_name[0]
    return None


def quarantine_counts(out_root):
    """Entries of OUT/.scrubline/quarantine.ndjson per file name (best effort)."""
    path = os.path.join(out_root, ".scrubline", "quarantine.ndjson")
    counts = collections.Counter()
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8", errors="replace") as f:
        for ln in f:
            try:
                o = json.loads(ln)
            except ValueError:
                continue
            name = str(o.get("file") or o.get("path") or "")
            counts[os.path.basename(name.replace("\\", "/"))] += 1
    return counts


def score_file(entry, in_root, out_root):
    rel = entry["file"]
    src = read_lines(os.path.join(in_root, rel))
    res = {"lines": len(src), "planted": len(entry.get("planted", [])),
           "keep_total": sum(len(v) for v in entry.get("keep_lines", {}).values())}
    out_path = resolve_output(out_root, rel)
    if out_path is None:
        res["missing"] = True
        return res, [], collections.Counter(), collections.Counter()
    if os.path.abspath(out_path) != os.path.abspath(os.path.join(out_root, rel)):
        res["output_path"] = os.path.relpath(out_path, out_root)
    out = read_lines(out_path)
    res["lines_out"] = len(out)
    n = min(len(src), len(out))

    planted_by_line = collections.defaultdict(list)
    for p in entry.get("planted", []):
        planted_by_line[int(p["line"])].append(p)
    keep_by_line = {int(k): v for k, v in entry.get("keep_lines", {}).items()}

    changed = over = keep_lost = keep_lost_lines = leaked = 0
    leaked_kinds, lost_tokens = collections.Counter(), collections.Counter()
    examples = []
    for i in range(1, n + 1):
        a, b = src[i - 1], out[i - 1]
        lost = [t for t in keep_by_line.get(i, []) if not present(t, b)]
        if lost:
            keep_lost += len(lost)
            keep_lost_lines += 1
            lost_tokens.update(lost)
        for p in planted_by_line.get(i, []):
            if p["value"] in b:
                leaked += 1
                leaked_kinds[p["kind"]] += 1
        if a != b:
            changed += 1
            if i not in planted_by_line:
                over += 1
                examples.append({"file": rel, "line": i, "input": a, "output": b, "lost": lost})
    # lines beyond the common prefix are not comparable: their keep tokens count as lost,
    # their planted values as not leaked (they were not written out)
    for i in range(n + 1, len(src) + 1):
        keep_lost += len(keep_by_line.get(i, []))
    res.update({"changed": changed, "changed_without_planted": over, "keep_lost": keep_lost,
                "keep_lost_lines": keep_lost_lines, "leaked": leaked,
                "leaked_by_kind": dict(sorted(leaked_kinds.items()))})
    if len(out) != len(src):
        res["line_count_mismatch"] = True
    return res, examples, lost_tokens, leaked_kinds


def run(truth_path, in_root, out_root):
    entries = []
    with open(truth_path, encoding="utf-8") as f:
        for ln in f:
            if ln.strip():
                entries.append(json.loads(ln))
    files, all_examples = {}, []
    lost_tokens, leaked_kinds, planted_kinds = collections.Counter(), collections.Counter(), collections.Counter()
    total = {"lines": 0, "lines_out": 0, "changed": 0, "changed_without_planted": 0, "keep_total": 0,
             "keep_lost": 0, "keep_lost_lines": 0, "planted": 0, "leaked": 0,
             "line_count_mismatch": [], "missing": []}
    for e in entries:
        res, ex, lt, lk = score_file(e, in_root, out_root)
        files[e["file"]] = res
        all_examples.append(ex)
        lost_tokens.update(lt)
        leaked_kinds.update(lk)
        for p in e.get("planted", []):
            planted_kinds[p["kind"]] += 1
        total["lines"] += res["lines"]
        total["keep_total"] += res["keep_total"]
        total["planted"] += res["planted"]
        if res.get("missing"):
            total["missing"].append(e["file"])
            continue
        for k in ("lines_out", "changed", "changed_without_planted", "keep_lost", "keep_lost_lines", "leaked"):
            total[k] += res[k]
        if res.get("line_count_mismatch"):
            total["line_count_mismatch"].append({"file": e["file"], "lines": res["lines"], "lines_out": res["lines_out"]})
    total["planted_by_kind"] = dict(sorted(planted_kinds.items()))
    total["leaked_by_kind"] = dict(sorted(leaked_kinds.items()))
    total["top_lost_tokens"] = lost_tokens.most_common(25)
    q = quarantine_counts(out_root)
    if q is not None:
        total["quarantine_entries"] = sum(q.values())
    return files, total, all_examples


def interleave(per_file, n):
    """The first over-redacted lines of every file, taken in turn, up to n."""
    out, k = [], 0
    while len(out) < n and any(k < len(x) for x in per_file):
        for x in per_file:
            if k < len(x) and len(out) < n:
                out.append(x[k])
        k += 1
    return out


def pct(a, b):
    return f"{100.0 * a / b:5.1f}%" if b else "   n/a"


def print_text(files, total, examples):
    hdr = f"{'file':28} {'lines':>6} {'out':>6} {'changed':>8} {'over':>6} {'over%':>6} {'keep':>7} {'lost':>6} {'lost%':>6} {'plant':>6} {'leak':>5}"
    print(hdr)
    print("-" * len(hdr))
    for name, r in files.items():
        if r.get("missing"):
            print(f"{name:28} {r['lines']:6d}  MISSING (no output: quarantined?)")
            continue
        flag = "  LINE COUNT MISMATCH" if r.get("line_count_mismatch") else ""
        flag += f"  (output: {r['output_path']})" if r.get("output_path") else ""
        print(f"{name:28} {r['lines']:6d} {r['lines_out']:6d} {r['changed']:8d} {r['changed_without_planted']:6d} "
              f"{pct(r['changed_without_planted'], r['lines']):>6} {r['keep_total']:7d} {r['keep_lost']:6d} "
              f"{pct(r['keep_lost'], r['keep_total']):>6} {r['planted']:6d} {r['leaked']:5d}{flag}")
    t = total
    print("-" * len(hdr))
    print(f"{'TOTAL':28} {t['lines']:6d} {t['lines_out']:6d} {t['changed']:8d} {t['changed_without_planted']:6d} "
          f"{pct(t['changed_without_planted'], t['lines']):>6} {t['keep_total']:7d} {t['keep_lost']:6d} "
          f"{pct(t['keep_lost'], t['keep_total']):>6} {t['planted']:6d} {t['leaked']:5d}")
    print()
    print(f"over-redaction: {t['changed_without_planted']} of {t['changed']} changed lines hold no planted value "
          f"({pct(t['changed_without_planted'], t['changed']).strip()} of changes)")
    print(f"must-keep tokens lost: {t['keep_lost']} of {t['keep_total']} ({pct(t['keep_lost'], t['keep_total']).strip()}), "
          f"on {t['keep_lost_lines']} lines")
    print(f"planted values leaked: {t['leaked']} of {t['planted']}  by kind: "
          + ", ".join(f"{k} {t['leaked_by_kind'].get(k, 0)}/{v}" for k, v in t["planted_by_kind"].items()))
    if t["line_count_mismatch"]:
        print("line count mismatch: " + ", ".join(f"{m['file']} {m['lines']}->{m['lines_out']}" for m in t["line_count_mismatch"]))
    if t["missing"]:
        print("missing (quarantined?): " + ", ".join(t["missing"]))
    if "quarantine_entries" in t:
        print(f"quarantine.ndjson entries: {t['quarantine_entries']}")
    if t["top_lost_tokens"]:
        print("most often lost tokens: " + ", ".join(f"{tok!r}x{c}" for tok, c in t["top_lost_tokens"][:15]))
    if examples:
        print()
        print(f"over-redacted lines (input {ARROW} output):")
        for ex in examples:
            print(f"  {ex['file']}:{ex['line']}")
            print(f"    {ex['input']}")
            print(f"    {ARROW} {ex['output']}")
            if ex["lost"]:
                print(f"    lost: {' '.join(ex['lost'][:12])}")


def main(argv=None):
    ap = argparse.ArgumentParser(description="Line-level over-redaction / leak scorer for a sanitized corpus.")
    ap.add_argument("--truth", required=True)
    ap.add_argument("--input-root", required=True, help="directory the truth's file paths are relative to")
    ap.add_argument("--output-root", required=True, help="directory holding the sanitized files at the same relative paths")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the text report")
    ap.add_argument("--show", type=int, default=10, metavar="N",
                    help="how many over-redacted lines to show, the first of each file in turn (default 10)")
    a = ap.parse_args(argv)
    if not os.path.isdir(a.output_root):
        print(f"output root {a.output_root} does not exist", file=sys.stderr)
        return 2
    files, total, per_file_examples = run(a.truth, a.input_root, a.output_root)
    examples = interleave(per_file_examples, max(a.show, 0))
    if a.json:
        json.dump({"files": files, "total": total, "examples": examples}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print_text(files, total, examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
