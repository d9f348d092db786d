#!/usr/bin/env bash
# What decision records cost: the load of load.sh through two relay-mode nodes of this tree's
# jar, one with decision records on (the default: a record in the ring and one JSON line on
# moat.decisions per refusal) and one with decisions.records: false (the decision log's text
# line instead), in alternating rounds of one run. Every message is refused at RCPT: the
# client, 127.0.0.1, is on both nodes' Blacklisted list, so each recipient gets 550 5.7.1 and a
# decision. smtp-source stops at a refused recipient, so the load is sent by the test tree's
# dev.moat.bench.RefusedAtRcptLoad (a new connection per message, EHLO MAIL RCPT QUIT pipelined).
#
#   bench/decisions-load.sh [messages] [sessions] [size] [rounds]   (defaults: 20000 20 4096 4)
MESSAGES=${1:-20000}
SESSIONS=${2:-20}
SIZE=${3:-4096}
ROUNDS=${4:-4}
source "$(dirname "$0")/common.sh"
OFF_PORT=$(free_port); ON_PORT=$(free_port)
LISTS='client-addresses: "10.255.255.1"
blacklisted-addresses: "127.0.0.1"'

start_sink
NODE_EXTRA="$LISTS
decisions:
  records: false" start_node "    - name: smtp
      address: 127.0.0.1
      port: $OFF_PORT" off
OFF_ADMIN=$ADMIN_PORT
ADMIN_PORT=$(free_port); CLUSTER_PORT=$((CLUSTER_PORT + 100))
NODE_EXTRA="$LISTS" start_node "    - name: smtp
      address: 127.0.0.1
      port: $ON_PORT" on

[ -d node/target/test-classes ] || mvn -q -B test-compile
CP="node/target/test-classes:node/target/classes"
refused_run() {  # refused_run NAME PORT COUNT: sets SECONDS_TAKEN, counts failures in FAILED
  local out start end
  start=$(date +%s.%N)
  out=$(java -cp "$CP" dev.moat.bench.RefusedAtRcptLoad "$2" "$3" "$SESSIONS")
  end=$(date +%s.%N)
  SECONDS_TAKEN=$(echo "$end - $start" | bc -l)
  case "$out" in *" 0 failed") ;; *) echo "$1: $out"; FAILED=$((FAILED + 1)) ;; esac
}
refused_run warm-up-off "$OFF_PORT" 5000
refused_run warm-up-on "$ON_PORT" 5000
FAILED=0
time_a=0; time_b=0
printf 'load: %d messages per run refused at RCPT, %d parallel sessions, %d rounds\n' "$MESSAGES" "$SESSIONS" "$ROUNDS"
for round in $(seq 1 "$ROUNDS"); do
  order="off on"; [ $((round % 2)) -eq 0 ] && order="on off"
  for path in $order; do
    port=$OFF_PORT; [ "$path" = on ] && port=$ON_PORT
    refused_run "$path" "$port" "$MESSAGES"
    printf '  round %d %-4s %8.0f msg/s\n' "$round" "$path" "$(echo "$MESSAGES / $SECONDS_TAKEN" | bc -l)"
    if [ "$path" = off ]; then time_a=$(echo "$time_a + $SECONDS_TAKEN" | bc -l)
    else time_b=$(echo "$time_b + $SECONDS_TAKEN" | bc -l); fi
  done
done
RATE_A=$(echo "$ROUNDS * $MESSAGES / $time_a" | bc -l)
RATE_B=$(echo "$ROUNDS * $MESSAGES / $time_b" | bc -l)
refused=$(metric_sum '^moat_decisions_total')
kept=$(curl -fs -H "Authorization: Bearer $(cat "$work/data-on/admin-token")" \
  "http://127.0.0.1:$ADMIN_PORT/api/v1/decisions?limit=10000" | python3 -c 'import json,sys; a=json.load(sys.stdin); print(len(a["records"]), a["missing"])')
printf 'records off  %8.0f msg/s\n' "$RATE_A"
printf 'records on   %8.0f msg/s  (decisions counted %d, records found by the API (at most 10,000), missing: %s)\n' "$RATE_B" "$refused" "$kept"
printf 'failed runs  %5d\n' "$FAILED"
printf 'ratio on/off %8.1f %%\n' "$(echo "100 * $RATE_B / $RATE_A" | bc -l)"
