#!/usr/bin/env bash
# Fuzzing (README "Fuzzing"). libFuzzer through cargo-fuzz on the stable toolchain, without a
# sanitizer (ASan needs nightly). Built as production is (`-O`: release, no debug assertions,
# since mail-parser 0.11 has a debug assertion that malformed mail trips and release builds
# skip), plus overflow checks: Rust's bounds and overflow checks turn memory errors into
# panics, and every panic is a crash to libFuzzer.
#
#   bash scripts/fuzz.sh --smoke            every target, a fixed number of runs (CI)
#   bash scripts/fuzz.sh TARGET SECONDS     one target for a while; corpus kept in fuzz/corpus
#
# Targets: mime zip structured engine verifier. Seeds come from the generators and the mail
# fixtures (examples/fuzz_seeds.rs) plus every past crash (fuzz/regressions/TARGET). A crash
# is written to fuzz/artifacts/TARGET/; copy it to fuzz/regressions/TARGET/ with the fix, and
# tests/fuzz_regressions.rs runs it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(mime zip structured engine verifier)
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked --quiet
if [ ! -d fuzz/corpus/mime ]; then
  # The test build's features, so the library compiled for the tests is reused.
  cargo run --quiet --features test-hooks --example fuzz_seeds -- fuzz/corpus
fi
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  if [ -d "fuzz/regressions/$t" ]; then cp -n "fuzz/regressions/$t"/* "fuzz/corpus/$t/" 2>/dev/null || true; fi
done
# Bounded memory on every run; inputs up to 256 KiB (larger ones only slow the search).
common=(-rss_limit_mb=2048 -max_len=262144 -timeout=20 -print_final_stats=1)
export RUSTFLAGS="${RUSTFLAGS:-} -Coverflow-checks=on"
fuzz=(--sanitizer none -O)
cargo fuzz build "${fuzz[@]}"
if [ "${1:-}" = "--smoke" ]; then
  # A fixed seed and number of runs: the same work on every CI run.
  declare -A runs=([mime]=1500 [zip]=3000 [structured]=5000 [engine]=5000 [verifier]=3000)
  for t in "${targets[@]}"; do
    echo "fuzz smoke: $t (${runs[$t]} runs)"
    log="fuzz/artifacts/smoke-$t.log"
    mkdir -p fuzz/artifacts
    if ! cargo fuzz run "${fuzz[@]}" "$t" "fuzz/corpus/$t" -- -seed=1 -runs="${runs[$t]}" "${common[@]}" >"$log" 2>&1; then
      grep -v -E '^#[0-9]+' "$log" | tail -60 >&2
      echo "fuzz target $t failed: the input is in fuzz/artifacts/$t/, the log in $log" >&2
      exit 1
    fi
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done)' "$log" || true
  done
  exit 0
fi
target="${1:?usage: scripts/fuzz.sh --smoke | TARGET SECONDS}"
seconds="${2:?usage: scripts/fuzz.sh TARGET SECONDS}"
cargo fuzz run "${fuzz[@]}" "$target" "fuzz/corpus/$target" -- -max_total_time="$seconds" "${common[@]}"
