#!/usr/bin/env bash
# PROXY protocol benchmark: Postfix's smtp-source through HAProxy to a Moat node in relay mode
# to smtp-sink, over two paths in the same run: HAProxy with send-proxy-v2 to the node's PROXY
# listener, and HAProxy without PROXY to a plain listener of the same node. Runs alternate
# (plain, proxy, proxy, plain, ...) so drift on a shared machine hits both paths alike. Prints
# messages per second per run and per path, their ratio, failed runs and refused messages.
#
#   bench/proxy-load.sh [messages] [sessions] [size] [rounds]   (defaults: 20000 20 4096 2)
#
# Needs postfix (smtp-source, smtp-sink), haproxy and a built jar (mvn -B package -DskipTests).
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
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
[ -x "$SOURCE" ] && [ -x "$SINK" ] || { echo "smtp-source/smtp-sink missing: apt-get install postfix" >&2; exit 2; }
[ -x "$HAPROXY" ] || { echo "haproxy missing: apt-get install haproxy" >&2; exit 2; }
[ -f "$JAR" ] || mvn -q -B package -DskipTests

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
SINK_PORT=$(free_port); PLAIN_PORT=$(free_port); PROXY_PORT=$(free_port); ADMIN_PORT=$(free_port)
FRONT_PLAIN=$(free_port); FRONT_PROXY=$(free_port)
CLUSTER_PORT=$(( 20000 + RANDOM % 9000 ))

"$SINK" -u nobody -c 127.0.0.1:"$SINK_PORT" 1024 > "$work/sink.log" 2>&1 &
pids+=($!)

cat > "$work/moat.yaml" <<YAML
node:
  data-dir: $work/data
smtp:
  host-name: bench.moat.test
  listeners:
    - name: plain
      address: 127.0.0.1
      port: $PLAIN_PORT
    - name: proxied
      address: 127.0.0.1
      port: $PROXY_PORT
      proxy-protocol: true
      trusted-proxies: "127.0.0.1"
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
java -Xmx512m -jar "$JAR" --config "$work/moat.yaml" > "$work/node.log" 2>&1 &
node_pid=$!
pids+=($node_pid)

cat > "$work/haproxy.cfg" <<CFG
global
    maxconn 4000
defaults
    mode tcp
    timeout connect 5s
    timeout client 60s
    timeout server 60s
frontend plain
    bind 127.0.0.1:$FRONT_PLAIN
    default_backend plain
frontend proxied
    bind 127.0.0.1:$FRONT_PROXY
    default_backend proxied
backend plain
    server node 127.0.0.1:$PLAIN_PORT
backend proxied
    server node 127.0.0.1:$PROXY_PORT send-proxy-v2
CFG
"$HAPROXY" -f "$work/haproxy.cfg" -db > "$work/haproxy.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$ADMIN_PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.log"; exit 1; }
  sleep 0.5
done

# run NAME PORT COUNT: smtp-source with the load; sets SECONDS_TAKEN and FAILED
run() {
  local name=$1 port=$2 count=$3 start end out
  start=$(date +%s.%N)
  out=$("$SOURCE" -s "$SESSIONS" -m "$count" -l "$SIZE" -f sender@bench.example -t rcpt@moat.test \
        -M client.bench.example 127.0.0.1:"$port" 2>&1) && FAILED=0 || FAILED=1
  end=$(date +%s.%N)
  [ -n "$out" ] && { echo "$name: $out" | head -5; FAILED=1; }
  SECONDS_TAKEN=$(echo "$end - $start" | bc -l)
}

# A quarter of a run on each path first: the JIT and the heap settle before anything is timed.
WARM_UP=$(( MESSAGES / 4 ))
run warm-up-plain "$FRONT_PLAIN" "$WARM_UP"
run warm-up-proxy "$FRONT_PROXY" "$WARM_UP"

plain_time=0; proxy_time=0; failed=0
printf 'load: %d messages of %d bytes per run, %d parallel sessions, one recipient, %d rounds\n' \
  "$MESSAGES" "$SIZE" "$SESSIONS" "$ROUNDS"
for round in $(seq 1 "$ROUNDS"); do
  order="plain proxy"; [ $((round % 2)) -eq 0 ] && order="proxy plain"
  for path in $order; do
    if [ "$path" = plain ]; then port=$FRONT_PLAIN; else port=$FRONT_PROXY; fi
    run "$path" "$port" "$MESSAGES"
    failed=$((failed + FAILED))
    if [ "$path" = plain ]; then plain_time=$(echo "$plain_time + $SECONDS_TAKEN" | bc -l)
    else proxy_time=$(echo "$proxy_time + $SECONDS_TAKEN" | bc -l); fi
    printf '  round %d %-5s %8.0f msg/s\n' "$round" "$path" "$(echo "$MESSAGES / $SECONDS_TAKEN" | bc -l)"
  done
done

metrics=$(curl -fs "http://127.0.0.1:$ADMIN_PORT/metrics")
refused=$(echo "$metrics" | awk '/^moat_smtp_messages_total\{reason="[^"]*",result="refused"/ {s+=$2} END {printf "%d", s}')
accepted_headers=$(echo "$metrics" | awk '/^moat_smtp_proxy_total\{outcome="accepted"/ {printf "%d", $2}')
plain_rate=$(echo "$ROUNDS * $MESSAGES / $plain_time" | bc -l)
proxy_rate=$(echo "$ROUNDS * $MESSAGES / $proxy_time" | bc -l)
printf 'smtp-source -> haproxy -> moat (plain listener)          %8.0f msg/s\n' "$plain_rate"
printf 'smtp-source -> haproxy send-proxy-v2 -> moat (PROXY)     %8.0f msg/s\n' "$proxy_rate"
printf 'ratio PROXY/plain                                        %8.1f %%\n' "$(echo "100 * $proxy_rate / $plain_rate" | bc -l)"
printf 'failed runs %d, refused messages %d, PROXY headers accepted %d\n' "$failed" "$refused" "${accepted_headers:-0}"
