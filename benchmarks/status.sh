#!/usr/bin/env bash
# status-service benchmark: summary.json and the HTML page at fixed concurrency with wrk (load
# generator on the same machine) while the service probes 40 targets every 2 s, and the CPU the
# idle service (probe loop included) uses. Prints a Markdown table for docs/benchmarks.md.
#
#   benchmarks/status.sh [duration-seconds] [connections…]   (default: 20 s at 8 then 16 connections)
set -euo pipefail
trap 'echo "benchmarks/status.sh failed at line $LINENO; the stack log is in .relais/run/logs" >&2' ERR
cd "$(dirname "$0")/.."
duration=${1:-20}
shift || true
levels=${*:-8 16}
connections=${levels%% *}

warmup=${WARMUP:-30}
source benchmarks/lib.sh
need_wrk

# 34 more targets on top of the stack's 6: the real services' liveness endpoints under other names.
extra=$(mktemp --suffix=.properties)
for i in $(seq 1 34); do
  site=$(( i % 2 == 0 ? 0 : 1 )); port=$(( site == 0 ? 8181 + i % 3 : 9181 + i % 3 ))  # management ports
  name=$([[ $site == 0 ]] && echo a || echo b)
  { echo "status.targets.bench-$i.site=$name"; echo "status.targets.bench-$i.name=Bench $i"
    echo "status.targets.bench-$i.url=http://localhost:$port/q/health/live"; } >>"$extra"
done

echo "Starting the local stack, status pages probing 40 targets (./relais up)…"
QUARKUS_CONFIG_LOCATIONS=$extra RELAIS_DEMO_PATIENTS=20 RELAIS_DEMO_STAFF=200 start_stack

base=http://localhost:8083
pid=$(pgrep -f 'status-service/target/quarkus-app/quarkus-run.jar' | head -1)
targets=$(curl -s "$base/api/v2/components.json" | grep -oE '"group":false' | wc -l)
hz=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' /proc/"$pid"/stat; }

# Idle CPU over 60 s: everything the service does when nobody reads it, the probe loop included
# (after a minute, once start-up compilation has settled).
sleep 60
c0=$(cpu); sleep 60; c1=$(cpu)
idle=$(awk -v d=$((c1 - c0)) -v hz="$hz" 'BEGIN { printf "%.2f", 100 * d / hz / 60 }')

echo
echo "status-service on $(nproc) cores; $targets probed components (status page of site a); wrk -t2 -d${duration}s after ${warmup}s warm-up at each of c = $levels, on the same machine."
echo "Idle CPU of the whole service, probe loop included: ${idle} % of one core (60 s, /proc/$pid/stat)."
echo
table_header
for connections in $levels; do
  wrk_row "GET /api/v2/summary.json, c=$connections" "$base/api/v2/summary.json" "$pid"
  wrk_row "GET / (HTML page, French), c=$connections" "$base/" "$pid"
done
