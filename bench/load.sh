#!/usr/bin/env bash
# Load benchmark: Postfix's smtp-source through a Moat node in relay mode to smtp-sink, and,
# in the same run, smtp-source straight to the same smtp-sink. Prints messages per second for
# both, their ratio, failed transactions and the node's highest heap use.
#
#   bench/load.sh [messages] [sessions] [size] [rounds]   (defaults: 20000 20 4096 2)
#
# Runs alternate (direct, moat, moat, direct, ...) so drift on a shared machine hits both alike;
# the rates are totals over all rounds.
#
# Needs postfix (smtp-source, smtp-sink) and a built jar (mvn -B package -DskipTests).
# All traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${1:-20000}
SESSIONS=${2:-20}
SIZE=${3:-4096}
ROUNDS=${4:-2}
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

# run NAME PORT COUNT: smtp-source with the load; sets SECONDS_TAKEN, adds to FAILED
FAILED=0
run() {
  local name=$1 port=$2 count=$3 start end out
  start=$(date +%s.%N)
  out=$("$SOURCE" -s "$SESSIONS" -m "$count" -l "$SIZE" -f sender@bench.example -t rcpt@moat.test \
        -M client.bench.example 127.0.0.1:"$port" 2>&1) || FAILED=$((FAILED + 1))
  end=$(date +%s.%N)
  [ -n "$out" ] && { echo "$name: $out" | head -5; FAILED=$((FAILED + 1)); }
  SECONDS_TAKEN=$(echo "$end - $start" | bc -l)
}

run warm-up "$SMTP_PORT" 5000
FAILED=0
(while true; do sample_heap; sleep 1; done) &
sampler=$!
pids+=($sampler)
printf 'load: %d messages of %d bytes per run, %d parallel sessions, one recipient, %d rounds\n' \
  "$MESSAGES" "$SIZE" "$SESSIONS" "$ROUNDS"
direct_time=0; moat_time=0
for round in $(seq 1 "$ROUNDS"); do
  order="direct moat"; [ $((round % 2)) -eq 0 ] && order="moat direct"
  for path in $order; do
    if [ "$path" = direct ]; then port=$SINK_PORT; else port=$SMTP_PORT; fi
    run "$path" "$port" "$MESSAGES"
    printf '  round %d %-6s %8.0f msg/s\n' "$round" "$path" "$(echo "$MESSAGES / $SECONDS_TAKEN" | bc -l)"
    if [ "$path" = direct ]; then direct_time=$(echo "$direct_time + $SECONDS_TAKEN" | bc -l)
    else moat_time=$(echo "$moat_time + $SECONDS_TAKEN" | bc -l); fi
  done
done
direct_rate=$(echo "$ROUNDS * $MESSAGES / $direct_time" | bc -l)
moat_rate=$(echo "$ROUNDS * $MESSAGES / $moat_time" | bc -l)
kill "$sampler" 2>/dev/null || true
sample_heap
heap_now=$(sort -n "$work/heap" | tail -1)

refused=$(curl -fs "http://127.0.0.1:$ADMIN_PORT/metrics" | awk '/^moat_smtp_messages_total\{reason="[^"]*",result="refused"/ {s+=$NF} END {printf "%d", s}')
printf 'smtp-source -> smtp-sink           %8.0f msg/s\n' "$direct_rate"
printf 'smtp-source -> moat -> smtp-sink   %8.0f msg/s  (refused messages: %d)\n' "$moat_rate" "$refused"
printf 'failed runs                        %8d\n' "$FAILED"
printf 'ratio moat/direct                  %8.1f %%\n' "$(echo "100 * $moat_rate / $direct_rate" | bc -l)"
printf 'node heap used, highest sample     %8.0f MB  (-Xmx512m)\n' "$(echo "$heap_now / 1048576" | bc -l)"
