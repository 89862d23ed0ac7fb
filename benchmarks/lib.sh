# Shared by the benchmark scripts: tools, the local stack, and one wrk measurement per table row.
# Source it after setting: duration, connections, warmup (seconds).

# Installs wrk from Debian when missing.
need_wrk() {
  if ! command -v wrk >/dev/null; then
    echo "Installing wrk (Debian package)…"
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  fi
}

# await_up LOG PID: waits until the ./relais up writing LOG says "Relais is up" and has finished
# the AOT training a first start after a build runs beside the stack (so that neither the figures
# nor the next start miss it); fails with the log when the command exits first.
await_up() {
  local log=$1 pid=$2
  for _ in $(seq 1 1800); do
    if grep -q "Relais is up" "$log"; then
      grep -q "beside the stack" "$log" || return 0
      grep -qE "AOT caches of .* trained in|AOT training stopped" "$log" && return 0
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "The stack did not start: see above and .relais/run/logs." >&2; return 1; }
    sleep 1
  done
  cat "$log"; echo "The stack did not start in 30 min: see .relais/run/logs." >&2; return 1
}

# start_stack: ./relais up in the background (environment passed through), await_up, and stops it
# when the script exits. The demo data is seeded through the API every time, never restored from
# .relais/demo: the figures include the imports and start from freshly written tables.
start_stack() {
  stack_log=$(mktemp)
  RELAIS_DEMO_SNAPSHOT=off ./relais up >"$stack_log" 2>&1 &
  stack=$!
  trap 'kill -TERM $stack 2>/dev/null; wait $stack 2>/dev/null || true' EXIT
  await_up "$stack_log" "$stack" || exit 1
}

# wrk_row NAME URL PID [wrk args…]: warm-up, then one measured run; prints a Markdown table row
# | name | req/s | p50 | p99 | non-2xx | peak RSS of PID |
wrk_row() {
  local name=$1 url=$2 pid=$3 peak=0 out rss
  shift 3
  # Steady state is what matters for a service that runs for weeks: let the JIT finish first.
  wrk -t2 -c"$connections" -d"${warmup}s" "$@" "$url" >/dev/null
  out=$(mktemp)
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$@" "$url" >"$out" &
  local w=$!
  while kill -0 $w 2>/dev/null; do
    rss=$(awk '/VmRSS/{print $2}' /proc/"$pid"/status)
    (( rss > peak )) && peak=$rss
    sleep 0.5
  done
  wait $w
  printf '| %s | %s | %s | %s | %s | %s MB |\n' "$name" "$(awk '/Requests\/sec/{print $2}' "$out")" \
    "$(awk '$1=="50%"{print $2}' "$out")" "$(awk '$1=="99%"{print $2}' "$out")" \
    "$(grep -oE 'Non-2xx or 3xx responses: [0-9]+' "$out" | grep -oE '[0-9]+$' || echo 0)" "$((peak / 1024))"
}

table_header() {
  echo '| scenario | req/s | p50 | p99 | non-2xx | peak RSS |'
  echo '|---|---|---|---|---|---|'
}
