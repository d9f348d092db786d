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
# WARMUP sets the messages each node takes before the rounds (5000). OLD_JAR=path adds a third
# node, that jar with the same SPF settings, to the same rounds: before and after a change in
# one run (build it from an earlier commit, e.g. git archive HEAD~3 | tar -x -C /tmp/old).
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
SPF_ADMIN=$ADMIN_PORT

run warm-up-off "$OFF_PORT" "${WARMUP:-5000}"
run warm-up-spf "$SPF_PORT" "${WARMUP:-5000}"
paths=(off "$OFF_PORT" spf "$SPF_PORT")
if [ -n "${OLD_JAR:-}" ]; then
  OLD_PORT=$(free_port); ADMIN_PORT=$(free_port); CLUSTER_PORT=$((CLUSTER_PORT + 100))
  NODE_EXTRA="client-addresses: \"10.255.255.1\"
dns:
  servers: [\"127.0.0.1:$DNS_PORT\"]
spf: reject-fail" JAR=$(realpath "$OLD_JAR") start_node "    - name: smtp
      address: 127.0.0.1
      port: $OLD_PORT" spf-old
  run warm-up-spf-old "$OLD_PORT" "${WARMUP:-5000}"
  paths+=(spf-old "$OLD_PORT")
  ADMIN_PORT=$SPF_ADMIN
fi
FAILED=0
rotate "${paths[@]}"
queries=$(metric_sum '^moat_dns_queries_seconds_count')
passes=$(metric_sum '^moat_spf_results_total[{]result="pass"')
printf 'spf off      %8.0f msg/s %6.0f µs CPU/msg\n' "${RATE[off]}" "${CPU[off]}"
printf 'spf on       %8.0f msg/s %6.0f µs CPU/msg  (SPF passes %d, DNS queries sent %d)\n' "${RATE[spf]}" "${CPU[spf]}" \
  "$passes" "$queries"
printf 'ratio spf on/off %6.1f %%   CPU per message on/off %6.1f %%\n' "$(echo "100 * ${RATE[spf]} / ${RATE[off]}" | bc -l)" \
  "$(echo "100 * ${CPU[spf]} / ${CPU[off]}" | bc -l)"
if [ -n "${OLD_JAR:-}" ]; then
  printf 'old jar spf  %8.0f msg/s %6.0f µs CPU/msg  (%s)\n' "${RATE[spf-old]}" "${CPU[spf-old]}" "$OLD_JAR"
  printf 'ratio old spf/off %5.1f %%   CPU per message old/off %6.1f %%\n' \
    "$(echo "100 * ${RATE[spf-old]} / ${RATE[off]}" | bc -l)" "$(echo "100 * ${CPU[spf-old]} / ${CPU[off]}" | bc -l)"
fi
printf 'failed runs  %5d\n' "$FAILED"
