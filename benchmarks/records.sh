#!/usr/bin/env bash
# records-service benchmark: startup time, then patient summary reads, patient search and entry
# creation at fixed concurrency with wrk (load generator on the same machine), and the service's
# RSS under load. Prints a Markdown table for docs/benchmarks.md.
#
#   benchmarks/records.sh [duration-seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20}
connections=${2:-16}
patients=${RELAIS_DEMO_PATIENTS:-2000}

if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package)…"
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

log=$(mktemp)
echo "Starting the local stack with $patients demo patients (./relais up)…"
RELAIS_DEMO_PATIENTS=$patients ./relais up >"$log" 2>&1 &
stack=$!
trap 'kill -TERM $stack 2>/dev/null; wait $stack 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -q "Relais is up" "$log" && break
  kill -0 $stack 2>/dev/null || { cat "$log"; echo "The stack did not start." >&2; exit 1; }
  sleep 1
done
grep -q "Relais is up" "$log" || { cat "$log"; echo "The stack did not start in time." >&2; exit 1; }

base=http://localhost:8081
token=$(./relais token clinician bench.clinician)
pid=$(pgrep -f 'records-service/target/quarkus-app/quarkus-run.jar' | head -1)
startup=$(grep -oE 'started in [0-9.]+s' .relais/run/logs/records-a.log | head -1 | grep -oE '[0-9.]+')
patient=$(curl -s -H "Authorization: Bearer $token" "$base/api/records/patients?name=dupont&size=1" \
  | grep -oE '"id":"[0-9a-f-]{36}"' | head -1 | cut -d'"' -f4)

lua=$(mktemp --suffix=.lua)
cat >"$lua" <<LUA
wrk.method = "POST"
wrk.body   = '{"kind":"note","display":"Benchmark","text":"Transmissions : patient stable."}'
wrk.headers["Content-Type"] = "application/json"
LUA

warmup=${WARMUP:-40}
run() { # name url [extra wrk args]
  local name=$1 url=$2; shift 2
  local peak=0 out
  # Steady state is what matters for a service that runs for weeks: let the JIT finish first.
  wrk -t2 -c"$connections" -d"${warmup}s" -H "Authorization: Bearer $token" "$@" "$url" >/dev/null
  out=$(mktemp)
  wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Authorization: Bearer $token" "$@" "$url" >"$out" &
  local w=$!
  while kill -0 $w 2>/dev/null; do
    rss=$(awk '/VmRSS/{print $2}' /proc/"$pid"/status)
    (( rss > peak )) && peak=$rss
    sleep 0.5
  done
  wait $w
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/{print $2}' "$out")
  p50=$(awk '$1=="50%"{print $2}' "$out")
  p99=$(awk '$1=="99%"{print $2}' "$out")
  errors=$(grep -oE 'Non-2xx or 3xx responses: [0-9]+' "$out" | grep -oE '[0-9]+$' || echo 0)
  printf '| %s | %s | %s | %s | %s | %s MB |\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}" "$((peak / 1024))"
}

echo
echo "records-service on $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; wrk -t2 -c$connections -d${duration}s after ${warmup}s warm-up, on the same machine; $patients patients."
echo "JVM options: ${RELAIS_JAVA_OPTS:-launcher default}"
echo "Startup (JVM mode, Flyway validate + Hibernate): ${startup} s"
echo
echo '| scenario | req/s | p50 | p99 | non-2xx | peak RSS |'
echo '|---|---|---|---|---|---|'
run "patient summary (GET …/summary)" "$base/api/records/patients/$patient/summary"
run "patient search (GET ?name=bussiere)" "$base/api/records/patients?name=bussiere"
run "entry create (POST …/entries)" "$base/api/records/patients/$patient/entries" -s "$lua"
