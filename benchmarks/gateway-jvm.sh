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
