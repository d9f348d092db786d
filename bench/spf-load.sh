#!/usr/bin/env bash
# SPF cost under load: the load of load.sh through two relay-mode nodes of this tree's jar, one
# with spf: reject-fail asking Debian's dnsmasq on loopback and one with spf off, in
# alternating rounds of one run. smtp-source connects from 127.0.0.1, which both nodes treat as
# a Stranger (their Client list names another address), and sends as sender@bench.example,
# whose record "v=spf1 mx include:_spf.bench.example -all" costs four questions (TXT, MX, the
# MX host's A, the include's TXT) and passes; the answers are cached after the first, as they
# are for a busy sender, so this measures SPF with cached answers.
#
#   bench/spf-load.sh [messages] [sessions] [size] [rounds]   (defaults: 20000 20 4096 4)
#
# Needs postfix (smtp-source, smtp-sink) and dnsmasq.
MESSAGES=${1:-20000}
SESSIONS=${2:-20}
SIZE=${3:-4096}
ROUNDS=${4:-4}
source "$(dirname "$0")/common.sh"
[ -x /usr/sbin/dnsmasq ] || { echo "dnsmasq missing: apt-get install dnsmasq-base" >&2; exit 2; }
DNS_PORT=$(free_port); OFF_PORT=$(free_port); SPF_PORT=$(free_port)
timeout 3600 /usr/sbin/dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-dhcp-interface= \
  --listen-address=127.0.0.1 --bind-interfaces --port="$DNS_PORT" --local=/bench.example/ \
  --local-ttl=3600 --neg-ttl=3600 --pid-file="$work/dnsmasq.pid" \
  --txt-record=bench.example,"v=spf1 mx include:_spf.bench.example -all" \
  --txt-record=_spf.bench.example,"v=spf1 ip4:127.0.0.0/8 -all" \
  --mx-host=bench.example,mx.bench.example,10 --host-record=mx.bench.example,192.0.2.25 \
  > "$work/dnsmasq.log" 2>&1 &
pids+=($!)

start_sink
NODE_EXTRA='client-addresses: "10.255.255.1"' start_node "    - name: smtp
      address: 127.0.0.1
      port: $OFF_PORT" off
ADMIN_PORT=$(free_port); CLUSTER_PORT=$((CLUSTER_PORT + 100))
NODE_EXTRA="client-addresses: \"10.255.255.1\"
dns:
  servers: [\"127.0.0.1:$DNS_PORT\"]
spf: reject-fail" start_node "    - name: smtp
      address: 127.0.0.1
      port: $SPF_PORT" spf

run warm-up-off "$OFF_PORT" 5000
run warm-up-spf "$SPF_PORT" 5000
FAILED=0
alternate off "$OFF_PORT" spf "$SPF_PORT"
queries=$(metric_sum '^moat_dns_queries_seconds_count')
hits=$(metric_sum '^moat_dns_cache_total[{]result="hit"')
passes=$(metric_sum '^moat_spf_results_total[{]result="pass"')
printf 'spf off      %8.0f msg/s\n' "$RATE_A"
printf 'spf on       %8.0f msg/s  (SPF passes %d, DNS queries sent %d, cache hits %d)\n' "$RATE_B" "$passes" \
  "$queries" "$hits"
printf 'failed runs  %5d\n' "$FAILED"
printf 'ratio spf on/off %6.1f %%\n' "$(echo "100 * $RATE_B / $RATE_A" | bc -l)"
