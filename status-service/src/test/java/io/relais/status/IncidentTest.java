package io.relais.status;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.relais.status.Api.admin;
import static io.relais.status.Api.anyone;
import static io.relais.status.Api.componentStatus;
import static io.relais.status.Api.createIncident;
import static io.relais.status.Api.resolve;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** What the crisis cell declares: incidents, maintenance, systems outside the suite. */
@QuarkusTest
@QuarkusTestResource(HealthEndpoints.class)
class IncidentTest {

    @Test
    void anIncidentSetsItsComponentsUntilItIsResolved() {
        await().atMost(Api.PROBE_SETTLE).until(() -> componentStatus("records-a").equals("operational"));
        String id = createIncident("""
                {"name":"Lenteurs du dossier patient","status":"investigating","impact":"major",
                 "body":"Les équipes analysent des lenteurs.","components":{"records-a":"partial_outage"}}""");
        // Shown at once: the write refreshes the in-memory copy.
        anyone().get("/api/v2/incidents/unresolved.json").then().statusCode(200)
                .body("incidents.id", hasItem(id))
                .body("incidents.find { it.id == '" + id + "' }.incident_updates[0].body", equalTo("Les équipes analysent des lenteurs."))
                .body("incidents.find { it.id == '" + id + "' }.components.id", contains("records-a"));
        anyone().get("/api/v2/summary.json").then().body("status.indicator", equalTo("major"))
                .body("components.find { it.id == 'records-a' }.status", equalTo("partial_outage"));
        anyone().get("/").then().body(containsString("Lenteurs du dossier patient")).body(containsString("Procédure papier records"));

        String etag = admin().get("/api/v2/manage/incidents/{id}", id).then().statusCode(200).extract().header("ETag");
        admin().body("{\"status\":\"identified\",\"body\":\"Cause trouvée.\"}")
                .post("/api/v2/manage/incidents/{id}/updates", id).then().statusCode(428);
        admin().header("If-Match", etag).body("{\"status\":\"monitoring\",\"body\":\"Correctif appliqué.\",\"impact\":\"minor\"}")
                .post("/api/v2/manage/incidents/{id}/updates", id).then().statusCode(200)
                .header("ETag", "\"v2\"").body("monitoring_at", notNullValue())
                .body("incident_updates.status", contains("monitoring", "investigating"));
        admin().header("If-Match", etag).body("{\"status\":\"resolved\",\"body\":\"x\"}")
                .post("/api/v2/manage/incidents/{id}/updates", id).then().statusCode(412);
        resolve(id);
        anyone().get("/api/v2/incidents/unresolved.json").then().body("incidents.id", not(hasItem(id)));
        anyone().get("/api/v2/incidents.json").then().body("incidents.find { it.id == '" + id + "' }.status", equalTo("resolved"))
                .body("incidents.find { it.id == '" + id + "' }.resolved_at", notNullValue());
        await().atMost(Api.PROBE_SETTLE).until(() -> componentStatus("records-a").equals("operational"));
    }

    @Test
    void aMaintenanceWindowPutsItsComponentsUnderMaintenance() {
        Instant now = Instant.now();
        String active = admin().body("""
                {"name":"Mise à jour de l'annuaire","scheduledFor":"%s","scheduledUntil":"%s",
                 "body":"Bascule de version.","components":["directory-b"]}"""
                        .formatted(now.minus(5, ChronoUnit.MINUTES), now.plus(1, ChronoUnit.HOURS)))
                .post("/api/v2/manage/maintenances").then().statusCode(201).body("impact", equalTo("maintenance"))
                .body("scheduled_for", notNullValue()).extract().path("id");
        String later = admin().body("""
                {"name":"Changement de baie","scheduledFor":"%s","scheduledUntil":"%s",
                 "body":"Intervention planifiée.","components":["site-a"]}"""
                        .formatted(now.plus(2, ChronoUnit.DAYS), now.plus(2, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS)))
                .post("/api/v2/manage/maintenances").then().statusCode(201).extract().path("id");

        anyone().get("/api/v2/scheduled-maintenances/active.json").then().body("scheduled_maintenances.id", hasItem(active))
                .body("scheduled_maintenances.id", not(hasItem(later)));
        anyone().get("/api/v2/scheduled-maintenances/upcoming.json").then().body("scheduled_maintenances.id", hasItem(later));
        anyone().get("/api/v2/summary.json").then().body("scheduled_maintenances.id", hasItem(active));
        org.junit.jupiter.api.Assertions.assertEquals("under_maintenance", componentStatus("directory-b"));

        String etag = admin().get("/api/v2/manage/maintenances/{id}", active).then().extract().header("ETag");
        admin().header("If-Match", etag).body("{\"status\":\"completed\",\"body\":\"Terminé.\"}")
                .post("/api/v2/manage/maintenances/{id}/updates", active).then().statusCode(200);
        await().atMost(Api.PROBE_SETTLE).until(() -> componentStatus("directory-b").equals("operational"));
    }

    @Test
    void systemsOutsideTheSuiteAreSetByHandWithWhatToDoInstead() {
        String id = "telephonie-" + UUID.randomUUID().toString().substring(0, 6);
        String key = UUID.randomUUID().toString();
        String body = """
                {"id":"%s","name":"Téléphonie — Site A","status":"major_outage","groupId":"site-a",
                 "fallback":"Utilisez les DECT de secours ; standard joignable au 01 40 00 00 00."}""".formatted(id);
        admin().header("Idempotency-Key", key).body(body).post("/api/v2/manage/components").then().statusCode(201);
        admin().header("Idempotency-Key", key).body(body).post("/api/v2/manage/components").then().statusCode(201)
                .header("Idempotent-Replayed", "true");
        org.junit.jupiter.api.Assertions.assertEquals("major_outage", componentStatus(id));
        anyone().get("/api/v2/components.json").then()
                .body("components.find { it.id == 'site-a' }.components", hasItem(id));
        anyone().get("/").then().body(containsString("Téléphonie — Site A"))
                .body(containsString("Utilisez les DECT de secours"));

        admin().header("If-Match", "\"v1\"").body(body.replace("major_outage", "operational"))
                .put("/api/v2/manage/components/{id}", id).then().statusCode(200).header("ETag", "\"v2\"");
        org.junit.jupiter.api.Assertions.assertEquals("operational", componentStatus(id));
        anyone().get("/").then().body(not(containsString("Utilisez les DECT de secours")));

        // A probed component's texts are editable, its status is not.
        admin().get("/api/v2/manage/components/records-b").then().statusCode(200).header("ETag", "\"v0\"");
        admin().header("If-Match", "\"v0\"").body("{\"id\":\"records-b\",\"name\":\"Dossier\",\"status\":\"operational\"}")
                .put("/api/v2/manage/components/records-b").then().statusCode(400).body("errors[0].field", equalTo("status"));
        admin().header("If-Match", "\"v0\"").body("{\"id\":\"records-b\",\"name\":\"Dossier\",\"fallback\":\"Classeur rouge de l'unité.\"}")
                .put("/api/v2/manage/components/records-b").then().statusCode(200).header("ETag", "\"v1\"");
        HealthEndpoints.powerOff("b");
        try {
            await().atMost(Api.PROBE_SETTLE).until(() -> componentStatus("records-b").equals("major_outage"));
            anyone().get("/").then().body(containsString("Classeur rouge de l&#39;unité."));
        } finally {
            HealthEndpoints.allUp();
        }
    }

    @Test
    void writingNeedsTheStatusAdminRole() {
        anyone().contentType("application/json").body("{}").post("/api/v2/manage/incidents").then().statusCode(401)
                .contentType("application/problem+json");
        anyone().auth().oauth2(io.relais.testing.TestTokens.token("ide", "clinician")).contentType("application/json")
                .body("{}").post("/api/v2/manage/incidents").then().statusCode(403);
    }
}
