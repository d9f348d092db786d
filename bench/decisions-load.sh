#!/usr/bin/env bash
# What decision records cost: the load of load.sh through two relay-mode nodes of this tree's
# jar, one with decision records on (the default: a record in the ring and one JSON line on
# moat.decisions per refusal) and one with decisions.records: false (the decision log's text
# line instead), in alternating rounds of one run. Every message is refused at RCPT: the
# client, 127.0.0.1, is on both nodes' Blacklisted list, so each recipient gets 550 5.7.1 and a
# decision. smtp-source reports nothing for a refused recipient; its transactions end at DATA.
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

run warm-up-off "$OFF_PORT" 5000
run warm-up-on "$ON_PORT" 5000
FAILED=0
alternate off "$OFF_PORT" on "$ON_PORT"
refused=$(metric_sum '^moat_decisions_total')
kept=$(curl -fs -H "Authorization: Bearer $(cat "$work/data-on/admin-token")" \
  "http://127.0.0.1:$ADMIN_PORT/api/v1/decisions?limit=1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["records"]))')
printf 'records off  %8.0f msg/s\n' "$RATE_A"
printf 'records on   %8.0f msg/s  (decisions counted %d, newest record found: %d)\n' "$RATE_B" "$refused" "$kept"
printf 'failed runs  %5d\n' "$FAILED"
printf 'ratio on/off %8.1f %%\n' "$(echo "100 * $RATE_B / $RATE_A" | bc -l)"
