# Sourced by the gateway benchmarks: builds the gateway and the launcher when missing, then sets
# gateway_java to the java and options the launcher runs services with (./relais jvm: JDK 25 with
# compact object headers when one is installed), or to $GATEWAY_JAVA when set
# (e.g. GATEWAY_JAVA="java -Xmx128m -XX:+UseSerialGC": another JVM or other options).
if [[ ! -f gateway/target/quarkus-app/quarkus-run.jar || ! -f relais-launcher/target/lib/.complete ]]; then
  echo "Building the gateway and the launcher…"
  ./mvnw -B -q -ntp -DskipTests install -pl gateway,relais-launcher -am
  touch relais-launcher/target/lib/.complete
fi
read -r -a gateway_java <<<"${GATEWAY_JAVA:-$(./relais jvm 2>/dev/null)}"
echo "Gateway JVM: ${gateway_java[*]}"

# route_everything_to SITE_A_URL SITE_B_URL: sets the array gateway_env to the gateway's settings
# for a benchmark, every route (records, directory, status) at those two upstreams, which also
# answer its health checks. Every upstream it checks is then up and checked once a second, as in a
# stack that runs; routes left at their defaults would be down (or the local stack's, if it runs)
# and checked every 250 ms (gateway.health.down-interval).
route_everything_to() {
  gateway_env=()
  local route
  for route in RECORDS DIRECTORY STATUS; do
    gateway_env+=("GATEWAY_ROUTES_${route}_UPSTREAMS_A=$1" "GATEWAY_ROUTES_${route}_UPSTREAMS_B=$2"
                  "GATEWAY_ROUTES_${route}_MANAGEMENT_A=$1" "GATEWAY_ROUTES_${route}_MANAGEMENT_B=$2")
  done
}
