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
# The dashboard tests run Prometheus and promtool (Debian's package, unpacked rather than
# installed so no service is started): ~/.cache/scrubline-tools/prometheus/usr/bin.
tools="${XDG_CACHE_HOME:-$HOME/.cache}/scrubline-tools"
if [ ! -x "$tools/prometheus/usr/bin/promtool" ] && ! command -v promtool >/dev/null 2>&1; then
  tmp="$(mktemp -d)"; chmod 0777 "$tmp"  # apt-get download runs as _apt
  (cd "$tmp" && apt-get download prometheus >/dev/null)
  mkdir -p "$tools/prometheus"
  dpkg-deb -x "$tmp"/prometheus_*.deb "$tools/prometheus"
  rm -rf "$tmp"
fi
