package io.relais.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.relais.status.Api.admin;
import static io.relais.status.Api.anyone;
import static io.relais.status.Api.createIncident;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every public document, parsed against the field sets of Atlassian Statuspage's documented v2
 * format (https://metastatuspage.com/api/v2): no field missing, none added, values in the
 * documented sets, times parseable as ISO-8601 with an offset.
 */
@QuarkusTest
@QuarkusTestResource(HealthEndpoints.class)
class StatuspageFormatTest {

    static final Set<String> PAGE = Set.of("id", "name", "url", "time_zone", "updated_at");
    static final Set<String> STATUS = Set.of("indicator", "description");
    static final Set<String> COMPONENT = Set.of("id", "name", "status", "created_at", "updated_at", "position",
            "description", "showcase", "start_date", "group_id", "page_id", "group", "only_show_if_degraded");
    /** Group components also list their children. */
    static final Set<String> GROUP_COMPONENT = union(COMPONENT, Set.of("components"));
    static final Set<String> INCIDENT = Set.of("id", "name", "status", "created_at", "updated_at", "monitoring_at",
            "resolved_at", "impact", "shortlink", "started_at", "page_id", "incident_updates", "components");
    static final Set<String> MAINTENANCE = union(INCIDENT, Set.of("scheduled_for", "scheduled_until"));
    static final Set<String> UPDATE = Set.of("id", "status", "body", "incident_id", "created_at", "updated_at",
            "display_at", "affected_components", "deliver_notifications", "custom_tweet", "tweet_id");
    static final Set<String> AFFECTED = Set.of("code", "name", "old_status", "new_status");
    static final Set<String> COMPONENT_STATUSES = Set.of("operational", "degraded_performance", "partial_outage",
            "major_outage", "under_maintenance");
    static final Set<String> INDICATORS = Set.of("none", "minor", "major", "critical", "maintenance");
    static final Set<String> INCIDENT_STATUSES = Set.of("investigating", "identified", "monitoring", "resolved", "postmortem");
    static final Set<String> MAINTENANCE_STATUSES = Set.of("scheduled", "in_progress", "verifying", "completed");
    static final Set<String> IMPACTS = Set.of("none", "minor", "major", "critical", "maintenance");

    final ObjectMapper json = new ObjectMapper();

    @Test
    void everyDocumentHasExactlyStatuspagesFields() throws Exception {
        createIncident("""
                {"name":"Messagerie indisponible","status":"identified","impact":"critical",
                 "body":"Le fournisseur est en panne.","components":{"directory-a":"degraded_performance"}}""");
        Instant now = Instant.now();
        admin().body("""
                {"name":"Maintenance réseau","scheduledFor":"%s","scheduledUntil":"%s","body":"Prévu.","components":["site-b"]}"""
                .formatted(now.plus(1, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS)))
                .post("/api/v2/manage/maintenances").then().statusCode(201);

        JsonNode summary = get("/api/v2/summary.json");
        assertKeys("summary", summary, Set.of("page", "components", "incidents", "scheduled_maintenances", "status"));
        checkPage(summary.get("page"));
        checkStatus(summary.get("status"));
        checkComponents(summary.get("components"));
        checkIncidents(summary.get("incidents"), false);
        checkIncidents(summary.get("scheduled_maintenances"), true);
        assertFalse(summary.get("incidents").isEmpty());
        assertFalse(summary.get("scheduled_maintenances").isEmpty());
        assertEquals("critical", summary.get("status").get("indicator").asText());

        JsonNode status = get("/api/v2/status.json");
        assertKeys("status.json", status, Set.of("page", "status"));
        checkStatus(status.get("status"));
        JsonNode components = get("/api/v2/components.json");
        assertKeys("components.json", components, Set.of("page", "components"));
        checkComponents(components.get("components"));
        for (String path : List.of("/api/v2/incidents.json", "/api/v2/incidents/unresolved.json")) {
            JsonNode doc = get(path);
            assertKeys(path, doc, Set.of("page", "incidents"));
            checkIncidents(doc.get("incidents"), false);
        }
        for (String path : List.of("/api/v2/scheduled-maintenances.json", "/api/v2/scheduled-maintenances/upcoming.json",
                "/api/v2/scheduled-maintenances/active.json")) {
            JsonNode doc = get(path);
            assertKeys(path, doc, Set.of("page", "scheduled_maintenances"));
            checkIncidents(doc.get("scheduled_maintenances"), true);
        }
    }

    @Test
    void affectedComponentsSayWhatThePageShowedBeforeNotAlwaysOperational() throws Exception {
        String shownBefore = Api.componentStatus("records-b");
        String first = createIncident("""
                {"name":"Lenteurs du dossier patient","status":"investigating","impact":"minor",
                 "body":"Lenteurs signalées.","components":{"records-b":"partial_outage"}}""");
        JsonNode change = affected(first);
        assertEquals(shownBefore, change.get("old_status").asText());
        assertEquals("partial_outage", change.get("new_status").asText());
        org.awaitility.Awaitility.await().atMost(Api.PROBE_SETTLE)
                .until(() -> !"operational".equals(Api.componentStatus("records-b")));
        String shownNow = Api.componentStatus("records-b");
        String second = createIncident("""
                {"name":"Dossier patient indisponible","status":"identified","impact":"major",
                 "body":"Panne.","components":{"records-b":"major_outage"}}""");
        assertEquals(shownNow, affected(second).get("old_status").asText(),
                "the second incident found records-b already affected by the first");
        Api.resolve(first);
        Api.resolve(second);
    }

    @Test
    void theIndicatorIsMaintenanceDuringAMaintenanceWithNothingWorse() throws Exception {
        Api.resolveAll();
        io.relais.status.HealthEndpoints.allUp();
        Instant now = Instant.now();
        String id = admin().body("""
                {"name":"Mise à jour du dossier patient","scheduledFor":"%s","scheduledUntil":"%s","body":"Prévu.","components":["records-a"]}"""
                .formatted(now.plus(1, ChronoUnit.HOURS), now.plus(2, ChronoUnit.HOURS)))
                .post("/api/v2/manage/maintenances").then().statusCode(201).extract().path("id");
        String etag = admin().get("/api/v2/manage/maintenances/{id}", id).then().extract().header("ETag");
        admin().header("If-Match", etag).body("{\"status\":\"in_progress\",\"body\":\"Commencé.\"}")
                .post("/api/v2/manage/maintenances/{id}/updates", id).then().statusCode(200);
        try {
            org.awaitility.Awaitility.await().atMost(Api.PROBE_SETTLE).untilAsserted(() ->
                    assertEquals("maintenance", get("/api/v2/status.json").get("status").get("indicator").asText()));
            assertEquals("Service Under Maintenance", get("/api/v2/status.json").get("status").get("description").asText());
        } finally {
            etag = admin().get("/api/v2/manage/maintenances/{id}", id).then().extract().header("ETag");
            admin().header("If-Match", etag).body("{\"status\":\"completed\",\"body\":\"Terminé.\"}")
                    .post("/api/v2/manage/maintenances/{id}/updates", id).then().statusCode(200);
        }
    }

    /** The one affected component of an incident's first entry. */
    private JsonNode affected(String incidentId) throws Exception {
        JsonNode incident = json.readTree(anyone().get("/api/v2/incidents.json").then().statusCode(200).extract().asString())
                .get("incidents").findParents("id").stream().filter(i -> i.get("id").asText().equals(incidentId)
                        && i.has("incident_updates")).findFirst().orElseThrow();
        JsonNode updates = incident.get("incident_updates");
        JsonNode changes = updates.get(updates.size() - 1).get("affected_components");
        assertEquals(1, changes.size(), changes.toString());
        return changes.get(0);
    }

    private JsonNode get(String path) throws Exception {
        String body = anyone().get(path).then().statusCode(200).contentType("application/json").extract().asString();
        return json.readTree(body);
    }

    private static void checkPage(JsonNode page) {
        assertKeys("page", page, PAGE);
        time(page.get("updated_at"));
        assertEquals("Europe/Paris", page.get("time_zone").asText());
    }

    private static void checkStatus(JsonNode status) {
        assertKeys("status", status, STATUS);
        assertTrue(INDICATORS.contains(status.get("indicator").asText()), status.toString());
    }

    private static void checkComponents(JsonNode components) {
        assertTrue(components.size() >= 6, "two sites and four services: " + components);
        Set<String> ids = new TreeSet<>();
        components.forEach(c -> ids.add(c.get("id").asText()));
        for (JsonNode c : components) {
            boolean group = c.get("group").asBoolean();
            assertKeys("component " + c.get("id"), c, group ? GROUP_COMPONENT : COMPONENT);
            assertTrue(COMPONENT_STATUSES.contains(c.get("status").asText()), c.toString());
            assertTrue(c.get("position").isInt());
            // Strict consumers (exporters that deserialize into non-optional times) fail the whole
            // scrape on a null here: every component, probed, hand-made or site group, has both.
            OffsetDateTime created = time(c.get("created_at"));
            OffsetDateTime updated = time(c.get("updated_at"));
            assertFalse(updated.isBefore(created), c + ": updated before it was created");
            if (group) {
                c.get("components").forEach(child -> assertTrue(ids.contains(child.asText()), "child " + child + " listed"));
            }
            if (!c.get("group_id").isNull()) {
                assertTrue(ids.contains(c.get("group_id").asText()), "group " + c.get("group_id") + " listed");
            }
        }
    }

    private static void checkIncidents(JsonNode incidents, boolean maintenance) {
        for (JsonNode i : incidents) {
            assertKeys("incident " + i.get("id"), i, maintenance ? MAINTENANCE : INCIDENT);
            assertTrue((maintenance ? MAINTENANCE_STATUSES : INCIDENT_STATUSES).contains(i.get("status").asText()), i.toString());
            assertTrue(IMPACTS.contains(i.get("impact").asText()));
            time(i.get("created_at"));
            time(i.get("started_at"));
            if (maintenance) {
                time(i.get("scheduled_for"));
                time(i.get("scheduled_until"));
            }
            for (JsonNode u : i.get("incident_updates")) {
                assertKeys("incident update", u, UPDATE);
                assertEquals(i.get("id").asText(), u.get("incident_id").asText());
                time(u.get("display_at"));
                if (!u.get("affected_components").isNull()) {
                    u.get("affected_components").forEach(a -> {
                        assertKeys("affected component", a, AFFECTED);
                        assertTrue(COMPONENT_STATUSES.contains(a.get("old_status").asText()), a.toString());
                        assertTrue(COMPONENT_STATUSES.contains(a.get("new_status").asText()), a.toString());
                    });
                }
            }
            i.get("components").forEach(c -> assertTrue(c.has("status") && c.has("group_id"), c.toString()));
        }
    }

    private static OffsetDateTime time(JsonNode value) {
        assertTrue(value != null && value.isTextual(), "a time, not " + value);
        return OffsetDateTime.parse(value.asText());
    }

    private static void assertKeys(String what, JsonNode node, Set<String> expected) {
        Set<String> actual = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            actual.add(it.next());
        }
        assertEquals(new TreeSet<>(expected), actual, what + " fields");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
