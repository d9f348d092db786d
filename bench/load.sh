#!/usr/bin/env bash
# Load benchmark: Postfix's smtp-source through a Moat node in relay mode to smtp-sink, and,
# in the same run, smtp-source straight to the same smtp-sink. Prints messages per second for
# both, their ratio, failed runs and the node's highest heap use (the node runs with -Xmx512m).
#
#   bench/load.sh [messages] [sessions] [size] [rounds]   (defaults: 20000 20 4096 2)
#
# Needs postfix (smtp-source, smtp-sink); builds the jar when missing.
MESSAGES=${1:-20000}
SESSIONS=${2:-20}
SIZE=${3:-4096}
ROUNDS=${4:-2}
source "$(dirname "$0")/common.sh"
SMTP_PORT=$(free_port)

start_sink
start_node "    - name: smtp
      address: 127.0.0.1
      port: $SMTP_PORT"

heap='^jvm_memory_used_bytes[{]area="heap"'
run warm-up "$SMTP_PORT" 5000
FAILED=0
(while true; do metric_sum "$heap" >> "$work/heap" || true; sleep 1; done) &
sampler=$!
pids+=($sampler)
alternate direct "$SINK_PORT" moat "$SMTP_PORT"
kill "$sampler" 2>/dev/null || true
metric_sum "$heap" >> "$work/heap"

refused=$(metric_sum '^moat_smtp_messages_total[{].*result="refused"')
printf 'smtp-source -> smtp-sink           %8.0f msg/s\n' "$RATE_A"
printf 'smtp-source -> moat -> smtp-sink   %8.0f msg/s  (refused messages: %d)\n' "$RATE_B" "$refused"
printf 'failed runs                        %8d\n' "$FAILED"
printf 'ratio moat/direct                  %8.1f %%\n' "$(echo "100 * $RATE_B / $RATE_A" | bc -l)"
printf 'node heap used, highest sample     %8.0f MB  (-Xmx512m)\n' "$(echo "$(sort -n "$work/heap" | tail -1) / 1048576" | bc -l)"
