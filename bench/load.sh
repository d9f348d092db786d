#!/usr/bin/env bash
# Load benchmark: Postfix's smtp-source through a Moat node in relay mode to smtp-sink, and,
# in the same run, smtp-source straight to the same smtp-sink. Prints messages per second for
# both, their ratio, failed transactions and the node's highest heap use.
#
#   bench/load.sh [messages] [sessions] [size]      (defaults: 20000 20 4096)
#
# Needs postfix (smtp-source, smtp-sink) and a built jar (mvn -B package -DskipTests).
# All traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${1:-20000}
SESSIONS=${2:-20}
SIZE=${3:-4096}
JAR=node/target/moat-node.jar
SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
[ -x "$SOURCE" ] && [ -x "$SINK" ] || { echo "smtp-source/smtp-sink missing: apt-get install postfix" >&2; exit 2; }
[ -f "$JAR" ] || mvn -q -B package -DskipTests

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
SINK_PORT=$(free_port); SMTP_PORT=$(free_port); ADMIN_PORT=$(free_port)
CLUSTER_PORT=$(( 20000 + RANDOM % 9000 ))

"$SINK" -u nobody -c 127.0.0.1:"$SINK_PORT" 1024 > "$work/sink.log" 2>&1 &
pids+=($!)

cat > "$work/moat.yaml" <<YAML
node:
  data-dir: $work/data
smtp:
  host-name: bench.moat.test
  listeners:
    - name: smtp
      address: 127.0.0.1
      port: $SMTP_PORT
  max-connections-per-address: 1000
local-domains: [moat.test]
delivery:
  mode: relay
  next-hop: "127.0.0.1:$SINK_PORT"
admin:
  address: 127.0.0.1
  port: $ADMIN_PORT
cluster:
  name: bench-$$
  port: $CLUSTER_PORT
  members: ["127.0.0.1:$CLUSTER_PORT"]
YAML
java -Xmx512m ${MOAT_JAVA_OPTS:-} -jar "$JAR" --config "$work/moat.yaml" > "$work/node.log" 2>&1 &
node_pid=$!
pids+=($node_pid)
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$ADMIN_PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.log"; exit 1; }
  sleep 0.5
done

sample_heap() {
  curl -fs "http://127.0.0.1:$ADMIN_PORT/metrics" \
    | awk '/^jvm_memory_used_bytes\{area="heap"/ {s+=$NF} END {printf "%d\n", s}' >> "$work/heap" || true
}

# run NAME PORT COUNT: smtp-source with the load; sets RATE and FAILED
run() {
  local name=$1 port=$2 count=$3 start end out
  start=$(date +%s.%N)
  out=$("$SOURCE" -s "$SESSIONS" -m "$count" -l "$SIZE" -f sender@bench.example -t rcpt@moat.test \
        -M client.bench.example 127.0.0.1:"$port" 2>&1) && FAILED=0 || FAILED=1
  end=$(date +%s.%N)
  [ -n "$out" ] && { echo "$name: $out" | head -5; FAILED=1; }
  RATE=$(echo "$count / ($end - $start)" | bc -l)
}

run warm-up "$SMTP_PORT" 2000
(while true; do sample_heap; sleep 1; done) &
sampler=$!
pids+=($sampler)
run direct "$SINK_PORT" "$MESSAGES"; direct_rate=$RATE; direct_failed=$FAILED
run moat "$SMTP_PORT" "$MESSAGES"; moat_rate=$RATE; moat_failed=$FAILED
kill "$sampler" 2>/dev/null || true
sample_heap
heap_now=$(sort -n "$work/heap" | tail -1)

refused=$(curl -fs "http://127.0.0.1:$ADMIN_PORT/metrics" | awk '/^moat_smtp_messages_total\{reason="[^"]*",result="refused"/ {s+=$2} END {printf "%d", s}')
printf 'load: %d messages of %d bytes, %d parallel sessions, one recipient\n' "$MESSAGES" "$SIZE" "$SESSIONS"
printf 'smtp-source -> smtp-sink           %8.0f msg/s  (failed runs: %d)\n' "$direct_rate" "$direct_failed"
printf 'smtp-source -> moat -> smtp-sink   %8.0f msg/s  (failed runs: %d, refused messages: %d)\n' "$moat_rate" "$moat_failed" "$refused"
printf 'ratio moat/direct                  %8.1f %%\n' "$(echo "100 * $moat_rate / $direct_rate" | bc -l)"
printf 'node heap used, highest sample     %8.0f MB  (-Xmx512m)\n' "$(echo "$heap_now / 1048576" | bc -l)"
