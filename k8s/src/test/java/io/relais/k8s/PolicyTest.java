package io.relais.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.relais.k8s.Rendered.key;
import static io.relais.k8s.Rendered.named;
import static io.relais.k8s.Rendered.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator relies on without reading every line: each assertion collects every
 * violation in the overlay, so one run lists everything to fix.
 */
class PolicyTest {

    static final List<String> OVERLAYS = Rendered.OVERLAYS;
    static final List<String> ALL = Rendered.ALL;
    private static final List<String> COMPONENTS = List.of("gateway", "records", "directory", "status");
    private static final List<String> SERVICES = Rendered.SERVICES;
    private static final String CLUSTERSET = ".relais.svc.clusterset.local";

    @ParameterizedTest
    @FieldSource("ALL")
    void everyWorkloadIsProbedSizedConfinedSpreadAndProtected(String overlay) {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (ObjectNode deployment : ofKind(objects, "Deployment")) {
            Consumer<String> problem = p -> problems.add(key(deployment) + ": " + p);
            JsonNode spec = deployment.path("spec");
            JsonNode pod = podSpec(deployment);
            JsonNode podLabels = podLabels(deployment);
            if (spec.path("replicas").asInt() < 2) {
                problem.accept("fewer than 2 replicas");
            }
            if (!pod.path("automountServiceAccountToken").isBoolean() || pod.path("automountServiceAccountToken").asBoolean()) {
                problem.accept("mounts a service account token it does not need");
            }
            JsonNode podSecurity = pod.path("securityContext");
            if (!podSecurity.path("runAsNonRoot").asBoolean()) {
                problem.accept("pod securityContext.runAsNonRoot is not true");
            }
            if (!"RuntimeDefault".equals(podSecurity.path("seccompProfile").path("type").asText())) {
                problem.accept("pod seccompProfile is not RuntimeDefault");
            }
            Set<String> spreadKeys = new HashSet<>();
            for (JsonNode constraint : pod.path("topologySpreadConstraints")) {
                spreadKeys.add(constraint.path("topologyKey").asText());
                if (!selects(constraint.path("labelSelector").path("matchLabels"), podLabels)) {
                    problem.accept("a topology spread constraint does not select the deployment's own pods");
                }
            }
            if (!spreadKeys.containsAll(Set.of("kubernetes.io/hostname", "topology.kubernetes.io/zone"))) {
                problem.accept("not spread across both nodes and zones: " + spreadKeys);
            }
            Set<String> writable = new HashSet<>();
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.has("emptyDir")) {
                    writable.add(volume.path("name").asText());
                }
            }
            for (JsonNode container : pod.path("containers")) {
                Consumer<String> cproblem = p -> problem.accept("container " + container.path("name").asText() + ": " + p);
                probe(container, "startupProbe", "/q/health/started", cproblem);
                probe(container, "readinessProbe", "/q/health/ready", cproblem);
                probe(container, "livenessProbe", "/q/health/live", cproblem);
                JsonNode resources = container.path("resources");
                for (String required : List.of("requests.cpu", "requests.memory", "limits.memory")) {
                    String[] path = required.split("\\.");
                    if (resources.path(path[0]).path(path[1]).isMissingNode()) {
                        cproblem.accept("no resources." + required);
                    }
                }
                JsonNode security = container.path("securityContext");
                if (!security.path("allowPrivilegeEscalation").isBoolean() || security.path("allowPrivilegeEscalation").asBoolean()) {
                    cproblem.accept("allowPrivilegeEscalation is not false");
                }
                if (security.path("privileged").asBoolean()) {
                    cproblem.accept("privileged");
                }
                if (!security.path("readOnlyRootFilesystem").asBoolean()) {
                    cproblem.accept("root filesystem is writable");
                }
                if (!List.of("ALL").equals(texts(security.path("capabilities").path("drop")))
                        || security.path("capabilities").has("add")) {
                    cproblem.accept("capabilities are not exactly: drop ALL");
                }
                boolean tmp = false;
                for (JsonNode mount : container.path("volumeMounts")) {
                    tmp |= "/tmp".equals(mount.path("mountPath").asText()) && writable.contains(mount.path("name").asText());
                }
                if (!tmp) {
                    cproblem.accept("no writable emptyDir at /tmp");
                }
            }
            long budgets = ofKind(objects, "PodDisruptionBudget").stream()
                    .filter(pdb -> selects(pdb.path("spec").path("selector").path("matchLabels"), podLabels)
                            && pdb.path("spec").path("minAvailable").asInt() >= 1)
                    .count();
            if (budgets != 1) {
                problem.accept(budgets + " PodDisruptionBudgets keep at least one of its pods (need exactly 1)");
            }
        }
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void theNamespaceEnforcesTheRestrictedPodSecurityStandard(String overlay) {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        JsonNode labels = named(objects, "Namespace", "relais").path("metadata").path("labels");
        assertEquals("restricted", labels.path("pod-security.kubernetes.io/enforce").asText());
        for (ObjectNode object : objects) {
            if (!object.path("kind").asText().equals("Namespace")) {
                assertEquals("relais", object.path("metadata").path("namespace").asText(), key(object));
            }
        }
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void everyServiceSelectsAWorkload(String overlay) {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (ObjectNode service : ofKind(objects, "Service")) {
            JsonNode selector = service.path("spec").path("selector");
            List<ObjectNode> selected = selector.size() == 0 ? List.of() : ofKind(objects, "Deployment").stream()
                    .filter(d -> selects(selector, podLabels(d))).toList();
            String targetPort = service.path("spec").path("ports").path(0).path("targetPort").asText();
            boolean portExists = selected.stream()
                    .flatMap(d -> stream(podSpec(d).path("containers")))
                    .flatMap(c -> stream(c.path("ports")))
                    .anyMatch(p -> targetPort.equals(p.path("name").asText()) || targetPort.equals(p.path("containerPort").asText()));
            if (selected.isEmpty() || !portExists) {
                problems.add(key(service) + " selects no workload's pods on port " + targetPort);
            }
        }
        // A ServiceExport exports a Service of the overlay or one CloudNativePG creates for a Cluster here.
        Set<String> exportable = new HashSet<>();
        ofKind(objects, "Service").forEach(s -> exportable.add(s.path("metadata").path("name").asText()));
        ofKind(objects, "Cluster").forEach(c -> exportable.add(c.path("metadata").path("name").asText() + "-rw"));
        for (ObjectNode export : ofKind(objects, "ServiceExport")) {
            if (!exportable.contains(export.path("metadata").path("name").asText())) {
                problems.add(key(export) + " exports no Service of this site");
            }
        }
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void everyConfigMapAndSecretReferencedExistsOrIsDocumentedAsOperatorProvided(String overlay) throws IOException {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        Set<String> provided = operatorProvided();
        Set<String> present = new HashSet<>();
        objects.stream().filter(o -> Set.of("ConfigMap", "Secret").contains(o.path("kind").asText()))
                .forEach(o -> present.add(o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()));
        // cert-manager writes each Certificate's secret.
        ofKind(objects, "Certificate").forEach(c -> present.add("Secret/" + c.path("spec").path("secretName").asText()));
        Set<String> missing = new TreeSet<>();
        for (String reference : references(objects)) {
            if (!present.contains(reference) && !provided.contains(reference)) {
                missing.add(reference);
            }
        }
        assertEquals(Set.of(), missing, overlay + ": referenced, neither rendered nor listed under"
                + " 'Provided by the operator' in k8s/README.md");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void eachSiteDeclaresAllFourComponentsWithItsOwnIdentity(String overlay) {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        String site = Rendered.site(overlay);
        Set<String> deployments = new TreeSet<>();
        ofKind(objects, "Deployment").forEach(d -> deployments.add(d.path("metadata").path("name").asText()));
        assertEquals(new TreeSet<>(COMPONENTS), deployments, overlay);
        assertEquals(site, data(objects, "relais-site").path("RELAIS_SITE").asText());
        assertEquals(site, data(objects, "gateway-config").path("GATEWAY_SITE").asText());
        for (ObjectNode configMap : ofKind(objects, "ConfigMap")) {
            configMap.path("data").fields().forEachRemaining(e -> assertTrue(!e.getValue().asText().contains("set-by-site-overlay"),
                    key(configMap) + " " + e.getKey() + " is left for the site overlay to set"));
        }
        assertTrue(data(objects, "status-config").path("STATUS_PAGE_NAME").asText().contains("site " + site.toUpperCase()));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void eachGatewayListsBothSitesOwnFirstAndTheStatusPageProbesBoth(String overlay) {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        String site = Rendered.site(overlay);
        String other = Rendered.otherSite(overlay);
        JsonNode gateway = data(objects, "gateway-config");
        assertEquals(site + "," + other, orderedSites(gateway.path("GATEWAY_SITES").asText(), site));
        for (String service : SERVICES) {
            String prefix = "GATEWAY_ROUTES_" + service.toUpperCase() + "_UPSTREAMS_";
            assertEquals("http://" + service + ":8080", gateway.path(prefix + site.toUpperCase()).asText(), prefix + site);
            // The other site over TLS only (its certificate names this host: TopologySemanticsTest).
            assertEquals("https://" + service + "-" + other + CLUSTERSET + ":8443",
                    gateway.path(prefix + other.toUpperCase()).asText(), prefix + other);
            // Health checks go to the management port, where /q/health/ready is served.
            String management = "GATEWAY_ROUTES_" + service.toUpperCase() + "_MANAGEMENT_";
            assertEquals("http://" + service + ":9000", gateway.path(management + site.toUpperCase()).asText(), management + site);
            assertEquals("http://" + service + "-" + other + CLUSTERSET + ":9000",
                    gateway.path(management + other.toUpperCase()).asText(), management + other);
        }
        JsonNode status = data(objects, "status-config");
        for (String s : List.of("a", "b")) {
            for (String target : List.of("gateway", "records", "directory")) {
                String url = status.path("_PROD_STATUS_TARGETS_" + target.toUpperCase() + "_" + s.toUpperCase() + "_URL").asText();
                String host = s.equals(site) ? target : target + "-" + s + CLUSTERSET;
                assertEquals("http://" + host + ":9000/q/health/ready", url, "status page target " + target + "@" + s);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theManagementPortIsReachedByPrometheusAndRelaisOnlyNeverByTheIngress(String overlay) {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        JsonNode fromIngress = named(objects, "NetworkPolicy", "allow-ingress-controller-and-metrics").path("spec").path("ingress");
        assertFalse(fromIngress.toString().contains("\"port\":9000"), "the ingress controller reaches the management port");
        JsonNode scraping = named(objects, "NetworkPolicy", "allow-metrics-scraping").path("spec").path("ingress");
        assertTrue(scraping.toString().contains("\"port\":9000"), "Prometheus cannot scrape the management port");
        assertFalse(scraping.toString().contains("\"port\":8080"), "Prometheus reaches the API port");
        JsonNode site = data(objects, "relais-site");
        assertEquals("9000", site.path("QUARKUS_MANAGEMENT_PORT").asText());
        assertEquals("relais", site.path("MP_JWT_VERIFY_AUDIENCES").asText(), "tokens are checked for their audience");
    }

    /** GATEWAY_SITES is the failover order; the gateway puts its own site first whatever the list says. */
    private static String orderedSites(String sites, String own) {
        List<String> list = new ArrayList<>(List.of(sites.split(",")));
        assertEquals(Set.of("a", "b"), new HashSet<>(list), "GATEWAY_SITES");
        list.remove(own);
        list.add(0, own);
        return String.join(",", list);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void servicesFindThePrimaryAtEitherSiteOwnSiteFirst(String overlay) {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        String site = Rendered.site(overlay);
        String other = Rendered.otherSite(overlay);
        for (String service : SERVICES) {
            String url = data(objects, service + "-config").path("QUARKUS_DATASOURCE_JDBC_URL").asText();
            assertTrue(url.startsWith("jdbc:postgresql://" + service + "-db-" + site + "-rw:5432," + service + "-db-" + other
                    + "-rw" + CLUSTERSET + ":5432/" + service + "?"), url);
            assertTrue(url.contains("targetServerType=preferPrimary"), url);
            assertTrue(url.contains("connectTimeout=") && url.contains("socketTimeout="), url);
            assertTrue(url.contains("sslmode=verify-full"), url);
        }
    }

    @Test
    void everyClustersetNameIsExportedByTheSiteItNames() {
        Pattern clusterset = Pattern.compile("([a-z0-9-]+-(a|b)(?:-rw)?)" + Pattern.quote(CLUSTERSET));
        for (String overlay : OVERLAYS) {
            Matcher m = clusterset.matcher(Rendered.overlay(overlay).toString());
            Set<String> missing = new TreeSet<>();
            int used = 0;
            while (m.find()) {
                used++;
                String name = m.group(1);
                String exporter = "site-" + m.group(2);
                boolean exported = ofKind(Rendered.overlay(exporter), "ServiceExport").stream()
                        .anyMatch(e -> name.equals(e.path("metadata").path("name").asText()));
                if (!exported) {
                    missing.add(name + " (not exported by " + exporter + ")");
                }
            }
            assertTrue(used > 0, overlay + " names nothing at the other site");
            assertEquals(Set.of(), missing, overlay);
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void networkPoliciesDenyByDefaultAndAllowOnlyTheSuitesFlows(String overlay) {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        String other = Rendered.otherSite(overlay);
        JsonNode deny = named(objects, "NetworkPolicy", "default-deny").path("spec");
        assertEquals(0, deny.path("podSelector").size(), "default-deny selects every pod");
        assertEquals(Set.of("Ingress", "Egress"), new HashSet<>(texts(deny.path("policyTypes"))));
        assertTrue(deny.path("ingress").isMissingNode() && deny.path("egress").isMissingNode(), "default-deny allows nothing");
        JsonNode dns = named(objects, "NetworkPolicy", "allow-dns").path("spec");
        assertTrue(dns.toString().contains("\"port\":53"), "DNS is allowed");
        // Every workload receives traffic on its port from someone, and only what a policy lets in.
        for (ObjectNode deployment : ofKind(objects, "Deployment")) {
            JsonNode labels = podLabels(deployment);
            boolean reachable = ofKind(objects, "NetworkPolicy").stream()
                    .filter(p -> matches(p.path("spec").path("podSelector"), labels))
                    .anyMatch(p -> p.path("spec").path("ingress").toString().contains("\"port\":8080"));
            assertTrue(reachable, key(deployment) + " is reachable by no NetworkPolicy");
        }
        // The other site: its gateway and probes in, our gateway/probes/database clients out, replication both ways.
        for (String name : List.of("allow-from-site-" + other, "allow-database-from-site-" + other, "allow-to-site-" + other,
                "allow-databases-at-site-" + other, "allow-replication-to-site-" + other)) {
            JsonNode policy = named(objects, "NetworkPolicy", name);
            assertTrue(policy.toString().contains("\"ipBlock\""), name + " names the other site's address range");
        }
        String ours = named(objects, "NetworkPolicy", "allow-from-site-" + other).path("spec").path("ingress").path(0)
                .path("from").path(0).path("ipBlock").path("cidr").asText();
        String theirs = named(Rendered.overlay("site-" + other), "NetworkPolicy", "allow-from-site-" + Rendered.site(overlay))
                .path("spec").path("ingress").path(0).path("from").path(0).path("ipBlock").path("cidr").asText();
        assertTrue(!ours.equals(theirs), "each site admits the other's range, not its own: " + ours + " / " + theirs);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyImageIsBuiltFromAModuleDockerfile(String overlay) {
        for (ObjectNode deployment : ofKind(Rendered.overlay(overlay), "Deployment")) {
            for (JsonNode container : podSpec(deployment).path("containers")) {
                String image = container.path("image").asText();
                String module = image.substring(image.lastIndexOf('/') + 1, image.lastIndexOf(':'));
                assertTrue(Files.exists(Path.of("..", module, "src/main/docker/Dockerfile.jvm")),
                        image + " has no ../" + module + "/src/main/docker/Dockerfile.jvm to be built from");
            }
        }
    }

    static JsonNode data(List<ObjectNode> objects, String configMap) {
        return named(objects, "ConfigMap", configMap).path("data");
    }

    /** ConfigMaps and Secrets the objects reference, as Kind/name. */
    static Set<String> references(List<ObjectNode> objects) {
        Set<String> refs = new TreeSet<>();
        for (ObjectNode object : objects) {
            walk(object, (field, node) -> {
                switch (field) {
                    case "configMapRef", "configMapKeyRef" -> refs.add("ConfigMap/" + node.path("name").asText());
                    case "secretRef", "secretKeyRef" -> refs.add("Secret/" + node.path("name").asText());
                    case "configMap" -> refs.add("ConfigMap/" + node.path("name").asText());
                    case "ca" -> {
                        if (node.has("secretName")) {
                            refs.add("Secret/" + node.path("secretName").asText());
                        }
                    }
                    case "secret" -> refs.add("Secret/" + (node.has("secretName") ? node.path("secretName") : node.path("name")).asText());
                    case "sslKey", "sslCert", "sslRootCert", "password", "accessKeyId", "secretAccessKey" -> {
                        if (node.has("key")) {
                            refs.add("Secret/" + node.path("name").asText());
                        }
                    }
                    default -> { }
                }
            });
        }
        return refs;
    }

    /** The names listed as `Kind/name` in the "Provided by the operator" section of k8s/README.md. */
    static Set<String> operatorProvided() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("## Provided by the operator");
        assertTrue(start >= 0, "k8s/README.md has a '## Provided by the operator' section");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Set<String> names = new HashSet<>();
        Matcher m = Pattern.compile("`((?:Secret|ConfigMap)/[a-z0-9.<>-]+)`").matcher(section);
        while (m.find()) {
            String name = m.group(1);
            if (name.contains("<service>")) {
                SERVICES.forEach(s -> names.add(name.replace("<service>", s)));
            } else {
                names.add(name);
            }
        }
        Set<String> expanded = new HashSet<>();
        for (String name : names) {
            if (name.contains("<site>")) {
                expanded.add(name.replace("<site>", "a"));
                expanded.add(name.replace("<site>", "b"));
            } else {
                expanded.add(name);
            }
        }
        return expanded;
    }

    private static void walk(JsonNode node, java.util.function.BiConsumer<String, JsonNode> visit) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isObject()) {
                    visit.accept(e.getKey(), e.getValue());
                }
                walk(e.getValue(), visit);
            });
        } else if (node.isArray()) {
            node.forEach(child -> walk(child, visit));
        }
    }

    private static void probe(JsonNode container, String probe, String path, Consumer<String> problem) {
        JsonNode get = container.path(probe).path("httpGet");
        if (!path.equals(get.path("path").asText())) {
            problem.accept(probe + " is not an HTTP GET of " + path + " (SmallRye Health)");
        }
        if (!"management".equals(get.path("port").asText())) {
            problem.accept(probe + " is not on the management port (/q/* is served nowhere else)");
        }
    }

    /** True when every label of the selector is on the pod (matchLabels only, as these manifests use). */
    private static JsonNode podSpec(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec");
    }

    private static JsonNode podLabels(JsonNode deployment) {
        return deployment.path("spec").path("template").path("metadata").path("labels");
    }

    static boolean selects(JsonNode matchLabels, JsonNode podLabels) {
        if (matchLabels.size() == 0) {
            return false;
        }
        Map<String, String> pod = new HashMap<>();
        podLabels.fields().forEachRemaining(e -> pod.put(e.getKey(), e.getValue().asText()));
        List<Boolean> each = new ArrayList<>();
        matchLabels.fields().forEachRemaining(e -> each.add(e.getValue().asText().equals(pod.get(e.getKey()))));
        return !each.contains(false);
    }

    /** A NetworkPolicy podSelector (matchLabels and In expressions) against pod labels; empty selects all. */
    static boolean matches(JsonNode selector, JsonNode podLabels) {
        if (selector.path("matchLabels").size() > 0 && !selects(selector.path("matchLabels"), podLabels)) {
            return false;
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String value = podLabels.path(expression.path("key").asText()).asText(null);
            if (!"In".equals(expression.path("operator").asText()) || !texts(expression.path("values")).contains(value)) {
                return false;
            }
        }
        return true;
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list.stream();
    }
}
