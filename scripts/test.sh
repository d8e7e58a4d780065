#!/usr/bin/env bash
# Every check CI runs: formatting, lints, all tests, and that the benchmarks build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo fmt --check
# `test-hooks` adds test-only switches (a simulated detector miss for the output verifier's
# tests); release builds never have it.
cargo clippy --all-targets --features test-hooks -- -D warnings
cargo test --features test-hooks
cargo bench --no-run --features test-hooks
