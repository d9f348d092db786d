#!/usr/bin/env bash
# Content protection under load, as issue 20 measures it: the load of load.sh through two
# relay-mode nodes of this tree's jar, one with 10,000 banned lines (9,000 body and 1,000 header
# lines, 10 % of each with wildcards) AND 50 server-wide rules (no external program) together,
# one with neither, in alternating rounds of one run. No message holds a banned line, so each is
# scanned whole, runs through every rule (two of which add a header and tag the Subject) and is
# delivered. The lists and rules are those of banned-load.sh and rules-load.sh (common.sh).
#
#   bench/content-load.sh [messages] [sessions] [size] [rounds]   (defaults: 20000 20 4096 4)
#
# Needs postfix (smtp-source, smtp-sink).
MESSAGES=${1:-20000}
SESSIONS=${2:-20}
SIZE=${3:-4096}
ROUNDS=${4:-4}
source "$(dirname "$0")/common.sh"
NONE_PORT=$(free_port); CONTENT_PORT=$(free_port)
banned_lists

start_sink
start_node "    - name: smtp
      address: 127.0.0.1
      port: $NONE_PORT" none
ADMIN_PORT=$(free_port); CLUSTER_PORT=$((CLUSTER_PORT + 100))
NODE_EXTRA="$(banned_lines_yaml)
$(rules_yaml)" start_node "    - name: smtp
      address: 127.0.0.1
      port: $CONTENT_PORT" content

run warm-up-none "$NONE_PORT" 5000
run warm-up-content "$CONTENT_PORT" 5000
FAILED=0
alternate none "$NONE_PORT" content "$CONTENT_PORT"
refused=$(metric_sum '^moat_banned_lines_matched_total')
actions=$(metric_sum '^moat_rules_actions_total[{]')
delivered=$(metric_sum '^moat_smtp_messages_total[{].*result="accepted"')
printf 'no content protection              %8.0f msg/s\n' "$RATE_A"
printf '10,000 banned lines and 50 rules   %8.0f msg/s  (delivered %d, refused by a banned line %d, rule actions %d)\n' \
  "$RATE_B" "$delivered" "$refused" "$actions"
printf 'failed runs                        %5d\n' "$FAILED"
printf 'ratio content/none                 %6.1f %%\n' "$(echo "100 * $RATE_B / $RATE_A" | bc -l)"
