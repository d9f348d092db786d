#!/usr/bin/env bash
# Return-Path cost under load: the load of load.sh through two relay-mode nodes of this tree's
# jar in alternating rounds of one run, one with verify-return-path (HELO checks, the
# Return-Path's MX/address checks) and Reverse Connect on, one with both off. smtp-source
# connects from 127.0.0.1, a Stranger to both nodes (their Client list names another address),
# and says MAIL FROM:<sender@bench.example>; Debian's dnsmasq on loopback serves bench.example
# (MX mx.bench.example, 127.0.0.3, TTL 300 s) and a second smtp-sink on 127.0.0.3 takes the
# callout. Answers are cached after the first (the resolver's TTL cache, the cluster's callout
# results), as they are for a busy sender.
#
#   bench/return-path-load.sh [messages] [sessions] [size] [rounds]   (defaults: 20000 20 4096 4)
#
# Needs postfix (smtp-source, smtp-sink) and dnsmasq (dnsmasq-base). CHECKS=off gives the
# second node the first one's settings: an A/A run that shows how far the two paths differ alone.
# SPF=on adds spf: reject-fail to the checks (bench.example's record is spf-load.sh's, which
# passes), so one run measures the Return-Path, HELO and SPF checks together; WARMUP sets the
# messages each node takes before the rounds (5000).
MESSAGES=${1:-20000}
SESSIONS=${2:-20}
SIZE=${3:-4096}
ROUNDS=${4:-4}
source "$(dirname "$0")/common.sh"
[ -x /usr/sbin/dnsmasq ] || { echo "dnsmasq missing: apt-get install dnsmasq-base" >&2; exit 2; }
DNS_PORT=$(free_port); OFF_PORT=$(free_port); ON_PORT=$(free_port); CALLOUT_PORT=$(free_port)
timeout 3600 /usr/sbin/dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --no-poll \
  --bind-interfaces --listen-address=127.0.0.1 --port="$DNS_PORT" --user=nobody --pid-file= --local=/example/ \
  --local-ttl=300 --mx-host=bench.example,mx.bench.example,10 --host-record=mx.bench.example,127.0.0.3 \
  --txt-record=bench.example,"v=spf1 mx include:_spf.bench.example -all" \
  --txt-record=_spf.bench.example,"v=spf1 ip4:127.0.0.0/8 -all" \
  > "$work/dnsmasq.log" 2>&1 &
pids+=($!)
"$SINK" -u nobody -c 127.0.0.3:"$CALLOUT_PORT" 1024 > "$work/callout-sink.log" 2>&1 &
pids+=($!)

start_sink
NODE_EXTRA='client-addresses: "10.255.255.1"' start_node "    - name: smtp
      address: 127.0.0.1
      port: $OFF_PORT" off
ADMIN_PORT=$(free_port); CLUSTER_PORT=$((CLUSTER_PORT + 100))
ON_EXTRA="client-addresses: \"10.255.255.1\"
verify-return-path: true
dns:
  servers: [\"127.0.0.1:$DNS_PORT\"]
callout:
  enabled: true
  port: $CALLOUT_PORT"
[ "${SPF:-off}" = on ] && ON_EXTRA="$ON_EXTRA
spf: reject-fail"
[ "${CHECKS:-on}" = off ] && ON_EXTRA='client-addresses: "10.255.255.1"'
NODE_EXTRA=$ON_EXTRA start_node "    - name: smtp
      address: 127.0.0.1
      port: $ON_PORT" on

run warm-up-off "$OFF_PORT" "${WARMUP:-5000}"
run warm-up-on "$ON_PORT" "${WARMUP:-5000}"
FAILED=0
alternate off "$OFF_PORT" on "$ON_PORT"
queries=$(metric_sum '^moat_dns_queries_seconds_count')
callouts=$(metric_sum '^moat_callout_duration_seconds_count')
cached=$(metric_sum '^moat_callout_results_total[{]result="cached-accepted"')
refused=$(metric_sum '^moat_smtp_messages_total[{].*result="refused"')
passes=$(metric_sum '^moat_spf_results_total[{]result="pass"')
printf 'checks off  %8.0f msg/s\n' "$RATE_A"
printf 'checks on   %8.0f msg/s  (DNS queries sent %d, callouts made %d, answered from the cluster %d, refused %d, SPF passes %d)\n' \
  "$RATE_B" "$queries" "$callouts" "$cached" "$refused" "$passes"
printf 'CPU per message: off %.0f µs, on %.0f µs (the node JVM, from /proc)\n' "$CPU_A" "$CPU_B"
printf 'failed runs %5d\n' "$FAILED"
printf 'ratio on/off %7.1f %%\n' "$(echo "100 * $RATE_B / $RATE_A" | bc -l)"
