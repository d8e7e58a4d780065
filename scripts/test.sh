#!/usr/bin/env bash
# Every check CI runs: formatting, lints, all tests, and that the benchmarks build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo test
cargo bench --no-run
