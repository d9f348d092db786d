# Shared parts of the load benchmarks: sourced, not run. Sets up a work folder that is removed
# at exit with every process started here, picks free loopback ports, starts smtp-sink and a
# node, and times smtp-source runs over two paths in alternating rounds. All traffic stays on
# 127.0.0.1. Expects MESSAGES, SESSIONS, SIZE, ROUNDS to be set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
JAR=node/target/moat-node.jar
SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
[ -x "$SOURCE" ] && [ -x "$SINK" ] || { echo "smtp-source/smtp-sink missing: apt-get install postfix" >&2; exit 2; }
[ -f "$JAR" ] || mvn -q -B package -DskipTests

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
SINK_PORT=$(free_port); ADMIN_PORT=$(free_port)
CLUSTER_PORT=$(( 20000 + RANDOM % 9000 ))

start_sink() {
  "$SINK" -u nobody -c 127.0.0.1:"$SINK_PORT" 1024 > "$work/sink.log" 2>&1 &
  pids+=($!)
}

declare -A NODE_PIDS
# cpu_ticks PID: the user and system CPU time the process has used so far, in clock ticks
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# start_node LISTENERS_YAML [NAME]: a relay-mode node of $JAR to the sink, with the given
# smtp.listeners entries, its admin API on $ADMIN_PORT, its cluster port $CLUSTER_PORT, and
# the top-level settings of $NODE_EXTRA when set, then those of $BENCH_EXTRA (set by the caller
# of a benchmark, for every node it starts)
start_node() {
  local name=${2:-moat}
  cat > "$work/$name.yaml" <<YAML
node:
  data-dir: $work/data-$name
smtp:
  host-name: bench.moat.test
  listeners:
$1
  max-connections-per-address: 1000
local-domains: [moat.test]
delivery:
  mode: relay
  next-hop: "127.0.0.1:$SINK_PORT"
admin:
  address: 127.0.0.1
  port: $ADMIN_PORT
cluster:
  name: bench-$$-$name
  port: $CLUSTER_PORT
  members: ["127.0.0.1:$CLUSTER_PORT"]
${NODE_EXTRA:-}
${BENCH_EXTRA:-}
YAML
  java -Xmx512m ${MOAT_JAVA_OPTS:-} -jar "$JAR" --config "$work/$name.yaml" > "$work/$name.log" 2>&1 &
  local node_pid=$!
  pids+=($node_pid)
  NODE_PIDS[$name]=$node_pid
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$ADMIN_PORT/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$node_pid" 2>/dev/null || { cat "$work/$name.log"; exit 1; }
    sleep 0.5
  done
  echo "the node did not get ready" >&2; exit 1
}

metric_sum() {  # metric_sum REGEX: the sum of the node's samples whose line matches
  curl -fs "http://127.0.0.1:$ADMIN_PORT/metrics" | awk -v re="$1" '$0 ~ re {s+=$NF} END {printf "%d\n", s}'
}

# run NAME PORT COUNT: one smtp-source run; sets SECONDS_TAKEN, counts failures in FAILED
FAILED=0
run() {
  local name=$1 port=$2 count=$3 start end out
  start=$(date +%s.%N)
  out=$("$SOURCE" -s "$SESSIONS" -m "$count" -l "$SIZE" -f sender@bench.example -t rcpt@moat.test \
        -M client.bench.example 127.0.0.1:"$port" 2>&1) || FAILED=$((FAILED + 1))
  end=$(date +%s.%N)
  [ -n "$out" ] && { echo "$name: $out" | head -5; FAILED=$((FAILED + 1)); }
  SECONDS_TAKEN=$(echo "$end - $start" | bc -l)
}

# alternate NAME_A PORT_A NAME_B PORT_B: ROUNDS rounds (A B, B A, ...); sets RATE_A and RATE_B
# (messages per second over all rounds) and CPU_A and CPU_B (the node's CPU time per message in
# µs, from /proc, when start_node started the node under that name). Alternating keeps drift on
# a shared machine off the ratio; CPU time per message is the steadier figure where other
# engineers' work takes the cores, since waiting for a core costs no CPU time.
alternate() {
  local time_a=0 time_b=0 ticks_a=0 ticks_b=0 round path port order pid before
  printf 'load: %d messages of %d bytes per run, %d parallel sessions, one recipient, %d rounds\n' \
    "$MESSAGES" "$SIZE" "$SESSIONS" "$ROUNDS"
  for round in $(seq 1 "$ROUNDS"); do
    order="a b"; [ $((round % 2)) -eq 0 ] && order="b a"
    for path in $order; do
      if [ "$path" = a ]; then name=$1; port=$2; else name=$3; port=$4; fi
      pid=${NODE_PIDS[$name]:-}
      before=$([ -n "$pid" ] && cpu_ticks "$pid" || echo 0)
      run "$name" "$port" "$MESSAGES"
      ticks=$(( $([ -n "$pid" ] && cpu_ticks "$pid" || echo 0) - before ))
      printf '  round %d %-8s %8.0f msg/s %8.0f µs CPU/msg\n' "$round" "$name" \
        "$(echo "$MESSAGES / $SECONDS_TAKEN" | bc -l)" "$(echo "$ticks * 1000000 / $CLK_TCK / $MESSAGES" | bc -l)"
      if [ "$path" = a ]; then time_a=$(echo "$time_a + $SECONDS_TAKEN" | bc -l); ticks_a=$((ticks_a + ticks))
      else time_b=$(echo "$time_b + $SECONDS_TAKEN" | bc -l); ticks_b=$((ticks_b + ticks)); fi
    done
  done
  RATE_A=$(echo "$ROUNDS * $MESSAGES / $time_a" | bc -l)
  RATE_B=$(echo "$ROUNDS * $MESSAGES / $time_b" | bc -l)
  CPU_A=$(echo "$ticks_a * 1000000 / $CLK_TCK / ($ROUNDS * $MESSAGES)" | bc -l)
  CPU_B=$(echo "$ticks_b * 1000000 / $CLK_TCK / ($ROUNDS * $MESSAGES)" | bc -l)
}
CLK_TCK=$(getconf CLK_TCK)

# rotate NAME PORT [NAME PORT ...]: ROUNDS rounds over every path, each round starting one path
# later (A B C, B C A, ...); sets RATE[name] (messages per second over all rounds) and CPU[name]
# (the node's CPU µs per message) for each name, as alternate does for two.
declare -A RATE CPU
rotate() {
  local names=() ports=() n round i k name pid before ticks
  declare -A took spent
  while [ $# -gt 0 ]; do names+=("$1"); ports+=("$2"); took[$1]=0; spent[$1]=0; shift 2; done
  n=${#names[@]}
  printf 'load: %d messages of %d bytes per run, %d parallel sessions, one recipient, %d rounds\n' \
    "$MESSAGES" "$SIZE" "$SESSIONS" "$ROUNDS"
  for round in $(seq 1 "$ROUNDS"); do
    for k in $(seq 0 $((n - 1))); do
      i=$(( (round - 1 + k) % n )); name=${names[$i]}; pid=${NODE_PIDS[$name]}
      before=$(cpu_ticks "$pid")
      run "$name" "${ports[$i]}" "$MESSAGES"
      ticks=$(( $(cpu_ticks "$pid") - before ))
      printf '  round %d %-8s %8.0f msg/s %8.0f µs CPU/msg\n' "$round" "$name" \
        "$(echo "$MESSAGES / $SECONDS_TAKEN" | bc -l)" "$(echo "$ticks * 1000000 / $CLK_TCK / $MESSAGES" | bc -l)"
      took[$name]=$(echo "${took[$name]} + $SECONDS_TAKEN" | bc -l); spent[$name]=$(( ${spent[$name]} + ticks ))
    done
  done
  for name in "${names[@]}"; do
    RATE[$name]=$(echo "$ROUNDS * $MESSAGES / ${took[$name]}" | bc -l)
    CPU[$name]=$(echo "${spent[$name]} * 1000000 / $CLK_TCK / ($ROUNDS * $MESSAGES)" | bc -l)
  done
}

# banned_lists: 10,000 banned lines in $work/banned-body-lines.txt (9,000) and
# $work/banned-header-lines.txt (1,000), 10 % of each with wildcards, none matching
# smtp-source's messages; banned_lines_yaml: the settings that name them
banned_lists() {
  python3 - "$work" <<'PY'
import random, sys
random.seed(7)
words = ["".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(random.randint(2, 9))) for _ in range(400)]
def sentence(n):
    out = []
    while len(" ".join(out)) < n:
        out.append(random.choice(words))
    return " ".join(out)
def lines(count, header):
    for i in range(count):
        text = ("X-Spam-" + str(i) + ": " if header else "") + sentence(random.randint(20, 70))
        if i % 10 == 0:
            text = [text + "*", "*" + text, "*" + text + "*"][i % 3]
        yield text
with open(sys.argv[1] + "/banned-body-lines.txt", "w") as f:
    f.writelines(line + "\n" for line in lines(9000, False))
with open(sys.argv[1] + "/banned-header-lines.txt", "w") as f:
    f.writelines(line + "\n" for line in lines(1000, True))
PY
}
banned_lines_yaml() {
  printf 'banned-lines:\n  header-file: %s\n  body-file: %s\n' "$work/banned-header-lines.txt" "$work/banned-body-lines.txt"
}

# rules_yaml: 50 server-wide rules, no external program: 48 on headers, sender, recipients and
# size that do not match smtp-source's messages, and 2 that do (add a header, tag the Subject)
rules_yaml() {
  echo "rules:"
  for i in $(seq 1 48); do
    case $((i % 4)) in
      0) when="- header: {name: Subject, matches: \"*offer-$i*\"}" ;;
      1) when="- sender: {in: [spam-$i@spammer.example, promo-$i@spammer.example]}" ;;
      2) when="- any-recipient: {matches: \"trap-$i-*@moat.test\"}" ;;
      3) when="- size: {greater-than: ${i}MiB}" ;;
    esac
    printf '  - name: rule-%d\n    when:\n      %s\n    then:\n      - reject: "rule %d"\n' "$i" "$when" "$i"
  done
  printf '  - name: mark\n    when:\n      - address-status: {is: client}\n    then:\n      - add-header: "X-Bench: rules"\n'
  printf '  - name: tag\n    when:\n      - header: {name: X-Not-There, missing: true}\n    then:\n      - tag-subject: "[bench]"\n'
}
