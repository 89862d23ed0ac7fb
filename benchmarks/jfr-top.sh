#!/usr/bin/env bash
# Where a JVM's CPU time goes, from a JFR recording: the share of execution samples whose top frame
# is each method (self time), and the share in which each of our own methods is on the stack
# (inclusive time). Used for the gateway profile in docs/benchmarks.md.
#
#   benchmarks/jfr-top.sh recording.jfr [rows] [package-prefix]
set -euo pipefail
file=$1
rows=${2:-25}
ours=${3:-io.relais}
jfr=${JAVA_HOME:+$JAVA_HOME/bin/}jfr
"$jfr" print --events jdk.ExecutionSample --stack-depth 64 "$file" | awk -v rows="$rows" -v ours="$ours" '
  /jdk.ExecutionSample/ { if (inStack) flush(); samples++; inStack = 0; depth = 0; delete seen; next }
  /stackTrace = \[/ { inStack = 1; next }
  inStack && /^[[:space:]]*\]/ { flush(); inStack = 0; next }
  inStack {
    frame = $0; sub(/^[[:space:]]+/, "", frame); sub(/[[:space:]]+line:.*/, "", frame); sub(/\(.*$/, "", frame)
    if (frame == "...") next
    if (depth == 0) self[frame]++
    depth++
    if (index(frame, ours) == 1 && !(frame in seen)) { seen[frame] = 1; incl[frame]++ }
  }
  function flush() { }
  END {
    printf "%d samples\n\nself (top frame)\n", samples
    n = 0; for (f in self) order[++n] = f
    sortdesc(order, n, self); for (i = 1; i <= n && i <= rows; i++) printf "  %5.1f%%  %s\n", 100 * self[order[i]] / samples, order[i]
    printf "\ninclusive (%s.* on the stack)\n", ours
    delete order; n = 0; for (f in incl) order[++n] = f
    sortdesc(order, n, incl); for (i = 1; i <= n && i <= rows; i++) printf "  %5.1f%%  %s\n", 100 * incl[order[i]] / samples, order[i]
  }
  function sortdesc(a, n, v,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && v[a[j]] < v[t]; j--) a[j + 1] = a[j]; a[j + 1] = t } }
'
