#!/usr/bin/env bash
# The package consumer end to end on one and on two threads, in one run on the same packages:
# generated diagnostic packages (MIME mail, about 37 KB) in librdkafka's mock cluster
# (examples/mock_kafka.rs), `scrubline packages consume --threads N` into a throwaway
# ClickHouse server (Debian's clickhouse-server, started here on a free port, removed after),
# timed from the worker's start until ClickHouse holds every package (stored or quarantined).
# Usage: scripts/bench-packages-e2e.sh [PACKAGES]   (default 400)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-400}
. scripts/lib/bench-env.sh
$B migrate "${CH[@]}" 2>/dev/null

mkfifo "$D/kafka.in"
./target/release/examples/mock_kafka "$N" packages < "$D/kafka.in" > "$D/kafka.out" & echo $! > "$D/kafka.pid"
exec 3> "$D/kafka.in"
for _ in $(seq 1 600); do grep -q '^brokers ' "$D/kafka.out" 2>/dev/null && break; sleep 0.2; done
BROKERS=$(sed -n 's/^brokers //p' "$D/kafka.out")

held() { q "SELECT (SELECT count() FROM bench.diagnostic_packages FINAL) + (SELECT count() FROM bench.package_quarantine FINAL)"; }
for threads in 1 2; do
  q "TRUNCATE TABLE bench.diagnostic_packages" >/dev/null; q "TRUNCATE TABLE bench.package_quarantine" >/dev/null
  t0=$(now)
  $B packages consume --kafka-brokers "$BROKERS" --kafka-group "bench-$threads" --topic packages --ephemeral-key \
    --threads "$threads" "${CH[@]}" > "$D/worker.log" 2>&1 & echo $! > "$D/worker.pid"
  last=0; still=0
  while :; do
    got=$(held); got=${got:-0}
    [ "$got" -ge "$N" ] 2>/dev/null && break
    if [ "$got" = "$last" ]; then still=$((still + 1)); else still=0; last=$got; fi
    [ "$still" -ge 300 ] && break
    sleep 0.1
  done
  t1=$(now)
  kill "$(cat "$D/worker.pid")"; wait "$(cat "$D/worker.pid")" 2>/dev/null || true
  python3 -c "n=$N; s=$t1-$t0; print(f'--threads $threads: {$got} of {n} packages held in {s:.1f} s = {$got/s:.1f} packages/s (start-up included)')"
done
exec 3>&-
