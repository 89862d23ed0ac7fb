#!/usr/bin/env bash
# benchmarks/proxies.sh with a bare Netty proxy (benchmarks/bare-proxy/BareProxy.java) in the
# gateway's place: the same JVM and options, the same Netty, none of the gateway's features. A
# yardstick: how much of the gateway's distance to HAProxy is the JVM's, and how much is the
# gateway's own work. Its rows read "Relais gateway" in the table; they are the bare proxy's.
#
#   benchmarks/bare-proxy.sh [rounds] [duration-seconds] [connections…]   (proxies.sh's arguments)
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/gateway-jvm.sh
lib=gateway/target/quarkus-app/lib/main
out=gateway/target/bare-proxy
echo "Building the bare Netty proxy against the gateway's own Netty ($lib)…"
rm -rf "$out" && mkdir -p "$out/classes"
netty=("$lib"/io.netty.netty-{buffer,codec,codec-http,common,handler,resolver,transport,transport-classes-epoll,transport-native-unix-common}-[0-9]*.jar
       "$lib"/io.netty.netty-transport-native-epoll-*-linux-"$(uname -m | sed 's/aarch64/aarch_64/')".jar)
javac=$(dirname "${gateway_java[0]}")/javac
[[ -x $javac ]] || javac=javac
"$javac" -d "$out/classes" -cp "$(IFS=:; echo "${netty[*]}")" benchmarks/bare-proxy/BareProxy.java
{ echo "Main-Class: BareProxy"; echo -n "Class-Path:"; for jar in "${netty[@]}"; do echo " ../quarkus-app/lib/main/$(basename "$jar")"; done; } \
  | awk 'NR<=2 {print; next} {print " " $0}' >"$out/manifest.txt"
jar=$(dirname "$javac")/jar
[[ -x $jar ]] || jar=jar
"$jar" cfm "$out/bare-proxy.jar" "$out/manifest.txt" -C "$out/classes" .
echo "In the table below, the \"Relais gateway\" columns are the bare Netty proxy's."
GATEWAY_JAR="$out/bare-proxy.jar" exec benchmarks/proxies.sh "$@"
