#!/usr/bin/env bash
# Three Moat nodes from the project's image on this machine, one cluster, with Prometheus
# scraping them and, where Grafana is installed, Grafana showing deploy/grafana/moat-dashboard.json.
#   deploy/run-local.sh up      build what is missing, start everything, print the addresses
#   deploy/run-local.sh down    stop and remove it all (the nodes' data volumes too)
# The nodes run with host networking on loopback: SMTP 127.0.0.1:1252{1,2,3}, admin (metrics,
# health, API) 127.0.0.1:1808{1,2,3}, Hazelcast 127.0.0.1:1570{1,2,3}. Prometheus is Debian's
# (apt-get install prometheus) on 127.0.0.1:19090 with deploy/prometheus/; Grafana, if
# grafana-server is on the PATH, on 127.0.0.1:13000 (admin/admin). No image is pulled: the
# node image builds on BASE_IMAGE (default moat-base:bookworm, made by build-base-image.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
state="${MOAT_LOCAL_DIR:-/tmp/moat-local}"
image="${MOAT_IMAGE:-moat:0.1.0}"
base="${BASE_IMAGE:-moat-base:bookworm}"

up() {
  mkdir -p "$state"
  if ! docker image inspect "$image" >/dev/null 2>&1; then
    [ -f node/target/moat-node.jar ] || mvn -B -q package -DskipTests
    [ "$base" != "moat-base:bookworm" ] || deploy/build-base-image.sh "$base"
    docker build -q -f deploy/Dockerfile --build-arg BASE_IMAGE="$base" -t "$image" . >/dev/null
  fi
  [ -f "$state/cluster-secret" ] || (umask 077; head -c 48 /dev/urandom | base64 > "$state/cluster-secret")
  [ -f "$state/admin-token" ] || (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$state/admin-token")
  for i in 1 2 3; do
    mkdir -p "$state/node-$i"
    cat > "$state/node-$i/moat.yaml" <<YAML
node:
  name: moat-$i
  data-dir: /var/lib/moat
smtp:
  host-name: mx.moat.local
  listeners:
    - name: smtp
      address: 127.0.0.1
      port: 1252$i
local-domains: [moat.local]
admin:
  address: 127.0.0.1
  port: 1808$i
cluster:
  name: moat-local
  port: 1570$i
  members: ["127.0.0.1:15701", "127.0.0.1:15702", "127.0.0.1:15703"]
YAML
    docker rm -f "moat-local-$i" >/dev/null 2>&1 || true
    docker run -d --name "moat-local-$i" --network host \
      -e MOAT_CLUSTER_SECRET="$(cat "$state/cluster-secret")" -e MOAT_ADMIN_TOKEN="$(cat "$state/admin-token")" \
      -e MOAT_JAVA_OPTS="-Xmx256m -XX:+ExitOnOutOfMemoryError" \
      -v "$state/node-$i:/etc/moat:ro" -v "moat-local-data-$i:/var/lib/moat" "$image" >/dev/null
  done
  for i in 1 2 3; do
    for _ in $(seq 1 120); do
      curl -sf "http://127.0.0.1:1808$i/health/ready" >/dev/null && break
      sleep 1
    done
    echo "moat-local-$i: $(curl -s "http://127.0.0.1:1808$i/health/ready")"
  done
  if command -v prometheus >/dev/null; then
    start prometheus prometheus --config.file=deploy/prometheus/prometheus.yml \
      --storage.tsdb.path="$state/prometheus" --web.listen-address=127.0.0.1:19090
    echo "Prometheus: http://127.0.0.1:19090 (job moat, alerts of deploy/prometheus/rules.yml)"
  else
    echo "Prometheus is not installed (apt-get install prometheus): skipped"
  fi
  if command -v grafana-server >/dev/null; then
    MOAT_DASHBOARDS="$PWD/deploy/grafana" GF_PATHS_PROVISIONING="$PWD/deploy/grafana/provisioning" \
      GF_PATHS_DATA="$state/grafana" GF_SERVER_HTTP_ADDR=127.0.0.1 GF_SERVER_HTTP_PORT=13000 \
      start grafana grafana-server --homepath "${GRAFANA_HOME:-/usr/share/grafana}"
    echo "Grafana: http://127.0.0.1:13000 (dashboard Moat)"
  else
    echo "Grafana is not installed: import deploy/grafana/moat-dashboard.json into yours (data source: this Prometheus)"
  fi
  echo "admin token: $state/admin-token; try: swaks --server 127.0.0.1:12521 --to user@moat.local"
}

start() {
  local name="$1"
  shift
  if [ -f "$state/$name.pid" ] && kill -0 "$(cat "$state/$name.pid")" 2>/dev/null; then
    return
  fi
  nohup "$@" >"$state/$name.log" 2>&1 &
  echo $! > "$state/$name.pid"
}

down() {
  for name in grafana prometheus; do
    if [ -f "$state/$name.pid" ]; then
      kill "$(cat "$state/$name.pid")" 2>/dev/null || true
      rm -f "$state/$name.pid"
    fi
  done
  for i in 1 2 3; do
    docker rm -f "moat-local-$i" >/dev/null 2>&1 || true
    docker volume rm "moat-local-data-$i" >/dev/null 2>&1 || true
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
