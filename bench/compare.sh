#!/usr/bin/env bash
# Before/after benchmark: the same load as load.sh through two relay-mode nodes, one of an
# earlier jar and one of this tree's, in alternating rounds of one run, so that a change to the
# per-connection or per-message path is judged by a ratio measured under the same conditions.
#
#   bench/compare.sh OLD_JAR [messages] [sessions] [size] [rounds]   (defaults: 20000 20 4096 4)
#
# Build the old jar from an earlier commit first, for example:
#   git worktree add /tmp/moat-old HEAD~5 && (cd /tmp/moat-old && mvn -q -B package -DskipTests)
OLD_JAR=$(realpath "${1:?usage: bench/compare.sh OLD_JAR [messages] [sessions] [size] [rounds]}")
MESSAGES=${2:-20000}
SESSIONS=${3:-20}
SIZE=${4:-4096}
ROUNDS=${5:-4}
source "$(dirname "$0")/common.sh"
NEW_JAR=$JAR
OLD_PORT=$(free_port); NEW_PORT=$(free_port)

start_sink
JAR=$OLD_JAR start_node "    - name: smtp
      address: 127.0.0.1
      port: $OLD_PORT" old
ADMIN_PORT=$(free_port); CLUSTER_PORT=$((CLUSTER_PORT + 100))
JAR=$NEW_JAR start_node "    - name: smtp
      address: 127.0.0.1
      port: $NEW_PORT" new

run warm-up-old "$OLD_PORT" 5000
run warm-up-new "$NEW_PORT" 5000
FAILED=0
alternate old "$OLD_PORT" new "$NEW_PORT"
printf 'old jar  %8.0f msg/s  (%s)\n' "$RATE_A" "$OLD_JAR"
printf 'new jar  %8.0f msg/s  (%s)\n' "$RATE_B" "$NEW_JAR"
printf 'failed runs %5d\n' "$FAILED"
printf 'ratio new/old %8.1f %%\n' "$(echo "100 * $RATE_B / $RATE_A" | bc -l)"
