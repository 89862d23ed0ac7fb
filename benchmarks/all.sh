#!/usr/bin/env bash
# Every figure in docs/benchmarks.md in one run, on the code as it is: each benchmark script in turn
# (never two at once: they share the 2 cores), then the two-site drills of `mvn verify`. Each step's
# output goes to its own file under the results directory, and its first and last lines to the
# terminal as it finishes, with the time each took. About 50 minutes on the reference machine.
#
#   benchmarks/all.sh [results-directory]    (default: .relais/benchmarks/<date-time>)
#   STEPS="stack proxies" benchmarks/all.sh  # only some steps, by name
set -euo pipefail
cd "$(dirname "$0")/.."
results=${1:-.relais/benchmarks/$(date -u +%Y%m%d-%H%M)}
mkdir -p "$results"
source benchmarks/lib.sh
if pgrep -f "launcher.Relai[s] up" >/dev/null || pgrep -f "quarkus-ru[n]" >/dev/null; then
  echo "A Relais stack or service is already running: stop it first (Ctrl-C in its terminal, or"
  echo "  pkill -f 'launcher.Relais up'), or its CPU and ports will spoil the figures." >&2
  exit 1
fi

# The stack's own start: three times seeding the demo data through the API (what the first start
# after a build, or a week after the last seeding, does), then three times restoring the copy the
# last of them kept in .relais/demo. The launcher prints each phase and "Relais is up in" (the
# first start after a build runs without AOT caches and trains them beside the stack once it is up,
# and says how long that took).
stack() {
  for run in seeded-1 seeded-2 seeded-3 restored-1 restored-2 restored-3; do
    echo "--- start $run"
    [[ $run == seeded-* ]] && rm -rf .relais/demo
    log=$(mktemp)
    ./relais up >"$log" 2>&1 &
    local pid=$!
    await_up "$log" $pid || return 1
    grep -E "trained in|ready in|[Dd]emo|on-call|Relais is up" "$log"
    kill -TERM $pid; wait $pid 2>/dev/null || true
    rm -f "$log"
  done
}

# The drills print their reports (failover times, RPO) at the end of their tests; their tables come
# from here. Maven's whole output is kept beside them.
drills() {
  local rc=0
  ./mvnw -B -ntp verify -pl relais-launcher >"$results/drills-maven.log" 2>&1 || rc=$?
  awk '/^=====/ { on = 1 } /^\[(INFO|WARNING|ERROR)\]/ { on = 0 } on || /^Patroni drill|^Drill/' "$results/drills-maven.log"
  grep -E "Tests run:.*in io|BUILD" "$results/drills-maven.log"
  return $rc
}

declare -A commands=(
  [stack]="stack"
  [startup]="benchmarks/startup.sh 3"
  [records]="benchmarks/records.sh 20 16"
  [directory]="benchmarks/directory.sh 20 2"
  [status]="benchmarks/status.sh 20 8 16"
  [packs]="benchmarks/packs.sh"
  [gateway64]="benchmarks/gateway.sh 20 64"
  [gateway4]="benchmarks/gateway.sh 15 4"
  [proxies]="benchmarks/proxies.sh 2 10 64 4"
  [failover]="benchmarks/failover.sh 10 3 3"
  [drills]="drills"
)
order=(stack startup records directory status packs gateway64 gateway4 proxies failover drills)
steps=(${STEPS:-${order[@]}})
echo "Results in $results; $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; steps: ${steps[*]}"
echo "Code: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)'); services on: $(./relais jvm 2>/dev/null)"
failed=()
for step in "${steps[@]}"; do
  command=${commands[$step]:-}
  [[ -n $command ]] || { echo "No step named $step: the steps are ${order[*]}" >&2; exit 2; }
  started=$(date +%s)
  echo
  echo "=== $step: $command ($(date -u +%H:%M:%S) UTC)"
  if $command >"$results/$step.txt" 2>&1; then
    grep -E '^\|' "$results/$step.txt" | head -30 || tail -5 "$results/$step.txt"
  else
    failed+=("$step")
    tail -20 "$results/$step.txt"
    echo "!!! $step failed: its whole output is in $results/$step.txt"
  fi
  echo "=== $step took $(( $(date +%s) - started )) s"
done
echo
if (( ${#failed[@]} )); then
  echo "Failed: ${failed[*]} (outputs in $results); the other figures are in $results." >&2
  exit 1
fi
echo "Every step done; the outputs are in $results (one file per step)."
