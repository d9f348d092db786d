#!/usr/bin/env bash
# Address lookups: Moat against Postfix's postmap on the same table and the same queries.
#
#   bench/postmap-compare.sh [entries] [queries] [--no-jmh]     (defaults: 100000 10000)
#
# Writes a cidr table of <entries> addresses and prefixes (80% IPv4, 20% IPv6) and <queries>
# query addresses (half listed, half random), then prints, from the same run:
#   - Postfix: `postmap -q - cidr:table < queries`, timed for all queries and for one, so the
#     per-lookup figure leaves out loading the table: (t(all) - t(one)) / (queries - 1);
#   - Moat: the compiled address set and the whole classifier (the table as its Blacklisted
#     list) on the same queries, median of 101 timed batches;
#   - unless --no-jmh: the JMH ClassifierBenchmark (six lists of 100,000 entries each, a
#     Stranger and a Blacklisted address), the figure the classifier is held to (< 2 us).
# Needs postfix (postmap) and Maven; all files go to a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
JMH=1
args=()
for a in "$@"; do
  if [ "$a" = "--no-jmh" ]; then JMH=0; else args+=("$a"); fi
done
ENTRIES=${args[0]:-100000}
QUERIES=${args[1]:-10000}
POSTMAP=$(command -v postmap || echo /usr/sbin/postmap)
[ -x "$POSTMAP" ] || { echo "postmap missing: apt-get install postfix" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mvn -q -B test-compile > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
mvn -q -B -f node/pom.xml dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath" \
  > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
CP="node/target/test-classes:node/target/classes:$(cat "$work/classpath")"

echo "== Moat (Java $(java -version 2>&1 | head -1 | cut -d'"' -f2), $(nproc) cores)"
java -Xmx1g -cp "$CP" dev.moat.bench.PostmapComparison "$work" "$ENTRIES" "$QUERIES" | tee "$work/moat.txt" \
  | grep -v '^listed-queries'
listed=$(sed -n 's/^listed-queries //p' "$work/moat.txt")

now() { date +%s%N; }
# The best of three runs: the machine may be shared, and the best run is the least disturbed.
best() {
  local input=$1 best_ns=
  for _ in 1 2 3; do
    local t0 t1
    t0=$(now)
    "$POSTMAP" -q - "cidr:$work/table.cidr" < "$input" > "$work/postmap.out"
    t1=$(now)
    local ns=$(( t1 - t0 ))
    if [ -z "$best_ns" ] || [ "$ns" -lt "$best_ns" ]; then best_ns=$ns; fi
  done
  echo "$best_ns"
}
one_ns=$(best "$work/one.txt")
all_ns=$(best "$work/queries.txt")
found=$(wc -l < "$work/postmap.out")
per_ns=$(( (all_ns - one_ns) / (QUERIES - 1) ))

echo "== Postfix $("$(dirname "$POSTMAP")/postconf" -h mail_version 2>/dev/null || echo '?') postmap, cidr table"
printf 'loading the table and one query: %d ms; all %d queries: %d ms\n' $(( one_ns / 1000000 )) "$QUERIES" $(( all_ns / 1000000 ))
printf 'postmap cidr: %d ns per lookup\n' "$per_ns"
if [ "$found" != "$listed" ]; then
  echo "warning: postmap found $found listed queries, Moat $listed" >&2
else
  echo "both find the same $found of $QUERIES queries listed"
fi

if [ "$JMH" = 1 ]; then
  echo "== JMH ClassifierBenchmark (six lists of 100,000 entries)"
  java -cp "$CP" dev.moat.bench.ClassifierBenchmark -rf text -rff "$work/jmh.txt" > "$work/jmh.log" 2>&1 \
    || { cat "$work/jmh.log" >&2; exit 1; }
  grep -E '^Benchmark|ClassifierBenchmark\.' "$work/jmh.txt"
fi
