package io.relais.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.relais.k8s.PolicyTest.data;
import static io.relais.k8s.PolicyTest.matches;
import static io.relais.k8s.PolicyTest.stream;
import static io.relais.k8s.PolicyTest.texts;
import static io.relais.k8s.Rendered.key;
import static io.relais.k8s.Rendered.named;
import static io.relais.k8s.Rendered.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the manifests mean once applied, not only their shape: each check names the promise an
 * operator relies on at 3 a.m. and lists every violation it finds.
 */
class TopologySemanticsTest {

    static final List<String> ALL = Rendered.ALL;
    static final List<String> TWO_CLUSTER = Rendered.TWO_CLUSTER;
    private static final List<String> SERVICES = Rendered.SERVICES;
    private static final String BARMAN = "barman-cloud.cloudnative-pg.io";
    private static final Pattern JDBC_HOSTS = Pattern.compile("jdbc:postgresql://([^/]+)/");

    /** Every (client, host) pair that verifies the server's certificate name, with the overlay it comes from. */
    private record Verified(String overlay, String client, String host) {
    }

    @Test
    void everyHostVerifiedWithVerifyFullIsNamedInItsServersCertificate() {
        List<String> problems = new ArrayList<>();
        for (String overlay : ALL) {
            for (Verified verified : verifiedHosts(overlay)) {
                String clusterName = clusterOf(verified.host());
                List<String> topology = overlay.equals("stretched") ? List.of("stretched") : Rendered.OVERLAYS;
                ObjectNode cluster = topology.stream().flatMap(o -> ofKind(Rendered.overlay(o), "Cluster").stream())
                        .filter(c -> clusterName.equals(c.path("metadata").path("name").asText())).findFirst().orElse(null);
                if (cluster == null) {
                    problems.add(verified + ": no Cluster " + clusterName + " serves it");
                } else if (!certificateNames(cluster).contains(verified.host())) {
                    problems.add(verified + ": not in " + clusterName + "'s server certificate " + certificateNames(cluster)
                            + " (add it to spec.certificates.serverAltDNSNames)");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void bothSitesAgreeOnTheDesignatedPrimaryWhicheverItIs() {
        List<String> problems = new ArrayList<>();
        for (String designated : List.of("a", "b")) {
            for (String overlay : TWO_CLUSTER) {
                for (ObjectNode cluster : ofKind(Rendered.overlay(overlay, designated), "Cluster")) {
                    String service = service(cluster);
                    String primary = cluster.path("spec").path("replica").path("primary").asText();
                    if (!primary.equals(service + "-db-" + designated)) {
                        problems.add("designated " + designated + ", " + overlay + ": " + key(cluster) + " says the primary is "
                                + primary);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aReturningSiteNeverStartsAsASecondPrimary() {
        List<String> problems = new ArrayList<>();
        for (String designated : List.of("a", "b")) {
            for (String overlay : TWO_CLUSTER) {
                for (ObjectNode cluster : ofKind(Rendered.overlay(overlay, designated), "Cluster")) {
                    JsonNode spec = cluster.path("spec");
                    String self = spec.path("replica").path("self").asText();
                    boolean primary = self.equals(spec.path("replica").path("primary").asText());
                    JsonNode bootstrap = spec.path("bootstrap");
                    String where = "designated " + designated + ", " + overlay + ": " + key(cluster);
                    if (!bootstrap.path("initdb").isMissingNode()) {
                        // An empty primary is only ever the very first one. As a replica, CloudNativePG's
                        // webhook refuses to create it: "replica mode bootstrap is compatible only with
                        // pg_basebackup or recovery".
                        if (!overlay.startsWith("first-deployment/")) {
                            problems.add(where + " can be created empty (initdb) outside the first deployment");
                        } else if (primary && !designated.equals(Rendered.site(overlay))) {
                            problems.add(where + " would be created empty as a primary beside the designated one");
                        }
                        continue;
                    }
                    // The rebuild variant: a lost site's cluster comes back as a clone of the other site.
                    String source = bootstrap.path("pg_basebackup").path("source").asText();
                    if (source.isEmpty() || source.equals(self)) {
                        problems.add(where + " does not bootstrap with pg_basebackup from the other site (" + bootstrap + ")");
                    }
                    if (!primary && !spec.path("replica").path("source").asText().equals(source)) {
                        problems.add(where + " clones one site and streams from another");
                    }
                    if (primary != self.endsWith("-db-" + designated)) {
                        problems.add(where + (primary ? " is primary although site " + designated + " is designated"
                                : " is a replica although its site is designated"));
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void everyDatabaseHasABackupScheduleAndWalArchiving(String overlay) {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        Set<String> stores = names(ofKind(objects, "ObjectStore"));
        List<String> problems = new ArrayList<>();
        for (ObjectNode cluster : ofKind(objects, "Cluster")) {
            String name = cluster.path("metadata").path("name").asText();
            JsonNode spec = cluster.path("spec");
            if (!spec.path("backup").path("barmanObjectStore").isMissingNode()) {
                problems.add(name + " uses the deprecated in-tree barmanObjectStore");
            }
            boolean archived = false;
            for (JsonNode plugin : spec.path("plugins")) {
                archived |= BARMAN.equals(plugin.path("name").asText()) && plugin.path("isWALArchiver").asBoolean()
                        && stores.contains(plugin.path("parameters").path("barmanObjectName").asText());
            }
            if (!archived) {
                problems.add(name + " archives no WAL to an ObjectStore of this overlay through the Barman Cloud plugin");
            }
            boolean scheduled = ofKind(objects, "ScheduledBackup").stream().map(b -> b.path("spec"))
                    .anyMatch(b -> name.equals(b.path("cluster").path("name").asText()) && "plugin".equals(b.path("method").asText())
                            && BARMAN.equals(b.path("pluginConfiguration").path("name").asText()));
            if (!scheduled) {
                problems.add(name + " has no ScheduledBackup with method: plugin (" + BARMAN + ")");
            }
            for (JsonNode external : spec.path("externalClusters")) {
                JsonNode plugin = external.path("plugin");
                String externalName = external.path("name").asText();
                if (!BARMAN.equals(plugin.path("name").asText()) || !stores.contains(plugin.path("parameters").path("barmanObjectName").asText())
                        || !externalName.equals(plugin.path("parameters").path("serverName").asText())) {
                    problems.add(name + ": externalClusters " + externalName + " has no WAL archive to recover from or catch up with");
                }
            }
            if (spec.path("externalClusters").size() > 0 && spec.path("postgresql").path("parameters").path("wal_keep_size").isMissingNode()) {
                problems.add(name + " keeps no WAL for the other site (wal_keep_size)");
            }
        }
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void everyDeploymentAndEveryDatabaseIsScraped(String overlay) {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        List<ObjectNode> monitors = ofKind(objects, "PodMonitor");
        List<String> problems = new ArrayList<>();
        for (ObjectNode deployment : ofKind(objects, "Deployment")) {
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            Set<String> managementPorts = new HashSet<>();
            for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                for (JsonNode port : container.path("ports")) {
                    if (port.path("containerPort").asInt() == 9000) {
                        managementPorts.add(port.path("name").asText());
                    }
                }
            }
            boolean scraped = monitors.stream().filter(m -> matches(m.path("spec").path("selector"), labels))
                    .flatMap(m -> stream(m.path("spec").path("podMetricsEndpoints")))
                    .anyMatch(e -> managementPorts.contains(e.path("port").asText()) && "/q/metrics".equals(e.path("path").asText()));
            if (!scraped) {
                problems.add(key(deployment) + ": no PodMonitor scrapes /q/metrics on its management port");
            }
        }
        for (ObjectNode cluster : ofKind(objects, "Cluster")) {
            // The labels CloudNativePG puts on every instance pod of the cluster.
            ObjectNode instance = Rendered.YAML.createObjectNode().put("cnpg.io/podRole", "instance")
                    .put("cnpg.io/cluster", cluster.path("metadata").path("name").asText());
            boolean scraped = monitors.stream().filter(m -> matches(m.path("spec").path("selector"), instance))
                    .flatMap(m -> stream(m.path("spec").path("podMetricsEndpoints")))
                    .anyMatch(e -> "metrics".equals(e.path("port").asText()));
            if (!scraped) {
                problems.add(key(cluster) + ": no PodMonitor scrapes CloudNativePG's exporter (port metrics) on its instances");
            }
            boolean allowed = ofKind(objects, "NetworkPolicy").stream()
                    .filter(p -> matches(p.path("spec").path("podSelector"), instance))
                    .anyMatch(p -> p.path("spec").path("ingress").toString().contains("\"port\":9187")
                            && p.path("spec").path("ingress").toString().contains("monitoring"));
            if (!allowed) {
                problems.add(key(cluster) + ": NetworkPolicies block Prometheus from CloudNativePG's exporter (9187)");
            }
        }
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void noServiceIngressOrGatewayRouteExposesTheManagementPort(String overlay) {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (ObjectNode service : ofKind(objects, "Service")) {
            String type = service.path("spec").path("type").asText("ClusterIP");
            if (!type.equals("ClusterIP")) {
                problems.add(key(service) + " is a " + type + ": reachable from outside the cluster");
            }
        }
        for (ObjectNode ingress : ofKind(objects, "Ingress")) {
            String rules = ingress.path("spec").toString();
            if (rules.contains("\"number\":9000") || rules.contains("\"name\":\"management\"") || rules.contains("\"path\":\"/q")) {
                problems.add(key(ingress) + " routes to the management port or /q");
            }
        }
        JsonNode gateway = data(objects, "gateway-config");
        gateway.fields().forEachRemaining(e -> {
            if (e.getKey().matches("GATEWAY_ROUTES_[A-Z]+_UPSTREAMS_[A-Z]+")) {
                URI upstream = URI.create(e.getValue().asText());
                if (upstream.getPort() == 9000 || upstream.getPath().startsWith("/q")) {
                    problems.add("gateway route " + e.getKey() + " leads to the management interface: " + upstream);
                }
            }
            if (e.getKey().matches("GATEWAY_ROUTES_[A-Z]+_PREFIX") && e.getValue().asText().startsWith("/q")) {
                problems.add("gateway route " + e.getKey() + " serves /q");
            }
        });
        // What crosses to the other site: the API over TLS only, never the plain port.
        for (ObjectNode export : ofKind(objects, "ServiceExport")) {
            String name = export.path("metadata").path("name").asText();
            objects.stream().filter(o -> "Service".equals(o.path("kind").asText()) && name.equals(o.path("metadata").path("name").asText()))
                    .flatMap(s -> stream(s.path("spec").path("ports")))
                    .filter(p -> p.path("port").asInt() == 8080)
                    .forEach(p -> problems.add("Service/" + name + " exports the plain API port 8080 to the other site"));
        }
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void egressAllowsTheIdentityProviderToEveryServiceThatChecksTokens(String overlay) {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (ObjectNode deployment : ofKind(objects, "Deployment")) {
            boolean checksTokens = deployment.toString().contains("\"name\":\"relais-hospital\"");
            if (!checksTokens) {
                continue;
            }
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            boolean allowed = ofKind(objects, "NetworkPolicy").stream()
                    .filter(p -> texts(p.path("spec").path("policyTypes")).contains("Egress"))
                    .filter(p -> matches(p.path("spec").path("podSelector"), labels))
                    .flatMap(p -> stream(p.path("spec").path("egress")))
                    .anyMatch(rule -> rule.path("ports").toString().contains("\"port\":443")
                            && rule.path("to").toString().contains("ipBlock"));
            if (!allowed) {
                problems.add(key(deployment) + " verifies tokens but may not reach the identity provider's JWKS (TCP 443)");
            }
        }
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS_FOR_TLS")
    void gatewayToOtherSiteTrafficIsTlsVerifiedAgainstTheSharedCa(String overlay) {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        String other = Rendered.otherSite(overlay);
        JsonNode gateway = data(objects, "gateway-config");
        List<String> problems = new ArrayList<>();
        String caFile = gateway.path("GATEWAY_UPSTREAM_CA_FILE").asText();
        ObjectNode deployment = named(objects, "Deployment", "gateway");
        if (caFile.isEmpty() || !mounts(deployment, caFile)) {
            problems.add("the gateway has no CA file to verify the other site with (GATEWAY_UPSTREAM_CA_FILE, mounted)");
        }
        List<ObjectNode> theirs = Rendered.overlay("site-" + other);
        for (String service : SERVICES) {
            URI upstream = URI.create(gateway.path("GATEWAY_ROUTES_" + service.toUpperCase() + "_UPSTREAMS_" + other.toUpperCase()).asText());
            if (!"https".equals(upstream.getScheme())) {
                problems.add(service + " at site " + other + " is reached in cleartext: " + upstream);
                continue;
            }
            // The other site's service serves https on that port, with a certificate naming that host.
            boolean served = ofKind(theirs, "Service").stream().anyMatch(s -> upstream.getHost().startsWith(s.path("metadata").path("name").asText() + ".")
                    && stream(s.path("spec").path("ports")).anyMatch(p -> p.path("port").asInt() == upstream.getPort()));
            boolean named = ofKind(theirs, "Certificate").stream()
                    .filter(c -> mounts(named(theirs, "Deployment", service), "/deployments/tls/tls.crt", c.path("spec").path("secretName").asText()))
                    .anyMatch(c -> texts(c.path("spec").path("dnsNames")).contains(upstream.getHost()));
            String keyFile = data(theirs, "relais-service-tls").path("QUARKUS_TLS_KEY_STORE_PEM_0_CERT").asText();
            if (!served || !named || !"/deployments/tls/tls.crt".equals(keyFile)) {
                problems.add(upstream + ": site " + other + " does not serve it with a certificate naming " + upstream.getHost());
            }
        }
        assertEquals(List.of(), problems, overlay);
    }

    static final List<String> OVERLAYS_FOR_TLS = Rendered.OVERLAYS;

    @Test
    void theStretchedClusterFailsOverByItselfWithTheSynchronousReplicaInTheOtherZone() {
        List<ObjectNode> objects = Rendered.overlay("stretched");
        List<String> problems = new ArrayList<>();
        Set<String> clusters = new TreeSet<>();
        for (ObjectNode cluster : ofKind(objects, "Cluster")) {
            String name = cluster.path("metadata").path("name").asText();
            clusters.add(name);
            JsonNode spec = cluster.path("spec");
            JsonNode election = spec.path("postgresql").path("syncReplicaElectionConstraint");
            if (!election.path("enabled").asBoolean() || !texts(election.path("nodeLabelsAntiAffinity")).contains("topology.kubernetes.io/zone")) {
                problems.add(name + ": the synchronous replica is not elected in the other zone");
            }
            if (spec.path("minSyncReplicas").asInt() < 1) {
                problems.add(name + ": no synchronous replica (minSyncReplicas)");
            }
            if (spec.path("instances").asInt() < 4) {
                problems.add(name + ": fewer than two instances per zone, a zone loss leaves no replica");
            }
            boolean zoneSpread = stream(spec.path("topologySpreadConstraints")).anyMatch(c ->
                    "topology.kubernetes.io/zone".equals(c.path("topologyKey").asText()) && "DoNotSchedule".equals(c.path("whenUnsatisfiable").asText())
                            && name.equals(c.path("labelSelector").path("matchLabels").path("cnpg.io/cluster").asText()));
            if (!zoneSpread) {
                problems.add(name + ": instances are not forced into both zones");
            }
            if (!spec.path("replica").isMissingNode()) {
                problems.add(name + ": a replica cluster needs a human to promote it; the stretched topology fails over by itself");
            }
        }
        assertEquals(new TreeSet<>(SERVICES.stream().map(s -> s + "-db").toList()), clusters);
        for (ObjectNode deployment : ofKind(objects, "Deployment")) {
            boolean zoneSpread = stream(deployment.path("spec").path("template").path("spec").path("topologySpreadConstraints")).anyMatch(c ->
                    "topology.kubernetes.io/zone".equals(c.path("topologyKey").asText()) && "DoNotSchedule".equals(c.path("whenUnsatisfiable").asText()));
            if (!zoneSpread) {
                problems.add(key(deployment) + ": not forced into both zones, a zone loss can take all its pods");
            }
        }
        for (String service : SERVICES) {
            String url = data(objects, service + "-config").path("QUARKUS_DATASOURCE_JDBC_URL").asText();
            if (!url.startsWith("jdbc:postgresql://" + service + "-db-rw:5432/")) {
                problems.add(service + " does not follow its cluster's primary through the -rw Service: " + url);
            }
        }
        assertEquals(List.of(), problems);
    }

    /** Hosts that a client checks against the server's certificate: JDBC URLs and externalClusters, with verify-full. */
    private static List<Verified> verifiedHosts(String overlay) {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        List<Verified> verified = new ArrayList<>();
        for (ObjectNode configMap : ofKind(objects, "ConfigMap")) {
            configMap.path("data").fields().forEachRemaining(e -> {
                Matcher m = JDBC_HOSTS.matcher(e.getValue().asText());
                if (m.find() && e.getValue().asText().contains("sslmode=verify-full")) {
                    for (String hostPort : m.group(1).split(",")) {
                        verified.add(new Verified(overlay, key(configMap) + " " + e.getKey(), hostPort.replaceAll(":\\d+$", "")));
                    }
                }
            });
        }
        for (ObjectNode cluster : ofKind(objects, "Cluster")) {
            for (JsonNode external : cluster.path("spec").path("externalClusters")) {
                JsonNode parameters = external.path("connectionParameters");
                if ("verify-full".equals(parameters.path("sslmode").asText())) {
                    verified.add(new Verified(overlay, key(cluster) + " externalClusters " + external.path("name").asText(),
                            parameters.path("host").asText()));
                }
            }
        }
        return verified;
    }

    /** The Cluster behind one of CloudNativePG's Services: {@code records-db-b-rw.relais.svc.clusterset.local} → {@code records-db-b}. */
    private static String clusterOf(String host) {
        String service = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
        return service.replaceAll("-(rw|ro|r)$", "");
    }

    /** The names CloudNativePG puts in a cluster's server certificate (certificates.md) plus serverAltDNSNames. */
    static Set<String> certificateNames(JsonNode cluster) {
        String name = cluster.path("metadata").path("name").asText();
        String namespace = cluster.path("metadata").path("namespace").asText();
        Set<String> names = new TreeSet<>();
        for (String suffix : List.of("-rw", "-r", "-ro")) {
            String service = name + suffix;
            names.add(service);
            names.add(service + "." + namespace);
            names.add(service + "." + namespace + ".svc");
            names.add(service + "." + namespace + ".svc.cluster.local");
        }
        names.addAll(texts(cluster.path("spec").path("certificates").path("serverAltDNSNames")));
        return names;
    }

    private static String service(JsonNode cluster) {
        return cluster.path("metadata").path("name").asText().replaceAll("-db(-[ab])?$", "");
    }

    private static Set<String> names(List<ObjectNode> objects) {
        Set<String> names = new HashSet<>();
        objects.forEach(o -> names.add(o.path("metadata").path("name").asText()));
        return names;
    }

    /** True when the deployment mounts a volume at the directory of {@code file} (and, if given, from that secret). */
    private static boolean mounts(JsonNode deployment, String file, String... secret) {
        String dir = file.substring(0, file.lastIndexOf('/'));
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        for (JsonNode container : pod.path("containers")) {
            for (JsonNode mount : container.path("volumeMounts")) {
                if (dir.equals(mount.path("mountPath").asText())) {
                    String volume = mount.path("name").asText();
                    return secret.length == 0 || stream(pod.path("volumes")).anyMatch(v -> volume.equals(v.path("name").asText())
                            && secret[0].equals(v.path("secret").path("secretName").asText()));
                }
            }
        }
        return false;
    }
}
