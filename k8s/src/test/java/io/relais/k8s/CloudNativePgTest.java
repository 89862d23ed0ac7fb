package io.relais.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.relais.k8s.PolicyTest.texts;
import static io.relais.k8s.Rendered.named;
import static io.relais.k8s.Rendered.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fields the runbook relies on (k8s/README.md, docs/operations.md): one CloudNativePG
 * cluster per service database at each site, in the distributed topology, with synchronous
 * commit to the other site that falls back to a local replica instead of hanging.
 */
class CloudNativePgTest {

    static final List<String> OVERLAYS = Rendered.OVERLAYS;
    private static final List<String> SERVICES = Rendered.SERVICES;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void oneClusterPerServiceDatabaseNamedForItsSite(String overlay) {
        String site = Rendered.site(overlay);
        Set<String> names = new TreeSet<>();
        ofKind(Rendered.overlay(overlay), "Cluster").forEach(c -> names.add(c.path("metadata").path("name").asText()));
        assertEquals(new TreeSet<>(SERVICES.stream().map(s -> s + "-db-" + site).toList()), names);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void distributedTopologyWithSiteAPrimaryAndTheOtherSiteAsSource(String overlay) {
        String site = Rendered.site(overlay);
        String other = Rendered.otherSite(overlay);
        for (String service : SERVICES) {
            JsonNode spec = cluster(overlay, service).path("spec");
            JsonNode replica = spec.path("replica");
            assertEquals(service + "-db-" + site, replica.path("self").asText(), service + " replica.self");
            // Both sites must agree on who is primary: the one switch an operator flips in a promotion.
            assertEquals(service + "-db-a", replica.path("primary").asText(), service + " replica.primary");
            assertEquals(service + "-db-" + other, replica.path("source").asText(), service + " replica.source");
            assertTrue(replica.path("enabled").isMissingNode(), "replica.enabled belongs to the older replica-cluster API,"
                    + " not to the distributed topology");
            Set<String> external = new TreeSet<>();
            for (JsonNode e : spec.path("externalClusters")) {
                String name = e.path("name").asText();
                external.add(name);
                assertEquals(name + "-rw.relais.svc.clusterset.local", e.path("connectionParameters").path("host").asText());
                assertEquals("streaming_replica", e.path("connectionParameters").path("user").asText());
                assertEquals("verify-full", e.path("connectionParameters").path("sslmode").asText());
                assertEquals(name + "-replication", e.path("sslCert").path("name").asText());
                assertEquals(name + "-ca", e.path("sslRootCert").path("name").asText());
            }
            assertEquals(Set.of(service + "-db-a", service + "-db-b"), external, service + " externalClusters");
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void commitsWaitForTheOtherSiteFirstAndForALocalReplicaWhenItIsGone(String overlay) {
        String other = Rendered.otherSite(overlay);
        for (String service : SERVICES) {
            JsonNode spec = cluster(overlay, service).path("spec");
            JsonNode sync = spec.path("postgresql").path("synchronous");
            int instances = spec.path("instances").asInt();
            assertEquals("first", sync.path("method").asText(), "priority order: the other site before local replicas");
            assertEquals(1, sync.path("number").asInt());
            // The other site's designated primary, under the name it streams with...
            assertEquals(List.of(service + "-db-" + other), texts(sync.path("standbyNamesPre")), service + " standbyNamesPre");
            // ...which is the one the other site's overlay sets in its externalClusters entry for this cluster
            // (CloudNativePG builds the designated primary's primary_conninfo from those parameters alone).
            String self = service + "-db-" + Rendered.site(overlay);
            JsonNode theirs = cluster("site-" + other, service).path("spec").path("externalClusters");
            String streamsAs = "";
            for (JsonNode e : theirs) {
                if (e.path("name").asText().equals(self)) {
                    streamsAs = e.path("connectionParameters").path("application_name").asText();
                }
            }
            assertEquals(service + "-db-" + other, streamsAs, "application_name of site " + other + "'s stream from " + self);
            // A local replica behind them, so that losing the other site never blocks a commit.
            assertTrue(instances >= 2 && sync.path("maxStandbyNamesFromCluster").asInt() >= 1,
                    service + ": no local replica to fall back to when the other site is gone");
            assertFalse("preferred".equals(sync.path("dataDurability").asText()),
                    "CloudNativePG refuses dataDurability=preferred together with standbyNamesPre");
        }
    }

    @Test
    void onlyTheFirstDeploymentCreatesDatabasesEveryOtherOverlayClonesTheOtherSite() {
        for (String service : SERVICES) {
            JsonNode initdb = named(Rendered.overlay("first-deployment/site-a"), "Cluster", service + "-db-a")
                    .path("spec").path("bootstrap");
            assertEquals(service, initdb.path("initdb").path("database").asText());
            assertEquals(service, initdb.path("initdb").path("owner").asText());
            assertEquals(service + "-db-credentials", initdb.path("initdb").path("secret").path("name").asText());
            assertTrue(initdb.path("pg_basebackup").isMissingNode(), "first deployment: initdb only");
            for (String overlay : OVERLAYS) {
                JsonNode bootstrap = cluster(overlay, service).path("spec").path("bootstrap");
                assertEquals(service + "-db-" + Rendered.otherSite(overlay), bootstrap.path("pg_basebackup").path("source").asText(),
                        overlay + " " + service + ": a (re)created cluster is a clone of the other site");
                assertTrue(bootstrap.path("initdb").isMissingNode(), overlay + " " + service + " would be created empty");
            }
        }
    }

    private static ObjectNode cluster(String overlay, String service) {
        return named(Rendered.overlay(overlay), "Cluster", service + "-db-" + Rendered.site(overlay));
    }
}
