package io.relais.records;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.records.audit.AuditService;
import io.relais.local.identity.DevKeys;
import io.relais.local.identity.DevTokens;
import io.relais.testing.SharedPostgres;
import io.relais.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.relais.records.Api.as;
import static io.relais.records.Api.clinician;
import static io.relais.records.Api.createPatient;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertThrows;

@QuarkusTest
@QuarkusTestResource(RecordsTestResource.class)
class SecurityAndAuditTest {

    @Inject
    AuditService auditService;

    @Test
    void withoutAValidTokenNothingIsReadable() throws Exception {
        String patient = createPatient("Secret", "Sam", "1980-01-01");
        RestAssured.given().get("/api/records/patients/{p}", patient).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer").contentType("application/problem+json")
                .body("type", equalTo("urn:relais:problem:unauthenticated"));
        RestAssured.given().auth().oauth2("not.a.jwt").get("/api/records/patients/{p}", patient).then().statusCode(401);

        long past = Instant.now().minusSeconds(7200).getEpochSecond();
        String expired = TestTokens.tokens().sign(Map.of("iss", DevTokens.ISSUER, "sub", "dr.old", "upn", "dr.old",
                "groups", List.of("clinician"), "iat", past, "exp", past + 60));
        RestAssured.given().auth().oauth2(expired).get("/api/records/patients/{p}", patient).then().statusCode(401);

        String foreign = new DevTokens(DevKeys.loadOrCreate(Files.createTempDirectory("foreign-keys")))
                .mint("mallory", "clinician");
        RestAssured.given().auth().oauth2(foreign).get("/api/records/patients/{p}", patient).then().statusCode(401);

        String wrongIssuer = TestTokens.tokens().sign(Map.of("iss", "https://elsewhere.invalid", "sub", "eve",
                "groups", List.of("clinician"), "exp", Instant.now().plusSeconds(600).getEpochSecond()));
        RestAssured.given().auth().oauth2(wrongIssuer).get("/api/records/patients/{p}", patient).then().statusCode(401);
    }

    @Test
    void aTokenIsRefusedUnlessItIsForRelaisExpiresAndIsSignedWithTheProvidersKey() {
        String patient = createPatient("Forged", "Frank", "1980-01-01");
        long now = Instant.now().getEpochSecond();
        Map<String, Object> valid = Map.of("iss", DevTokens.ISSUER, "aud", DevTokens.AUDIENCE, "sub", "dr.ok",
                "upn", "dr.ok", "groups", List.of("clinician"), "iat", now, "exp", now + 600);
        RestAssured.given().auth().oauth2(TestTokens.tokens().sign(valid)).get("/api/records/patients/{p}", patient)
                .then().statusCode(200);

        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("another application's audience", TestTokens.tokens().sign(with(valid, "aud", "pharmacy-app")));
        refused.put("no audience", TestTokens.tokens().sign(without(valid, "aud")));
        refused.put("no exp", TestTokens.tokens().sign(without(valid, "exp")));
        refused.put("expired beyond the clock skew", TestTokens.tokens().sign(with(valid, "exp", now - 120)));
        refused.put("alg none", ForgedTokens.unsecured(valid));
        refused.put("HS256 keyed with the public key", ForgedTokens.hs256(valid, TestTokens.keys().publicKeyFile()));
        refused.forEach((what, token) -> RestAssured.given().auth().oauth2(token).get("/api/records/patients/{p}", patient)
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("urn:relais:problem:unauthenticated")));
    }

    private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> changed = new java.util.LinkedHashMap<>(claims);
        changed.put(name, value);
        return changed;
    }

    private static Map<String, Object> without(Map<String, Object> claims, String name) {
        Map<String, Object> changed = new java.util.LinkedHashMap<>(claims);
        changed.remove(name);
        return changed;
    }

    @Test
    void rolesSeparateClinicalDataFromTheAuditTrail() {
        String patient = createPatient("Roles", "Rémi", "1980-01-01");
        as("audit.team", "auditor").get("/api/records/patients/{p}", patient).then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("urn:relais:problem:forbidden"));
        as("someone", "directory-admin").get("/api/records/patients/{p}/summary", patient).then().statusCode(403);
        clinician().get("/api/records/audit").then().statusCode(403);
        as("audit.team", "auditor").get("/api/records/audit").then().statusCode(200);
    }

    @Test
    void everyAccessToAPatientIsAudited() {
        String patient = createPatient("Audit", "Alice", "1980-01-01");
        String requestId = "audit-" + UUID.randomUUID();
        as("dr.durand", "clinician").header("X-Request-Id", requestId).get("/api/records/patients/{p}/summary", patient)
                .then().statusCode(200);
        as("audit.team", "auditor").get("/api/records/patients/{p}", patient).then().statusCode(403);
        RestAssured.given().get("/api/records/patients/{p}", patient).then().statusCode(401);

        // Events are durable before each answer; after a read-only period they may still be in the
        // local journal for up to one replay interval, hence the wait.
        await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                as("audit.team", "auditor").queryParam("patientId", patient).queryParam("size", 100).get("/api/records/audit").then()
                        .body("items.action", hasItems("patient.create", "summary.read", "patient.read")));
        as("audit.team", "auditor").queryParam("patientId", patient).queryParam("size", 100).get("/api/records/audit").then().statusCode(200)
                .body("items.action", hasItems("patient.create", "summary.read", "patient.read"))
                .body("items.find { it.requestId == '" + requestId + "' }.actor", equalTo("dr.durand"))
                .body("items.find { it.requestId == '" + requestId + "' }.roles", equalTo("clinician"))
                .body("items.find { it.requestId == '" + requestId + "' }.outcome", equalTo("success"))
                .body("items.find { it.requestId == '" + requestId + "' }.site", equalTo("test"))
                .body("items.find { it.actor == 'audit.team' && it.action != 'audit.search' }.outcome", equalTo("denied"))
                .body("items.find { it.actor == 'anonymous' }.outcome", equalTo("unauthenticated"));
        as("audit.team", "auditor").queryParam("actor", "dr.durand").queryParam("from", Instant.now().minusSeconds(600).toString())
                .get("/api/records/audit").then().body("items.requestId", hasItem(requestId));
        as("audit.team", "auditor").queryParam("actor", "dr.durand").queryParam("to", "2000-01-01T00:00:00Z")
                .get("/api/records/audit").then().body("items", hasSize(0));
        clinician().queryParam("name", "audit").get("/api/records/patients").then().statusCode(200);
        await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                as("audit.team", "auditor").queryParam("actor", Api.CLINICIAN).get("/api/records/audit").then()
                        .body("items.find { it.action == 'patient.search' }.query", equalTo("name=audit")));
    }

    @Test
    void readingTheAuditTrailIsAuditedWithTheClientsAddress() {
        String patient = createPatient("Lecture", "Lucie", "1960-01-01");
        as("audit.team", "auditor").header("X-Forwarded-For", "192.168.4.20").queryParam("patientId", patient)
                .get("/api/records/audit").then().statusCode(200);
        await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                as("audit.team", "auditor").queryParam("patientId", patient).queryParam("size", 100).get("/api/records/audit").then()
                        .body("items.find { it.action == 'audit.search' }.actor", equalTo("audit.team"))
                        .body("items.find { it.action == 'audit.search' }.client", equalTo("127.0.0.1 for 192.168.4.20"))
                        .body("items.find { it.action == 'patient.create' }.client", equalTo("127.0.0.1")));
    }

    @Test
    void theAuditTrailIsAppendOnlyAndPurgedAfterRetention() throws SQLException {
        String patient = createPatient("Ancien", "Aimé", "1930-01-01");
        UUID old = UUID.randomUUID();
        try (Connection c = SharedPostgres.get().superuserConnection("records"); Statement s = c.createStatement()) {
            s.execute("INSERT INTO audit_event (id, occurred_at, actor, roles, action, patient_id, resource, outcome, status, site)"
                    + " VALUES ('" + old + "', now() - interval '400 days', 'dr.past', 'clinician', 'patient.read', '"
                    + patient + "', 'GET /x', 'success', 200, 'test')");
        }
        var db = SharedPostgres.get().database("records");
        // The service's own role, whatever it tries: it owns nothing, it may only append.
        for (String attempt : List.of(
                "UPDATE audit_event SET actor = 'x'",
                "DELETE FROM audit_event",
                "SET relais.audit_purge = 'on'; DELETE FROM audit_event",
                "TRUNCATE audit_event",
                "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only",
                "ALTER TABLE audit_event DROP COLUMN actor",
                "DROP TABLE audit_event",
                "SET session_replication_role = replica; DELETE FROM audit_event",
                "UPDATE clinical_entry_version SET display = 'x'",
                "DELETE FROM clinical_entry_version",
                "TRUNCATE clinical_entry_version",
                "ALTER TABLE clinical_entry_version DISABLE TRIGGER ALL",
                "DELETE FROM flyway_schema_history")) {
            try (Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                 Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                SQLException refused = assertThrows(SQLException.class, () -> s.execute(attempt), attempt);
                org.junit.jupiter.api.Assertions.assertTrue(refused.getSQLState().startsWith("42"),
                        attempt + ": refused for lack of privilege, not by accident: " + refused.getMessage());
            }
        }
        // What it must do, it can: append an event.
        try (Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO audit_event (id, occurred_at, actor, roles, action, resource, outcome, status, site)"
                    + " VALUES ('" + UUID.randomUUID() + "', now(), 'dr.now', 'clinician', 'patient.read', 'GET /x', 'success', 200, 'test')");
        }
        org.junit.jupiter.api.Assertions.assertTrue(auditService.purgeExpired() >= 1, "the 400-day-old event is purged");
        await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                as("audit.team", "auditor").queryParam("patientId", patient).queryParam("size", 100).get("/api/records/audit").then()
                        .body("items.actor", org.hamcrest.Matchers.not(hasItem("dr.past")))
                        .body("items.action", hasItem("patient.create")));
    }
}
