#!/usr/bin/env bash
# Installs what building and testing scrubline needs on a fresh Debian/Ubuntu machine.
# Idempotent: skips what is already there. Needs root (or sudo) for apt-get.
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
need=()
command -v cc >/dev/null 2>&1 || need+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# The independent corpora are scored by Python scripts (standard library only).
command -v python3 >/dev/null 2>&1 || need+=(python3)
# Integration tests start their own ClickHouse server process (Debian's 18.16 package).
[ -x /usr/bin/clickhouse-server ] || [ -x /usr/sbin/clickhouse-server ] || need+=(clickhouse-server clickhouse-client)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  $SUDO apt-get update -qq
  # Tests start their own ClickHouse on free ports and need only its binary: the package's
  # service is neither started during the install (a policy-rc.d that refuses every start,
  # removed afterwards) nor left enabled to start at boot.
  policy=/usr/sbin/policy-rc.d
  own_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod 0755 "$policy" && own_policy=1
    # Removed however the install ends.
    trap '$SUDO rm -f "$policy"' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o Dpkg::Use-Pty=0 "${need[@]}" >/dev/null
  if [ -n "$own_policy" ]; then
    $SUDO rm -f "$policy"
    trap - EXIT
  fi
  if [[ " ${need[*]} " == *" clickhouse-server "* ]]; then
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
      $SUDO systemctl disable --now clickhouse-server >/dev/null 2>&1 || true
    fi
    # Without systemd running, the unit's link and the SysV links are removed directly.
    $SUDO rm -f /etc/systemd/system/multi-user.target.wants/clickhouse-server.service
    command -v update-rc.d >/dev/null 2>&1 && $SUDO update-rc.d -f clickhouse-server remove >/dev/null 2>&1 || true
    # The mark tells tests/first_hour.rs that this script installed the package.
    mkdir -p "${XDG_CACHE_HOME:-$HOME/.cache}/scrubline-tools"
    touch "${XDG_CACHE_HOME:-$HOME/.cache}/scrubline-tools/clickhouse-installed-by-setup"
    echo "clickhouse-server installed for its binary only: its service is not enabled"
  fi
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
# The support page's browser test drives Debian's headless Chromium with Playwright
# (tests/browser, versions pinned by its package-lock.json; no browser is downloaded).
browser_need=()
command -v chromium >/dev/null 2>&1 || browser_need+=(chromium)
command -v npm >/dev/null 2>&1 || browser_need+=(nodejs npm)
if [ ${#browser_need[@]} -gt 0 ]; then
  echo "installing: ${browser_need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o Dpkg::Use-Pty=0 "${browser_need[@]}" >/dev/null
fi
if [ ! -d tests/browser/node_modules/playwright-core ] || [ tests/browser/package-lock.json -nt tests/browser/node_modules ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
# The fuzz targets (fuzz/, run briefly by scripts/test.sh) are built by cargo-fuzz.
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked --quiet
