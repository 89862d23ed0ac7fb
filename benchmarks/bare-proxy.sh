#!/usr/bin/env bash
# benchmarks/proxies.sh with a bare proxy in the gateway's place: the same JVM and options, the
# gateway's own Netty (and Vert.x), none of its features. A yardstick: how much of the gateway's
# distance to HAProxy is the JVM's, how much the layers it is built on, how much its own work.
# Its rows read "Relais gateway" in the table; they are the bare proxy's.
#
#   benchmarks/bare-proxy.sh [rounds] [duration-seconds] [connections…]   (proxies.sh's arguments)
#   BARE=vertx benchmarks/bare-proxy.sh …   # Vert.x's HTTP server and client instead of Netty's codec alone
#                                           # (benchmarks/bare-proxy/BareVertxProxy.java; default: BareProxy.java)
#   BARE=hybrid benchmarks/bare-proxy.sh …  # Vert.x's server in front, a Netty channel of its own to the upstream
#                                           # (BareHybridProxy.java): the gateway's client side rewritten below Vert.x
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/gateway-jvm.sh
case ${BARE:-netty} in
  netty) main=BareProxy; what="bare Netty proxy" ;;
  vertx) main=BareVertxProxy; what="bare Vert.x proxy" ;;
  hybrid) main=BareHybridProxy; what="bare hybrid proxy (Vert.x server, Netty client)" ;;
  *) echo "BARE=${BARE} is none of netty, vertx, hybrid" >&2; exit 2 ;;
esac
app=gateway/target/quarkus-app
lib=$app/lib/main
out=gateway/target/bare-proxy
echo "Building the $what against the gateway's own libraries ($lib)…"
rm -rf "$out" && mkdir -p "$out/classes"
jars=("$lib"/io.netty.netty-{buffer,codec,codec-dns,codec-http,codec-http2,codec-socks,common,handler,handler-proxy,resolver,resolver-dns,transport,transport-classes-epoll,transport-native-unix-common}-[0-9]*.jar
       "$lib"/io.netty.netty-transport-native-epoll-*-linux-"$(uname -m | sed 's/aarch64/aarch_64/')".jar
       "$lib"/io.vertx.vertx-core-[0-9]*.jar "$lib"/com.fasterxml.jackson.core.jackson-core-[0-9]*.jar
       "$app"/lib/boot/org.jboss.logging.jboss-logging-[0-9]*.jar)
javac=$(dirname "${gateway_java[0]}")/javac
[[ -x $javac ]] || javac=javac
"$javac" -d "$out/classes" -cp "$(IFS=:; echo "${jars[*]}")" benchmarks/bare-proxy/*.java
{ echo "Main-Class: $main"; echo -n "Class-Path:"; for jar in "${jars[@]}"; do echo " ../quarkus-app/${jar#"$app"/}"; done; } \
  | awk 'NR<=2 {print; next} {print " " $0}' >"$out/manifest.txt"
jar=$(dirname "$javac")/jar
[[ -x $jar ]] || jar=jar
"$jar" cfm "$out/bare-proxy.jar" "$out/manifest.txt" -C "$out/classes" .
echo "In the table below, the \"Relais gateway\" columns are the $what's."
GATEWAY_JAR="$out/bare-proxy.jar" GATEWAY_JAVA="${gateway_java[*]}" exec benchmarks/proxies.sh "$@"
