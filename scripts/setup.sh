#!/usr/bin/env bash
# Installs what building and testing scrubline needs on a fresh Debian/Ubuntu machine.
# Idempotent: skips what is already there. Needs root (or sudo) for apt-get.
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
need=()
command -v cc >/dev/null 2>&1 || need+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# Integration tests start their own ClickHouse server process (Debian's 18.16 package).
[ -x /usr/bin/clickhouse-server ] || [ -x /usr/sbin/clickhouse-server ] || need+=(clickhouse-server clickhouse-client)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -q
  # The package's service is not started (tests run their own server on free ports).
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install the Rust toolchain (https://rustup.rs), then run this again" >&2
  exit 1
fi
