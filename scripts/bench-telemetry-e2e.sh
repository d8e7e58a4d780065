#!/usr/bin/env bash
# End-to-end telemetry benchmark on one worker: a generated event file into a throwaway
# ClickHouse server (Debian's clickhouse-server, started here on a free port, removed after).
# Usage: scripts/bench-telemetry-e2e.sh [EVENTS]   (default 300000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-300000}
D=$(mktemp -d)
trap 'kill "$(cat "$D/pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$D"' EXIT
P=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
T=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$D/data" "$D/tmp" "$D/log" "$D/user_files"
cp /etc/clickhouse-server/users.xml "$D/users.xml"
cat > "$D/config.xml" <<XML
<?xml version="1.0"?>
<yandex><logger><level>warning</level><log>$D/log/server.log</log><errorlog>$D/log/err.log</errorlog></logger>
<http_port>$P</http_port><tcp_port>$T</tcp_port><listen_host>127.0.0.1</listen_host>
<path>$D/data/</path><tmp_path>$D/tmp/</tmp_path><user_files_path>$D/user_files/</user_files_path>
<users_config>$D/users.xml</users_config><default_profile>default</default_profile>
<default_database>default</default_database><mark_cache_size>268435456</mark_cache_size></yandex>
XML
clickhouse-server --config-file="$D/config.xml" > "$D/log/stdout" 2>&1 & echo $! > "$D/pid"
for _ in $(seq 1 100); do curl -s "http://127.0.0.1:$P/ping" >/dev/null && break; sleep 0.1; done
cargo build --release -q
B=./target/release/scrubline
CH=(--clickhouse-url "http://127.0.0.1:$P" --clickhouse-database bench)
$B sample --out "$D/docs" --docs 0 --telemetry "$D/events.ndjson" --events "$N" 2>/dev/null
$B migrate "${CH[@]}" 2>/dev/null
start=$(date +%s.%N)
$B run --config /nonexistent --events "$D/events.ndjson" --out "$D/out" --ephemeral-key \
  --geoip tests/data/geoip/GeoIP2-City-Test.mmdb --to-clickhouse "${CH[@]}" 2>&1 | grep -E "counted|stored"
end=$(date +%s.%N)
stored=$(curl -s "http://127.0.0.1:$P/" --data-binary "SELECT sum(events) FROM bench.usage_counters FINAL")
python3 -c "import sys; n=$N; s=$end-$start; print(f'end to end: {n} events in {s:.2f} s = {n/s:,.0f} events/s on one worker; {$stored} counted in ClickHouse')"
