#!/usr/bin/env bash
# directory-service benchmark: staff search and on-call lookup at fixed concurrency with wrk
# (load generator on the same machine), the printable phone book of the largest site, and the
# service's RSS under load. Prints a Markdown table for docs/benchmarks.md.
#
#   benchmarks/directory.sh [duration-seconds] [connections…]   (default: 20 s at 2 then 8 connections)
#   RELAIS_DEMO_STAFF=50000 (default) people are generated and imported through the CSV import.
set -euo pipefail
trap 'echo "benchmarks/directory.sh failed at line $LINENO; the stack log is in .relais/run/logs" >&2' ERR
cd "$(dirname "$0")/.."
duration=${1:-20}
shift || true
levels=${*:-2 8}
connections=${levels%% *}
staff=${RELAIS_DEMO_STAFF:-50000}

warmup=${WARMUP:-40}
source benchmarks/lib.sh
need_wrk
echo "Starting the local stack with $staff demo staff (./relais up; generating and importing takes a few minutes)…"
RELAIS_DEMO_STAFF=$staff RELAIS_DEMO_PATIENTS=${RELAIS_DEMO_PATIENTS:-20} start_stack

base=http://localhost:8082
token=$(./relais token switchboard bench.switchboard)
auth="Authorization: Bearer $token"
pid=$(pgrep -f 'directory-service/target/quarkus-app/quarkus-run.jar' | head -1)
site=$(curl -s -H "$auth" "$base/api/directory/sites?size=100" | grep -oE '"id":"[0-9a-f-]{36}","code":"tilleuls"' | cut -d'"' -f4)
department=$(curl -s -H "$auth" "$base/api/directory/departments?site=$site&size=100" \
  | grep -oE '"id":"[0-9a-f-]{36}","siteId":"[0-9a-f-]{36}","siteCode":"[a-z-]+","code":"urg"' | cut -d'"' -f4)
site_staff=$(curl -s -H "$auth" "$base/api/directory/sites/$site/phone-book?format=csv" | tail -n +2 | wc -l)  # one line per person

search_lua=$(mktemp --suffix=.lua)
cat >"$search_lua" <<'LUA'
-- What switchboard operators type: no accents, hyphens, typos, common and rare names.
local queries = {"bussiere", "dupond", "jean-francois", "lefevre", "n diaye", "celik", "martin", "gaillard", "muller", "schmit"}
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("GET", "/api/directory/people?q=" .. queries[i]:gsub(" ", "%%20"))
end
LUA

echo
echo "directory-service on $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; wrk -t2 -d${duration}s after ${warmup}s warm-up at each of c = $levels, on the same machine; $staff people."
echo "JVM options: ${RELAIS_JAVA_OPTS:-launcher default}"
grep -E 'People import|Rota import' .relais/run/logs/directory-a.log | tail -2 | sed -e 's/^.*\] //' -e 's/^/  /'
echo
table_header
for connections in $levels; do
  wrk_row "staff search (10 queries, typos and accents), c=$connections" "$base" "$pid" -H "$auth" -s "$search_lua"
  wrk_row "on call now, one department, c=$connections" "$base/api/directory/on-call?department=$department" "$pid" -H "$auth"
  wrk_row "on call now, whole site, c=$connections" "$base/api/directory/on-call?site=$site" "$pid" -H "$auth"
done
echo
for format in pdf csv; do
  for attempt in 1 2 3; do # the first is cold
    t=$(curl -s -o /tmp/phone-book.$format -w '%{time_total}' -H "$auth" "$base/api/directory/sites/$site/phone-book?format=$format")
  done
  echo "Phone book of a site with $site_staff people, $format: ${t} s (third run), $(stat -c %s /tmp/phone-book.$format) bytes"
done
