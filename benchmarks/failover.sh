#!/usr/bin/env bash
# Reads under failover: wrk reads patient summaries through the gateways while the primary is
# switched over back and forth, then while site a's power is cut and restored. Counts what a
# clinician would see (any non-2xx or socket error) and what the gateways absorbed (service 503s
# answered after a dead database connection, retried by the gateway). Prints Markdown rows for
# docs/benchmarks.md.
#
#   benchmarks/failover.sh [switchovers] [power-cycles] [connections-per-gateway]   (default: 10 3 3)
#   WARMUP=30 seconds of the same reads first.
set -euo pipefail
trap 'echo "benchmarks/failover.sh failed at line $LINENO; the stack log is in .relais/run/logs" >&2' ERR
cd "$(dirname "$0")/.."
switchovers=${1:-10}
cycles=${2:-3}
connections=${3:-3}
warmup=${WARMUP:-30}

source benchmarks/lib.sh
need_wrk
echo "Starting the local stack (./relais up)…"
start_stack
logs=.relais/run/logs

token=$(./relais token clinician bench.clinician)
ids=$(mktemp)
curl -s -H "Authorization: Bearer $token" "http://localhost:8080/api/records/patients?name=martin&size=50" \
  | grep -oE '"id":"[0-9a-f-]{36}"' | cut -d'"' -f4 >"$ids"
[[ -s $ids ]] || { echo "No demo patient found through gateway a: is the demo data seeded?" >&2; exit 1; }
reads_lua=$(mktemp --suffix=.lua)
cat >"$reads_lua" <<LUA
local ids = {}
for line in io.lines("$ids") do ids[#ids + 1] = line end
request = function()
  return wrk.format("GET", "/api/records/patients/" .. ids[math.random(#ids)] .. "/summary",
                    {["Authorization"] = "Bearer $token"})
end
LUA

# start_reads NAME URL: wrk in the background until stop_reads; its report in ${wrk_out[NAME]}.
declare -A wrk_pid wrk_out
start_reads() {
  wrk_out[$1]=$(mktemp)
  wrk -t1 -c"$connections" -d1h --timeout 10s --latency -s "$reads_lua" "$2" >"${wrk_out[$1]}" 2>&1 &
  wrk_pid[$1]=$!
}
# stop_reads NAME: SIGINT makes wrk stop and print its report.
stop_reads() {
  kill -INT "${wrk_pid[$1]}"
  wait "${wrk_pid[$1]}" || true
}
count() { { grep -ohE "$1" "${@:2}" 2>/dev/null || true; } | wc -l; }
row() { # row SCENARIO NAME ABSORBED
  local out=${wrk_out[$2]} failed
  failed=$(( $(grep -oE 'Non-2xx or 3xx responses: [0-9]+' "$out" | grep -oE '[0-9]+$' || echo 0) \
           + $(awk '/Socket errors/{gsub(",", ""); s = $4 + $6 + $8 + $10} END {print s + 0}' "$out") ))
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$(awk '/requests in/{print $1}' "$out")" "$failed" \
    "$(awk '$1=="99%"{print $2}' "$out")" "$(awk '$1=="Latency"{print $4}' "$out")" "$3"
}
absorbed_so_far() { count 'Answered 503: database connection lost' "$logs"/records-*.log; }

echo "Warming up: ${warmup}s of the same reads through both gateways (a cold JIT is not a failover)…"
wrk -t1 -c"$connections" -d"${warmup}s" -s "$reads_lua" http://localhost:8080 >/dev/null &
warming=$!
wrk -t1 -c"$connections" -d"${warmup}s" -s "$reads_lua" http://localhost:9080 >/dev/null
wait $warming
echo
echo "Reads of patient summaries, wrk -c$connections per gateway on the same $(nproc)-core machine as both sites."
echo '| scenario | reads | failed (non-2xx, or no answer in 10 s) | p99 | slowest | service 503s retried by a gateway |'
echo '|---|---|---|---|---|---|'

before=$(absorbed_so_far)
start_reads a http://localhost:8080
start_reads b http://localhost:9080
sleep 3 # some steady traffic before the first switchover
for i in $(seq 1 "$switchovers"); do
  echo "  switchover $i/$switchovers: $(./relais switchover 2>&1 | tail -1)" >&2
  sleep 8 # let the new standby settle into sync before the next move
done
stop_reads a
stop_reads b
after=$(absorbed_so_far)
row "$switchovers switchovers, through gateway a" a "$((after - before)) (both gateways)"
row "$switchovers switchovers, through gateway b" b "—"

before=$after
start_reads b http://localhost:9080
sleep 3
for i in $(seq 1 "$cycles"); do
  echo "  power cycle $i/$cycles: $(./relais power-off a 2>&1 | tail -1)" >&2
  sleep 10 # a downtime long enough for the HA stand-in to act (3 s) and for clinicians to notice nothing
  echo "  power cycle $i/$cycles: $(./relais power-on a 2>&1 | tail -1)" >&2
done
stop_reads b
row "site a powered off and on $cycles times (primary the first time), through gateway b" b "$(( $(absorbed_so_far) - before ))"
