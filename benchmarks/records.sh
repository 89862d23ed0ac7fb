#!/usr/bin/env bash
# records-service benchmark: startup time, then patient summary reads, the FHIR R4 Patient read and
# $summary, patient search and entry creation at fixed concurrency with wrk (load generator on the
# same machine), and the service's RSS under load. Prints a Markdown table for docs/benchmarks.md.
#
#   benchmarks/records.sh [duration-seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20}
connections=${2:-16}
patients=${RELAIS_DEMO_PATIENTS:-2000}

warmup=${WARMUP:-40}
source benchmarks/lib.sh
need_wrk
echo "Starting the local stack with $patients demo patients (./relais up)…"
RELAIS_DEMO_PATIENTS=$patients RELAIS_DEMO_STAFF=${RELAIS_DEMO_STAFF:-200} start_stack

base=http://localhost:8081
token=$(./relais token clinician bench.clinician)
pid=$(pgrep -f 'records-service/target/quarkus-app/quarkus-run.jar' | head -1)
startup=$(grep -oE 'started in [0-9.]+s' .relais/run/logs/records-a.log | tail -1 | grep -oE '[0-9.]+')
patient=$(curl -s -H "Authorization: Bearer $token" "$base/api/records/patients?name=dupont&size=1" \
  | grep -oE '"id":"[0-9a-f-]{36}"' | head -1 | cut -d'"' -f4)

lua=$(mktemp --suffix=.lua)
cat >"$lua" <<LUA
wrk.method = "POST"
wrk.body   = '{"kind":"note","display":"Benchmark","text":"Transmissions : patient stable."}'
wrk.headers["Content-Type"] = "application/json"
-- Every clinical POST carries its own Idempotency-Key, as a real client's does.
counter = 0
request = function()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = string.format("bench-%d-%d-%d", os.time(), math.random(1, 1e9), counter)
  return wrk.format()
end
LUA

echo
echo "records-service on $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; wrk -t2 -c$connections -d${duration}s after ${warmup}s warm-up, on the same machine; $patients patients."
echo "JVM options: ${RELAIS_JAVA_OPTS:-launcher default}"
echo "Startup (JVM mode, Flyway validate + Hibernate): ${startup} s"
echo
table_header
auth="Authorization: Bearer $token"
wrk_row "patient summary (GET …/summary)" "$base/api/records/patients/$patient/summary" "$pid" -H "$auth"
wrk_row "FHIR Patient read (GET fhir/r4/Patient/{id})" "$base/api/records/fhir/r4/Patient/$patient" "$pid" -H "$auth"
wrk_row "FHIR \$summary Bundle (GET fhir/r4/Patient/{id}/\$summary)" "$base/api/records/fhir/r4/Patient/$patient/\$summary" "$pid" -H "$auth"
wrk_row "patient search (GET ?name=bussiere)" "$base/api/records/patients?name=bussiere" "$pid" -H "$auth"
wrk_row "entry create (POST …/entries)" "$base/api/records/patients/$patient/entries" "$pid" -H "$auth" -s "$lua"
