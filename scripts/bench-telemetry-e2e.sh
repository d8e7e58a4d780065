#!/usr/bin/env bash
# End-to-end telemetry benchmark on one worker, three figures measured in one run on the same
# generated events, and their ratios:
#   processing   `scrubline run` file -> counter files (parse, map, validate, GeoIP, pseudonym,
#                scrub dimensions, aggregate; the in-process figure is `cargo bench --bench telemetry`)
#   file -> CH   the same with `--to-clickhouse`, into a throwaway ClickHouse server (Debian's
#                clickhouse-server, started here on a free port, removed after)
#   Kafka -> CH  `scrubline telemetry consume` from librdkafka's mock cluster (examples/mock_kafka.rs)
#                until ClickHouse holds every event
# Usage: scripts/bench-telemetry-e2e.sh [EVENTS]   (default 300000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-300000}
. scripts/lib/bench-env.sh
GEO=(--geoip tests/data/geoip/GeoIP2-City-Test.mmdb)
$B sample --out "$D/docs" --docs 0 --telemetry "$D/events.ndjson" --events "$N" 2>/dev/null
$B migrate "${CH[@]}" 2>/dev/null

t0=$(now)
$B run --events "$D/events.ndjson" --out "$D/out1" --ephemeral-key "${GEO[@]}" >/dev/null 2>&1
t1=$(now)
$B run --events "$D/events.ndjson" --out "$D/out2" --ephemeral-key "${GEO[@]}" --to-clickhouse "${CH[@]}" >/dev/null 2>&1
t2=$(now)
file_ch=$(q "SELECT sum(events) FROM bench.usage_counters FINAL")
q "TRUNCATE TABLE bench.usage_counters" >/dev/null

# Kafka: the events wait in the mock cluster before the worker starts.
mkfifo "$D/kafka.in"
./target/release/examples/mock_kafka "$N" < "$D/kafka.in" > "$D/kafka.out" & echo $! > "$D/kafka.pid"
exec 3> "$D/kafka.in"
for _ in $(seq 1 600); do grep -q '^brokers ' "$D/kafka.out" 2>/dev/null && break; sleep 0.2; done
BROKERS=$(sed -n 's/^brokers //p' "$D/kafka.out")
t3=$(now)
$B telemetry consume --kafka-brokers "$BROKERS" --topic telemetry --dlq-topic telemetry.dlq --ephemeral-key \
  "${GEO[@]}" "${CH[@]}" > "$D/worker.log" 2>&1 & echo $! > "$D/worker.pid"
# Until ClickHouse holds every event, or nothing moved for 30 s (then the figure says so).
last=0; still=0
while :; do
  got=$(q "SELECT sum(events) FROM bench.usage_counters FINAL"); got=${got:-0}
  [ "$got" -ge "$file_ch" ] 2>/dev/null && break
  if [ "$got" = "$last" ]; then still=$((still + 1)); else still=0; last=$got; t4=$(now); fi
  [ "$still" -ge 300 ] && break
  sleep 0.1
done
[ "$got" -ge "$file_ch" ] 2>/dev/null && t4=$(now)
kafka_ch=$(q "SELECT sum(events) FROM bench.usage_counters FINAL")
exec 3>&-
python3 - "$N" "$t0" "$t1" "$t2" "$t3" "$t4" "$file_ch" "$kafka_ch" <<'PY'
import sys
n = int(sys.argv[1]); t0, t1, t2, t3, t4 = map(float, sys.argv[2:7]); file_ch, kafka_ch = sys.argv[7].strip(), sys.argv[8].strip()
proc, fch, kch = n / (t1 - t0), n / (t2 - t1), n / (t4 - t3)
print(f"processing (file -> files): {proc:,.0f} events/s")
print(f"file -> ClickHouse:         {fch:,.0f} events/s = {fch / proc:.2f} of processing (aim: at least 0.60); {file_ch} counted")
print(f"Kafka -> ClickHouse:        {kch:,.0f} events/s = {kch / proc:.2f} of processing; {kafka_ch} counted (mock cluster, 1 worker, start-up included)")
PY
