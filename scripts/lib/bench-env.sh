# Sourced by the end-to-end bench scripts: a throwaway ClickHouse server (Debian's
# clickhouse-server on free ports, its data in a temporary folder $D, killed and removed on
# exit, with the mock Kafka and worker processes whose pids are in $D), the release binaries,
# and small helpers: q SQL (a query over HTTP), now (seconds with nanoseconds).
D=$(mktemp -d)
trap 'kill "$(cat "$D/pid" 2>/dev/null)" "$(cat "$D/kafka.pid" 2>/dev/null)" "$(cat "$D/worker.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$D"' EXIT
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
cargo build --release -q --example mock_kafka
B=./target/release/scrubline
CH=(--clickhouse-url "http://127.0.0.1:$P" --clickhouse-database bench)
q() { curl -s "http://127.0.0.1:$P/" --data-binary "$1"; }
now() { date +%s.%N; }
