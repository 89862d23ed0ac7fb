#!/usr/bin/env bash
# Each service's start alone, on each candidate JVM, against the running stack's database: site b's
# instance of the service is stopped, then started again by this script with its own environment and
# each candidate's java and options, several times; the time from the exec to the first 200 of its
# readiness check, Quarkus' own "started in", the CPU it spent and its RSS once ready.
#
#   benchmarks/startup.sh [runs]
# Candidates: the launcher's JVM (JDK 25 with the AOT cache it trained, when found), the same JDK
# without the cache, and JDK 17 (java on the PATH) without one; same heap and GC options.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
source benchmarks/lib.sh
echo "Starting the local stack (./relais up)…"
RELAIS_DEMO_PATIENTS=${RELAIS_DEMO_PATIENTS:-50} RELAIS_DEMO_STAFF=${RELAIS_DEMO_STAFF:-100} start_stack
grep -E "Services run on|trained in" "$stack_log" || true

# measure NAME ENVFILE PORT CMD…: one start; prints ready ms, "started in", CPU s, RSS MB
measure() {
  local envfile=$1 port=$2; shift 2
  local log start pid ready
  log=$(mktemp)
  start=$(date +%s%N)
  ( set -a; source "$envfile"; set +a; exec "$@" >"$log" 2>&1 ) &
  pid=$!
  until curl -sf -o /dev/null "http://localhost:$((port + 100))/q/health/ready"; do
    kill -0 $pid 2>/dev/null || { tail -20 "$log"; echo "It exited while starting" >&2; exit 1; }
    sleep 0.02
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 0.5   # Quarkus may print "started in" just after its readiness check first answers
  local started
  started=$(grep -oE 'started in [0-9.]+' "$log" | grep -oE '[0-9.]+$' || true)
  printf '%s %s %s %s\n' "$ready" "${started:--}" \
    "$(awk '{print ($14 + $15) / 100}' /proc/$pid/stat)" "$(( $(awk '/VmRSS/{print $2}' /proc/$pid/status) / 1024 ))"
  kill -TERM $pid; wait $pid 2>/dev/null || true
  rm -f "$log"
}

echo
echo "| service | JVM | ready after exec (ms) | Quarkus \"started in\" (s) | CPU (s) | RSS when ready (MB) |"
echo "|---|---|---|---|---|---|"
for service in records directory status gateway; do
  jar=$([[ $service == gateway ]] && echo gateway || echo "$service-service")/target/quarkus-app/quarkus-run.jar
  pid=$(pgrep -f "$jar" | while read -r p; do tr '\0' '\n' </proc/$p/environ | grep -qE '^(QUARKUS_HTTP_PORT|GATEWAY_LISTEN_PORT)=90' && echo $p; done | head -1)
  env=$(mktemp)
  tr '\0' '\n' </proc/$pid/environ | grep -E '^(QUARKUS_|MP_|RELAIS_|RECORDS_|STATUS_|GATEWAY_|_PROD_|MALLOC_)' | sed -E "s/^([^=]+)=(.*)$/\1='\2'/" >"$env"
  port=$(grep -oE '^QUARKUS_HTTP_PORT=.[0-9]+' "$env" | grep -oE '[0-9]+$')
  mapfile -t launcher < <(tr '\0' '\n' </proc/$pid/cmdline)
  launched_jar=${launcher[-1]}   # as the launcher named it: an AOT cache is only valid for the same class path
  kill -TERM "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  options=(); for o in "${launcher[@]:1}"; do [[ $o == -jar ]] && break; options+=("$o"); done
  no_cache=(); base=(); for o in "${options[@]}"; do [[ $o == -XX:AOTCache=* ]] || no_cache+=("$o"); [[ $o == -XX:AOTCache=* || $o == -XX:+UseCompactObjectHeaders ]] || base+=("$o"); done
  declare -A candidates=(
    ["launcher's: ${launcher[0]##*/jvm/} + AOT cache"]="${launcher[0]} ${options[*]}"
    ["same JDK, no cache"]="${launcher[0]} ${no_cache[*]}"
    ["JDK 17 (java on the PATH), no cache"]="java ${base[*]}")
  for name in "launcher's: ${launcher[0]##*/jvm/} + AOT cache" "same JDK, no cache" "JDK 17 (java on the PATH), no cache"; do
    results=()
    for _ in $(seq 1 "$runs"); do
      # shellcheck disable=SC2206
      cmd=(${candidates[$name]} -jar "$launched_jar")
      results+=("$(measure "$env" "$port" "${cmd[@]}")")
    done
    range() { printf '%s\n' "${results[@]}" | awk -v f="$1" '{print $f}' | sort -g | sed -n '1p;$p' | paste -sd' ' | awk '{ if ($1==$2) print $1; else print $1 "–" $2 }'; }
    echo "| $service | $name | $(range 1) | $(range 2) | $(range 3) | $(range 4) |"
  done
  rm -f "$env"
done
