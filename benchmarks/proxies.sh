#!/usr/bin/env bash
# The gateway side by side with HAProxy and nginx, each configured as a failover proxy the way the
# gateway is: a primary and a backup upstream, health checks every second (HAProxy; nginx OSS only
# has passive checks), retries and redispatch to the backup, keep-alive to the upstream. Same
# upstream (an nginx returning a small JSON), same wrk, rounds alternating between the paths so
# that machine noise hits every proxy alike. Prints a Markdown table with ranges and ratios.
#
#   benchmarks/proxies.sh [rounds] [duration-seconds] [connections…]
#   e.g. benchmarks/proxies.sh 3 10 64 4
#   GATEWAY_JFR=/tmp/gw.jfr benchmarks/proxies.sh 1 20 64   # and a JFR profile of the gateway
#   (then benchmarks/jfr-top.sh /tmp/gw.jfr: where its CPU time goes)
#   GATEWAY_JAVA="java -Xmx128m -XX:+UseSerialGC" benchmarks/proxies.sh   # another JVM than the launcher's (./relais jvm)
#   GATEWAY_JAR=/elsewhere/gateway/target/quarkus-app/quarkus-run.jar benchmarks/proxies.sh   # another build (before/after)
#   WARMUP=5 benchmarks/proxies.sh   # seconds of load on each path before its rounds (30 unless set)
#   BUSY_BESIDE=0.5 benchmarks/proxies.sh 2 10 4   # a process busy half of one core beside every measured round:
#                                                  # what CPU used by someone else on the box does to each proxy's tail
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
duration=${2:-10}
shift $(( $# >= 2 ? 2 : $# ))
levels=("$@")
(( ${#levels[@]} )) || levels=(64 4)
# Steady state, as a proxy runs for weeks: after 5 s the gateway's JIT still compiled in the
# measured rounds (C2 at 11 % of a core) and its p99 at 4 connections read 2–3 ms instead of 1.1.
warmup=${WARMUP:-30}
busy_beside=${BUSY_BESIDE:-0}
upstream_a=18281
upstream_b=18282
haproxy_port=18283
nginx_port=18284
gateway_port=18285

for tool in wrk nginx haproxy; do
  if ! command -v $tool >/dev/null; then
    echo "Installing $tool (Debian package)…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $tool >/dev/null
  fi
done
source benchmarks/gateway-jvm.sh

work=$(mktemp -d)
cat >"$work/upstream.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/upstream.pid;
error_log $work/upstream-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$upstream_a;
    listen 127.0.0.1:$upstream_b;
    location / { default_type application/json; return 200 '{"id":"00000000-0000-0000-0000-000000000000","ok":true}'; }
  }
}
NGINX
cat >"$work/haproxy.cfg" <<HAPROXY
global
  maxconn 8000
  nbthread 1
  log stdout format raw local0
defaults
  mode http
  log global
  option httplog
  timeout connect 2s
  timeout client 60s
  timeout server 10s
  retries 2
  option redispatch
  option http-keep-alive
  http-reuse always
frontend relais
  bind 127.0.0.1:$haproxy_port
  default_backend records
backend records
  option httpchk GET /q/health/ready
  server site-a 127.0.0.1:$upstream_a check inter 1s fastinter 250ms fall 2 rise 1
  server site-b 127.0.0.1:$upstream_b check inter 1s fastinter 250ms fall 2 rise 1 backup
HAPROXY
cat >"$work/nginx-proxy.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/proxy.pid;
error_log $work/proxy-error.log warn;
events { worker_connections 4096; }
http {
  access_log $work/proxy-access.log;
  keepalive_requests 1000000;
  upstream records {
    server 127.0.0.1:$upstream_a max_fails=2 fail_timeout=1s;
    server 127.0.0.1:$upstream_b backup;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://records;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 2s;
      proxy_read_timeout 10s;
    }
  }
}
NGINX

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
nginx -c "$work/upstream.conf" & pids+=($!)
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 & pids+=($!)
nginx -c "$work/nginx-proxy.conf" & pids+=($!)
# The gateway as ./relais up runs it: breakers, health checks, retry budget, metrics, attempt spans
# and access log on (HAProxy and nginx log every request too; the upstream does not).
route_everything_to "http://127.0.0.1:$upstream_a" "http://127.0.0.1:$upstream_b"
env GATEWAY_SITE=a GATEWAY_SITES=a,b GATEWAY_LISTEN_PORT=$gateway_port QUARKUS_MANAGEMENT_PORT=$((gateway_port + 100)) \
  "${gateway_env[@]}" \
  "${gateway_java[@]}" \
  ${GATEWAY_JFR:+-XX:StartFlightRecording=filename=$GATEWAY_JFR,settings=profile,dumponexit=true} \
  -jar "${GATEWAY_JAR:-gateway/target/quarkus-app/quarkus-run.jar}" \
  >"$work/gateway.log" 2>&1 & pids+=($!)
echo "Waiting for the proxies…"
for port in $haproxy_port $nginx_port $gateway_port; do
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/api/records/ping" && break
    sleep 0.2
  done
  curl -sf -o /dev/null "http://127.0.0.1:$port/api/records/ping" \
    || { echo "The proxy on port $port does not answer: see $work" >&2; trap - EXIT; exit 1; }
done

declare -A paths=([direct]=$upstream_a [haproxy]=$haproxy_port [nginx]=$nginx_port [gateway]=$gateway_port)
# Whose CPU each path's rounds are charged to: the proxy's process and its children (nginx's worker);
# the upstream's for the direct path.
declare -A owner=([direct]=${pids[0]} [haproxy]=${pids[1]} [nginx]=${pids[2]} [gateway]=${pids[3]})
order=(direct haproxy nginx gateway)
declare -A rps p99 cpu
# User and system clock ticks of a process and its children so far.
ticks() { local p; for p in $1 $(pgrep -P "$1"); do awk '{print $14 + $15}' "/proc/$p/stat"; done | awk '{t+=$1} END {print t}'; }
for c in "${levels[@]}"; do
  for path in "${order[@]}"; do   # warm-up: the gateway's JIT, every proxy's connections
    wrk -t2 -c"$c" -d"${warmup}s" "http://127.0.0.1:${paths[$path]}/api/records/ping" >/dev/null
  done
  for round in $(seq 1 "$rounds"); do
    echo "  c=$c round $round/$rounds…" >&2
    for path in "${order[@]}"; do
      busy=
      if [[ $busy_beside != 0 ]]; then   # busy for busy_beside of each millisecond, asleep the rest
        perl -MTime::HiRes=time,sleep -e 'my $d = shift; while (1) { my $t = time + $d / 1000; while (time < $t) {} sleep((1 - $d) / 1000) }' "$busy_beside" &
        busy=$!
      fi
      before=$(ticks "${owner[$path]}")
      out=$(wrk -t2 -c"$c" -d"${duration}s" --latency "http://127.0.0.1:${paths[$path]}/api/records/ping")
      spent=$(( $(ticks "${owner[$path]}") - before ))
      rps[$c,$path]+="$(awk '/Requests\/sec/{printf "%.0f", $2}' <<<"$out") "
      cpu[$c,$path]+="$(awk -v t="$spent" -v hz="$(getconf CLK_TCK)" '/requests in/{printf "%.1f", t / hz * 1e6 / $1}' <<<"$out") "
      [[ -z $busy ]] || { kill $busy; wait $busy 2>/dev/null || true; }
      p99[$c,$path]+="$(awk '$1=="99%"{v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}' <<<"$out") "
    done
  done
done

range() { tr ' ' '\n' <<<"$1" | grep . | sort -g | sed -n '1p;$p' | paste -sd' ' | awk '{ if ($1==$2) print $1; else print $1 "–" $2 }'; }
ratio() { # min and max of a/b over the rounds (round i against round i)
  paste <(tr ' ' '\n' <<<"$1" | grep .) <(tr ' ' '\n' <<<"$2" | grep .) | awk '{ r=$1/$2; if (NR==1||r<lo) lo=r; if (NR==1||r>hi) hi=r } END { if (sprintf("%.2f",lo)==sprintf("%.2f",hi)) printf "%.2f", lo; else printf "%.2f–%.2f", lo, hi }'
}
echo
echo "$(nproc) cores; wrk -t2 -d${duration}s after ${warmup} s of warm-up on each path, $rounds rounds alternating direct → HAProxy $(haproxy -v | awk 'NR==1{print $3}') → nginx $(nginx -v 2>&1 | awk -F/ '{print $2}') → gateway; upstream: nginx (1 worker) returning 56 bytes of JSON.$([[ $busy_beside != 0 ]] && echo " A process busy $busy_beside of each millisecond on the box during every measured round.")"
echo
echo '| connections | direct req/s | HAProxy | nginx proxy | Relais gateway | gateway / HAProxy | p99 HAProxy | p99 nginx | p99 gateway | p99 gateway / HAProxy |'
echo '|---|---|---|---|---|---|---|---|---|---|'
for c in "${levels[@]}"; do
  printf '| %s | %s | %s | %s | %s | %s | %s ms | %s ms | %s ms | %s |\n' "$c" \
    "$(range "${rps[$c,direct]}")" "$(range "${rps[$c,haproxy]}")" "$(range "${rps[$c,nginx]}")" "$(range "${rps[$c,gateway]}")" \
    "$(ratio "${rps[$c,gateway]}" "${rps[$c,haproxy]}")" \
    "$(range "${p99[$c,haproxy]}")" "$(range "${p99[$c,nginx]}")" "$(range "${p99[$c,gateway]}")" \
    "$(ratio "${p99[$c,gateway]}" "${p99[$c,haproxy]}")"
done
echo
echo "CPU per request, user and system (µs), from /proc over each measured round: the proxy's process and"
echo "its children; on the direct path, the upstream's. Less noisy than the tail, it tells what each proxy costs."
echo
echo '| connections | direct (upstream) | HAProxy | nginx proxy | Relais gateway | gateway / HAProxy |'
echo '|---|---|---|---|---|---|'
for c in "${levels[@]}"; do
  printf '| %s | %s | %s | %s | %s | %s |\n' "$c" "$(range "${cpu[$c,direct]}")" "$(range "${cpu[$c,haproxy]}")" \
    "$(range "${cpu[$c,nginx]}")" "$(range "${cpu[$c,gateway]}")" "$(ratio "${cpu[$c,gateway]}" "${cpu[$c,haproxy]}")"
done
