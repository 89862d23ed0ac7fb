#!/usr/bin/env bash
# Gateway overhead: wrk against a trivial upstream (nginx returning a small JSON) directly and
# through the gateway, in one run, plus the gateway's RSS under load. Prints a Markdown table.
#
#   benchmarks/gateway.sh [duration-seconds] [connections]
#   GATEWAY_JAVA="java -Xmx128m -XX:+UseSerialGC" benchmarks/gateway.sh   # another JVM than the launcher's (./relais jvm)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20}
connections=${2:-64}
upstream_port=18181
gateway_port=18080

for tool in wrk nginx; do
  if ! command -v $tool >/dev/null; then
    echo "Installing $tool (Debian package)…"
    apt-get update -qq && apt-get install -y -qq $tool >/dev/null
  fi
done
source benchmarks/gateway-jvm.sh

work=$(mktemp -d)
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$upstream_port;
    client_max_body_size 0;
    location / { default_type application/json; return 200 '{"id":"00000000-0000-0000-0000-000000000000","ok":true}'; }
  }
}
NGINX
nginx -c "$work/nginx.conf" &
nginx_pid=$!
route_everything_to "http://127.0.0.1:$upstream_port" "http://127.0.0.1:$upstream_port"
env GATEWAY_SITE=a GATEWAY_SITES=a,b GATEWAY_LISTEN_PORT=$gateway_port QUARKUS_MANAGEMENT_PORT=$((gateway_port + 100)) \
  "${gateway_env[@]}" \
  "${gateway_java[@]}" -jar gateway/target/quarkus-app/quarkus-run.jar >"$work/gateway.log" 2>&1 &
gateway_pid=$!
trap 'kill $gateway_pid $nginx_pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$((gateway_port + 100))/q/health/live" >/dev/null; do sleep 0.2; done

run() { # name url pid-to-watch
  local name=$1 url=$2 pid=$3 peak=0 out
  out=$(mktemp)
  wrk -t2 -c"$connections" -d10s "$url" >/dev/null   # warm-up
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$url" >"$out" &
  local w=$!
  while kill -0 $w 2>/dev/null; do
    if [[ -n "$pid" ]]; then rss=$(awk '/VmRSS/{print $2}' /proc/"$pid"/status); (( rss > peak )) && peak=$rss; fi
    sleep 0.5
  done
  wait $w
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$(awk '/Requests\/sec/{print $2}' "$out")" \
    "$(awk '$1=="50%"{print $2}' "$out")" "$(awk '$1=="99%"{print $2}' "$out")" \
    "$([[ -n "$pid" ]] && echo "$((peak / 1024)) MB" || echo "-")"
}

echo
echo "$(nproc) cores; wrk -t2 -c$connections -d${duration}s (after 10 s warm-up) on the same machine; nginx upstream (1 worker)."
echo
echo '| path | req/s | p50 | p99 | gateway peak RSS |'
echo '|---|---|---|---|---|'
run "direct to upstream" "http://127.0.0.1:$upstream_port/api/records/ping" ""
run "through the gateway" "http://127.0.0.1:$gateway_port/api/records/ping" "$gateway_pid"

# A 30 MB upload (an HR import; the gateway accepts up to 32 MiB): streamed, being over the 256 KiB
# replay buffer, so RSS must not grow by 30 MB.
head -c 31457280 /dev/zero >"$work/upload.bin"
before=$(awk '/VmRSS/{print $2}' /proc/$gateway_pid/status)
curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/octet-stream' --data-binary @"$work/upload.bin" \
  "http://127.0.0.1:$gateway_port/api/records/upload" >"$work/upload.status" &
curl_pid=$!
peak=$before
while kill -0 $curl_pid 2>/dev/null; do
  rss=$(awk '/VmRSS/{print $2}' /proc/$gateway_pid/status); (( rss > peak )) && peak=$rss; sleep 0.1
done
echo
echo "30 MB upload through the gateway: HTTP $(cat "$work/upload.status"); gateway RSS $((before / 1024)) MB before, $((peak / 1024)) MB peak."
