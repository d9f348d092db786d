#!/usr/bin/env bash
# RBL cost under load: the load of load.sh through two relay-mode nodes of this tree's jar, one
# asking three RBL zones served by Debian's rbldnsd on loopback and one asking none, in
# alternating rounds of one run. smtp-source connects from 127.0.0.1, which both nodes treat as
# a Stranger (their Client list names another address), so every connection of the first node
# asks all three zones; the answers (no listing) are cached after the first, as they would be
# for a busy sender.
#
#   bench/rbl-load.sh [messages] [sessions] [size] [rounds]   (defaults: 20000 20 4096 4)
#
# Needs postfix (smtp-source, smtp-sink) and rbldnsd.
MESSAGES=${1:-20000}
SESSIONS=${2:-20}
SIZE=${3:-4096}
ROUNDS=${4:-4}
source "$(dirname "$0")/common.sh"
[ -x /usr/sbin/rbldnsd ] || { echo "rbldnsd missing: apt-get install rbldnsd" >&2; exit 2; }
DNS_PORT=$(free_port); NONE_PORT=$(free_port); RBL_PORT=$(free_port)
mkdir -p "$work/zones" && printf ':127.0.0.2:listed\n127.0.0.2\n192.0.2.0/24\n' > "$work/zones/list.txt"
chmod 755 "$work/zones" && chmod 644 "$work/zones/list.txt"
timeout 3600 /usr/sbin/rbldnsd -n -u nobody -b 127.0.0.1/"$DNS_PORT" -w "$work/zones" \
  one.bench.test:ip4set:list.txt two.bench.test:ip4set:list.txt three.bench.test:ip4set:list.txt \
  > "$work/rbldnsd.log" 2>&1 &
pids+=($!)

start_sink
NODE_EXTRA='client-addresses: "10.255.255.1"' start_node "    - name: smtp
      address: 127.0.0.1
      port: $NONE_PORT" none
ADMIN_PORT=$(free_port); CLUSTER_PORT=$((CLUSTER_PORT + 100))
NODE_EXTRA="client-addresses: \"10.255.255.1\"
dns:
  servers: [\"127.0.0.1:$DNS_PORT\"]
rbl-zones:
  - zone: one.bench.test
  - zone: two.bench.test
  - zone: three.bench.test" start_node "    - name: smtp
      address: 127.0.0.1
      port: $RBL_PORT" rbl

run warm-up-none "$NONE_PORT" 5000
run warm-up-rbl "$RBL_PORT" 5000
FAILED=0
alternate none "$NONE_PORT" rbl "$RBL_PORT"
queries=$(metric_sum '^moat_dns_queries_seconds_count')
hits=$(metric_sum '^moat_dns_cache_total[{]result="hit"')
printf 'no zones     %8.0f msg/s\n' "$RATE_A"
printf 'three zones  %8.0f msg/s  (DNS queries sent %d, cache hits %d)\n' "$RATE_B" "$queries" "$hits"
printf 'failed runs  %5d\n' "$FAILED"
printf 'ratio three zones/none %6.1f %%\n' "$(echo "100 * $RATE_B / $RATE_A" | bc -l)"
