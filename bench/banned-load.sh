#!/usr/bin/env bash
# Banned-line cost under load: the load of load.sh through two relay-mode nodes of this tree's
# jar, one with 10,000 banned lines (9,000 body and 1,000 header lines, 10 % of each with
# wildcards, in list files its settings name) and one with none, in alternating rounds of one
# run. smtp-source's messages hold no banned line, so every message is scanned whole and
# delivered: the cost measured is that of looking at each line.
#
#   bench/banned-load.sh [messages] [sessions] [size] [rounds]   (defaults: 20000 20 4096 4)
#
# Needs postfix (smtp-source, smtp-sink).
MESSAGES=${1:-20000}
SESSIONS=${2:-20}
SIZE=${3:-4096}
ROUNDS=${4:-4}
source "$(dirname "$0")/common.sh"
NONE_PORT=$(free_port); BANNED_PORT=$(free_port)
banned_lists

start_sink
start_node "    - name: smtp
      address: 127.0.0.1
      port: $NONE_PORT" none
NONE_ADMIN=$ADMIN_PORT
ADMIN_PORT=$(free_port); CLUSTER_PORT=$((CLUSTER_PORT + 100))
NODE_EXTRA=$(banned_lines_yaml) start_node "    - name: smtp
      address: 127.0.0.1
      port: $BANNED_PORT" banned

run warm-up-none "$NONE_PORT" 5000
run warm-up-banned "$BANNED_PORT" 5000
FAILED=0
alternate none "$NONE_PORT" banned "$BANNED_PORT"
refused=$(metric_sum '^moat_banned_lines_matched_total')
delivered=$(metric_sum '^moat_smtp_messages_total[{].*result="accepted"')
printf 'no banned lines      %8.0f msg/s\n' "$RATE_A"
printf '10,000 banned lines  %8.0f msg/s  (delivered %d, refused by a banned line %d)\n' "$RATE_B" "$delivered" "$refused"
printf 'failed runs          %5d\n' "$FAILED"
printf 'ratio banned/none    %6.1f %%\n' "$(echo "100 * $RATE_B / $RATE_A" | bc -l)"
