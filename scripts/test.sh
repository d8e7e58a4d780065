#!/usr/bin/env bash
# Every check CI runs: formatting, lints, all tests, and that the benchmarks build.
# Cold on 2 cores this takes about TIME_COLD (see README); one dev-profile build serves the
# tests and the benchmarks' build check, so the crate is compiled for tests once, not twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo fmt --check
# `test-hooks` adds test-only switches (a simulated detector miss for the output verifier's
# tests); release builds never have it.
cargo clippy --workspace --all-targets --features test-hooks -- -D warnings
# The benchmarks are built with the tests' artefacts (dev profile): this checks that they
# compile without a second, optimised build of every dependency. Run them with `cargo bench`.
cargo build --workspace --benches --features test-hooks
if cargo nextest --version >/dev/null 2>&1; then
  # nextest runs every test binary's tests side by side, so the long end-to-end tests
  # (Kafka, ClickHouse) overlap instead of queueing.
  cargo nextest run --workspace --features test-hooks --no-fail-fast
  cargo test --workspace --doc --features test-hooks
else
  cargo test --workspace --features test-hooks
fi
# The fuzz targets build, and each runs a fixed number of inputs (scripts/fuzz.sh).
bash scripts/fuzz.sh --smoke
