#!/usr/bin/env bash
# Run the release binary over folders of mail written by other software (other projects' test
# suites fetched outside this repo, or tests/fixtures/mail) and summarise what happened.
#
#   scripts/try-mail-suites.sh [-v] DIR...
#
# For every file under each DIR that looks like a message (a header block naming at least two
# of From/To/Subject/Date/Message-ID/Received/Return-Path, an mbox "From " line, or a name
# ending .eml/.msg822/.mbox/.mbx, as the binary itself decides), runs
#   target/release/scrubline scrub --out TMP FILE
# in its own TMP and prints per DIR: messages, sanitized, quarantined by reason (field `reason`
# of TMP/.scrubline/quarantine.ndjson), failures and crashes, parts removed (manifests), and
# how many sanitized outputs Python's email parser reports defects for (msg.defects on every
# part). -v lists every file that was not sanitized cleanly.
#
# A DIR holding a truth.jsonl (tests/fixtures/mail) is also checked against it: the files it
# names are run too (bare .log files included), and a planted value found anywhere in the
# decoded output (transfer encodings, charsets, UTF-16, HTML references, %-encoding, zip,
# uuencode; see make_fixtures.py decoded_corpus), a keep token missing, a quarantine where
# `expect` says sanitized, or a `removed:<part>` not removed is reported per fixture.
#
# Exit status: 0 done; 1 a run crashed or timed out, or a truth check failed; 2 usage or the
# binary is missing. Never builds anything. SCRUBLINE_BIN overrides the binary's path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${SCRUBLINE_BIN:-$root/target/release/scrubline}"
if [ "$#" -eq 0 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
    sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
if [ ! -x "$bin" ]; then
    echo "try-mail-suites: $bin does not exist; build it with cargo build --release" >&2
    exit 2
fi
exec python3 - "$bin" "$root" "$@" <<'PY'
import collections, importlib.util, json, mailbox, os, re, shutil, subprocess, sys, tempfile
sys.dont_write_bytecode = True  # importing make_fixtures.py must leave no __pycache__ in the repo
import email, email.policy
from pathlib import Path

bin_, root = sys.argv[1], Path(sys.argv[2])
args = sys.argv[3:]
verbose = "-v" in args
dirs = [Path(a) for a in args if a != "-v"]
TIMEOUT = int(os.environ.get("TRY_MAIL_TIMEOUT", "120"))
KNOWN = {"from", "to", "subject", "date", "message-id", "received", "return-path"}


def looks_like_mail(head: bytes) -> str | None:
    if head.startswith(b"From ") and b"\n" in head:
        return "mbox"
    known = 0
    for line in head.decode("utf-8", "replace").splitlines():
        if not line:
            return "eml" if known >= 2 else None
        if line[0] in " \t":
            continue
        name, sep, _ = line.partition(":")
        if not sep or not name or not re.fullmatch(r"[A-Za-z0-9-]+", name):
            return None
        known += name.lower() in KNOWN
    return None


def load_fixture_module():
    path = root / "tests" / "fixtures" / "mail" / "make_fixtures.py"
    spec = importlib.util.spec_from_file_location("make_fixtures", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def defects_of(raw: bytes, kind: str) -> list[str]:
    msgs = []
    if kind == "mbox":
        with tempfile.NamedTemporaryFile(suffix=".mbox") as f:
            f.write(raw)
            f.flush()
            msgs = [email.message_from_bytes(m.as_bytes()) for m in mailbox.mbox(f.name)]
    else:
        msgs = [email.message_from_bytes(raw)]
    out = []
    for m in msgs:
        for part in m.walk():
            out.extend(type(d).__name__ for d in part.defects)
    return out


def run_one(path: Path, kind: str) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="try-mail-"))
    r = {"file": str(path), "kind": kind, "outcome": "?", "reasons": [], "removed": [], "defects": [],
         "messages": 1, "sanitized": 0, "output": None, "manifests": [], "input_defects": []}
    if kind in ("eml", "mbox"):
        try:
            r["input_defects"] = defects_of(path.read_bytes(), kind)
        except Exception as e:  # noqa: BLE001 - Python's own parser giving up is worth a line, not a stop
            r["input_defects"] = [f"python-parse-error:{type(e).__name__}"]
    try:
        try:
            p = subprocess.run([bin_, "scrub", "--out", str(tmp / "out"), str(path)], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            r["outcome"] = "timeout"
            return r
        r["rc"] = p.returncode
        r["stderr"] = p.stderr.decode("utf-8", "replace")
        out = tmp / "out"
        q = out / ".scrubline" / "quarantine.ndjson"
        if q.exists():
            for line in q.read_text(encoding="utf-8").splitlines():
                reason = json.loads(line).get("reason", "")
                m = re.search(r"\(([a-z_]+)\)", reason)
                r["reasons"].append(m.group(1) if m else re.sub(r"\d+", "N", reason)[:70])
        outputs, manifests = [], []
        if out.exists():
            for f in sorted(out.rglob("*")):
                if not f.is_file() or ".scrubline" in f.relative_to(out).parts:
                    continue
                if f.name.endswith(".manifest.json"):
                    manifests.append(json.loads(f.read_text(encoding="utf-8")))
                elif f.name.endswith(".manifests.ndjson"):
                    manifests.extend(json.loads(l) for l in f.read_text(encoding="utf-8").splitlines() if l.strip())
                else:
                    outputs.append(f)
        r["manifests"] = manifests
        for m in manifests:
            for part in m.get("parts", []):
                if part.get("action") == "removed":
                    r["removed"].append((part.get("path", ""), part.get("content_type", ""), part.get("reason", "")))
        if outputs:
            r["output"] = outputs[0].read_bytes()
            if kind in ("eml", "mbox"):
                try:
                    r["defects"] = defects_of(r["output"], kind)
                except Exception as e:  # noqa: BLE001
                    r["defects"] = [f"python-parse-error:{type(e).__name__}"]
        if kind == "mbox":
            r["sanitized"] = len(manifests)
            r["messages"] = len(manifests) + len(r["reasons"])
        else:
            r["sanitized"] = 1 if (p.returncode == 0 and r["output"] is not None) else 0
        if p.returncode == 0:
            r["outcome"] = "sanitized"
        elif p.returncode == 3:
            r["outcome"] = "quarantined" if r["reasons"] else "exit 3, nothing listed"
        elif p.returncode == 2:
            r["outcome"] = "failed (exit 2)"
        else:
            r["outcome"] = f"crashed (exit {p.returncode})"
        return r
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def truth_check(fx: dict, r: dict, mod) -> list[str]:
    bad = []
    expect = fx.get("expect", "sanitized")
    if r["outcome"] != "sanitized" and not (r["outcome"] == "quarantined" and expect.startswith("quarantined")):
        bad.append(f"{r['outcome']} {sorted(set(r['reasons']))}")
    if expect.startswith("removed:"):
        want = expect.split(":", 1)[1]
        if not any(p.rstrip("/").endswith(want) for p, _, _ in r["removed"]):
            bad.append(f"{want} not removed")
    if r["output"] is None:
        return bad + ["no output"]
    try:
        corpus, _ = mod.decoded_corpus(r["output"], is_mail=fx["file"].endswith(".eml"))
    except Exception as e:  # noqa: BLE001
        return bad + [f"Python cannot decode the output ({type(e).__name__})"]
    leaks = collections.Counter()
    for e in fx["planted"]:
        if e["value"] in corpus or ("written" in e and e["written"] in corpus):
            leaks[e["kind"]] += 1
    if leaks:
        bad.append("leaked " + ", ".join(f"{k}×{n}" for k, n in sorted(leaks.items())))
    lost = [t for t in fx["keep"] if t not in corpus]
    if lost:
        bad.append(f"lost {len(lost)} keep: " + ", ".join(repr(t) for t in lost[:4]) + (" …" if len(lost) > 4 else ""))
    return bad


status = 0
grand = collections.Counter()
for d in dirs:
    if not d.is_dir():
        print(f"try-mail-suites: {d} is not a directory", file=sys.stderr)
        sys.exit(2)
    truth = {}
    tfile = d / "truth.jsonl"
    if tfile.exists():
        for line in tfile.read_text(encoding="utf-8").splitlines():
            t = json.loads(line)
            truth[(d / t["file"]).resolve()] = t
    inputs = []
    for f in sorted(p for p in d.rglob("*") if p.is_file()):
        try:
            with open(f, "rb") as fh:
                head = fh.read(65536)
        except OSError:
            continue
        kind = looks_like_mail(head)
        if kind is None and f.suffix.lower() in (".eml", ".msg822", ".mbox", ".mbx"):
            kind = "mbox" if f.suffix.lower() in (".mbox", ".mbx") else "eml"  # the binary goes by the name too
        if kind is None and f.resolve() in truth:
            kind = "file"
        if kind:
            inputs.append((f, kind))
    results = []
    for i, (f, kind) in enumerate(inputs, 1):
        if sys.stderr.isatty():
            print(f"\r  {d}: {i}/{len(inputs)}", end="", file=sys.stderr, flush=True)
        results.append(run_one(f, kind))
    if sys.stderr.isatty():
        print("\r" + " " * 70 + "\r", end="", file=sys.stderr)

    mail = [r for r in results if r["kind"] != "file"]
    c = collections.Counter()
    for r in mail:
        c["messages"] += r["messages"]
        c["sanitized"] += r["sanitized"]
        c["quarantined"] += len(r["reasons"])
        if r["outcome"].startswith(("failed", "exit 3")):
            c["failed"] += 1
        if r["outcome"].startswith(("crashed", "timeout")):
            c["crashed"] += 1
        if r["defects"]:
            c["defective outputs"] += 1
        if r["input_defects"]:
            c["defective inputs"] += 1
    grand.update(c)
    reasons = collections.Counter(x for r in mail for x in r["reasons"])
    defects = collections.Counter(x for r in mail for x in set(r["defects"]))
    removed = collections.Counter(re.sub(r"\d+", "N", why or ctype)[:60] for r in mail for _, ctype, why in r["removed"])
    mboxes = sum(r["kind"] == "mbox" for r in mail)
    print(f"== {d}: {len(mail)} mail files ({mboxes} mbox), {c['messages']} messages")
    print(f"   sanitized {c['sanitized']}, quarantined {c['quarantined']}, failed {c['failed']}, crashed/timeout {c['crashed']}")
    for k, n in reasons.most_common():
        print(f"     quarantined {k}: {n}")
    print(f"   inputs with Python email defects: {c['defective inputs']} (for comparison)")
    print(f"   outputs with Python email defects: {c['defective outputs']}"
          + (" (" + ", ".join(f"{k} {n}" for k, n in defects.most_common()) + ")" if defects else ""))
    if removed:
        print(f"   parts removed: {sum(removed.values())} (" + "; ".join(f"{k}: {n}" for k, n in removed.most_common(8)) + ")")
    if c["crashed"]:
        status = 1
    if verbose:
        for r in mail:
            if r["outcome"] != "sanitized" or r["defects"]:
                first = next((l for l in r.get("stderr", "").splitlines() if "panicked" in l or "error" in l.lower()), "")
                print(f"     {r['file']}: {r['outcome']} {sorted(set(r['reasons']))} {sorted(set(r['defects']))} {first[:120]}")
    if truth:
        mod = load_fixture_module()
        by_path = {Path(r["file"]).resolve(): r for r in results}
        failed = 0
        print(f"   truth check ({len(truth)} files):")
        for path, fx in truth.items():
            r = by_path.get(path)
            bad = ["not run (does not look like mail?)"] if r is None else truth_check(fx, r, mod)
            failed += bool(bad)
            print(f"     {'ok  ' if not bad else 'FAIL'} {fx['file']:42} {'; '.join(bad)}")
        print(f"   truth: {len(truth) - failed} ok, {failed} failing")
        if failed:
            status = 1
if len(dirs) > 1:
    print(f"== total: {grand['messages']} messages, sanitized {grand['sanitized']}, quarantined {grand['quarantined']}, "
          f"failed {grand['failed']}, crashed/timeout {grand['crashed']}, defective outputs {grand['defective outputs']}")
sys.exit(status)
PY
