#!/usr/bin/env bash
# PROXY protocol benchmark: Postfix's smtp-source through HAProxy to a Moat node in relay mode
# to smtp-sink, over two paths in the same run: HAProxy with send-proxy-v2 to the node's PROXY
# listener, and HAProxy without PROXY to a plain listener of the same node. Runs alternate so
# drift on a shared machine hits both paths alike. Prints messages per second per run and per
# path, their ratio, failed runs and refused messages.
#
#   bench/proxy-load.sh [messages] [sessions] [size] [rounds]   (defaults: 20000 20 4096 2)
#
# Needs postfix (smtp-source, smtp-sink) and haproxy; builds the jar when missing.
MESSAGES=${1:-20000}
SESSIONS=${2:-20}
SIZE=${3:-4096}
ROUNDS=${4:-2}
source "$(dirname "$0")/common.sh"
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
[ -x "$HAPROXY" ] || { echo "haproxy missing: apt-get install haproxy" >&2; exit 2; }
PLAIN_PORT=$(free_port); PROXY_PORT=$(free_port); FRONT_PLAIN=$(free_port); FRONT_PROXY=$(free_port)

start_sink
start_node "    - name: plain
      address: 127.0.0.1
      port: $PLAIN_PORT
    - name: proxied
      address: 127.0.0.1
      port: $PROXY_PORT
      proxy-protocol: true
      trusted-proxies: \"127.0.0.1\""

cat > "$work/haproxy.cfg" <<CFG
global
    maxconn 4000
defaults
    mode tcp
    timeout connect 5s
    timeout client 60s
    timeout server 60s
frontend plain
    bind 127.0.0.1:$FRONT_PLAIN
    default_backend plain
frontend proxied
    bind 127.0.0.1:$FRONT_PROXY
    default_backend proxied
backend plain
    server node 127.0.0.1:$PLAIN_PORT
backend proxied
    server node 127.0.0.1:$PROXY_PORT send-proxy-v2
CFG
"$HAPROXY" -f "$work/haproxy.cfg" -db > "$work/haproxy.log" 2>&1 &
pids+=($!)

# A quarter of a run on each path first: the JIT and the heap settle before anything is timed.
run warm-up-plain "$FRONT_PLAIN" $(( MESSAGES / 4 ))
run warm-up-proxy "$FRONT_PROXY" $(( MESSAGES / 4 ))
FAILED=0
alternate plain "$FRONT_PLAIN" proxy "$FRONT_PROXY"

refused=$(metric_sum '^moat_smtp_messages_total[{].*result="refused"')
accepted_headers=$(metric_sum '^moat_smtp_proxy_total[{]outcome="accepted"')
printf 'smtp-source -> haproxy -> moat (plain listener)          %8.0f msg/s\n' "$RATE_A"
printf 'smtp-source -> haproxy send-proxy-v2 -> moat (PROXY)     %8.0f msg/s\n' "$RATE_B"
printf 'ratio PROXY/plain                                        %8.1f %%\n' "$(echo "100 * $RATE_B / $RATE_A" | bc -l)"
printf 'failed runs %d, refused messages %d, PROXY headers accepted %d\n' "$FAILED" "$refused" "$accepted_headers"
