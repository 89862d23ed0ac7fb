#!/usr/bin/env bash
# Downtime packs benchmark (issue 17): a 40-bed unit's pack, every unit of the demo group, and the
# patient summary's p99 with and without pack generation running beside it. Prints the figures for
# docs/benchmarks.md.
#
#   benchmarks/packs.sh [duration-seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20}
connections=${2:-16}
warmup=${WARMUP:-30}
source benchmarks/lib.sh
need_wrk
echo "Starting the local stack (./relais up; packs every 60 s so that a whole run shows in the log)…"
RELAIS_PACKS_INTERVAL=60 RELAIS_DEMO_PATIENTS=${RELAIS_DEMO_PATIENTS:-600} RELAIS_DEMO_STAFF=${RELAIS_DEMO_STAFF:-600} start_stack

base=http://localhost:8081
token=$(./relais token clinician bench.clinician)
auth="Authorization: Bearer $token"
pid=$(pgrep -f 'records-service/target/quarkus-app/quarkus-run.jar' | head -1)

echo "Admitting 40 new patients (allergy, 2 treatments, a problem, 4 notes each) to one unit…"
unit=$(cat /proc/sys/kernel/random/uuid)
for bed in $(seq 1 40); do
  patient=$(curl -sS --fail-with-body -H "$auth" -H 'Content-Type: application/json' -H "Idempotency-Key: bench-p-$unit-$bed" \
    -d "{\"ipp\":\"BENCH$bed-${unit:0:6}\",\"familyName\":\"Banc\",\"givenNames\":\"Patient $bed\",\"birthDate\":\"1950-01-01\",\"sex\":\"female\"}" \
    "$base/api/records/patients" | grep -oE '"id":"[0-9a-f-]{36}"' | head -1 | cut -d'"' -f4)
  post() { curl -sS --fail-with-body -o /dev/null -H "$auth" -H 'Content-Type: application/json' -H "Idempotency-Key: bench-$1-$unit-$bed" -d "$2" "$base/api/records/patients/$patient/$3"; }
  post stay "{\"unitId\":\"$unit\",\"unitName\":\"Banc d'essai\",\"bed\":\"$bed\",\"admittedAt\":\"2026-01-05T08:00:00Z\"}" stays
  post a '{"kind":"allergy","display":"Pénicilline","criticality":"high"}' entries
  post m1 '{"kind":"medication","display":"Apixaban 5 mg","dosage":"1 cp matin et soir"}' entries
  post m2 '{"kind":"medication","display":"Metformine 1000 mg","dosage":"1 cp matin et soir"}' entries
  post pb '{"kind":"problem","display":"Fibrillation atriale"}' entries
  for n in 1 2 3 4; do post "n$n" '{"kind":"note","display":"Note","text":"Transmissions : nuit calme, douleur 2/10."}' entries; done
done

echo
echo "records-service on $(nproc) cores; packs made by POST /api/records/units/<id>/pack (stored, then returned)."
times=()
for run in $(seq 1 7); do
  t=$(curl -s -o /dev/null -w '%{time_total}' -X POST -H "$auth" -H "Idempotency-Key: bench-pack-$run-$unit" "$base/api/records/units/$unit/pack")
  times+=("$t")
done
sorted=$(printf '%s\n' "${times[@]:2}" | sort -n)
echo "40-bed unit pack (runs 3–7, after 2 warm-up runs): min $(echo "$sorted" | head -1) s, median $(echo "$sorted" | sed -n 3p) s, max $(echo "$sorted" | tail -1) s"

echo "Every unit of the demo group, as the scheduled run logs it (waiting for the next run)…"
before=$(grep -c 'Downtime packs:' .relais/run/logs/records-a.log || true)
for _ in $(seq 1 130); do
  [[ $(grep -c 'Downtime packs:' .relais/run/logs/records-a.log || true) -gt $before ]] && break
  sleep 1
done
grep 'Downtime packs:' .relais/run/logs/records-a.log | tail -1 | sed 's/.*Downtime packs:/all units:/'

patient=$(curl -s -H "$auth" "$base/api/records/patients?name=banc&size=1" | grep -oE '"id":"[0-9a-f-]{36}"' | head -1 | cut -d'"' -f4)
echo
table_header
wrk_row "patient summary, nothing else running" "$base/api/records/patients/$patient/summary" "$pid" -H "$auth"
( while true; do curl -s -o /dev/null -X POST -H "$auth" -H "Idempotency-Key: bench-bg-$RANDOM$RANDOM" "$base/api/records/units/$unit/pack"; done ) &
packer=$!
wrk_row "patient summary, 40-bed packs made back to back" "$base/api/records/patients/$patient/summary" "$pid" -H "$auth"
kill $packer 2>/dev/null || true
