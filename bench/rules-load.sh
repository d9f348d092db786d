#!/usr/bin/env bash
# Rules benchmark: the load of load.sh through two relay-mode nodes of this tree's jar, one with
# 50 server-wide rules (no external program: 48 that do not match the load's messages, on
# headers, sender, recipients and size, and 2 that do, adding a header and tagging the Subject)
# and one with none, in alternating rounds of one run, so the rules' cost is a ratio measured
# under the same conditions.
#
#   bench/rules-load.sh [messages] [sessions] [size] [rounds]   (defaults: 20000 20 4096 4)
MESSAGES=${1:-20000}
SESSIONS=${2:-20}
SIZE=${3:-4096}
ROUNDS=${4:-4}
source "$(dirname "$0")/common.sh"
PLAIN_PORT=$(free_port); RULES_PORT=$(free_port)

start_sink
start_node "    - name: smtp
      address: 127.0.0.1
      port: $PLAIN_PORT" plain
ADMIN_PORT=$(free_port); CLUSTER_PORT=$((CLUSTER_PORT + 100))
NODE_EXTRA=$(rules_yaml) start_node "    - name: smtp
      address: 127.0.0.1
      port: $RULES_PORT" rules

run warm-up-plain "$PLAIN_PORT" 5000
run warm-up-rules "$RULES_PORT" 5000
FAILED=0
alternate none "$PLAIN_PORT" 50-rules "$RULES_PORT"
actions=$(metric_sum '^moat_rules_actions_total[{]')
printf 'no rules  %8.0f msg/s\n' "$RATE_A"
printf '50 rules  %8.0f msg/s  (rule actions taken on that node: %d)\n' "$RATE_B" "$actions"
printf 'failed runs %5d\n' "$FAILED"
printf 'ratio 50 rules/none %8.1f %%\n' "$(echo "100 * $RATE_B / $RATE_A" | bc -l)"
