package io.relais.records;

import io.relais.testing.Management;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.testing.SharedPostgres;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.relais.records.Api.as;
import static io.relais.records.Api.clinician;
import static io.relais.records.Api.clinicianWrite;
import static io.relais.records.Api.createEntry;
import static io.relais.records.Api.createPatient;
import static io.relais.records.Api.patient;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database really refuses writes (every session read-only, SQLSTATE 25006, as on a hot
 * standby): reads and summaries keep working, writes answer 503 at once with Retry-After,
 * nothing is half-written, read audits wait in the local journal and reach the database when
 * writes come back.
 */
@QuarkusTest
@QuarkusTestResource(RecordsTestResource.class)
class ReadOnlyModeTest {

    private static final Path JOURNAL = Path.of("target/audit-journal-test.ndjson");

    @AfterEach
    void writable() {
        setReadOnly(false);
    }

    @Test
    void aReadOnlyDatabaseKeepsReadsAndRefusesWritesCleanly() throws Exception {
        String patient = createPatient("Standby", "Sacha", "1969-07-21");
        String entry = createEntry(patient, Map.of("kind", "allergy", "display", "Aspirine"));
        long rowsBefore = rows();

        setReadOnly(true);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                clinicianWrite().body(patient("Refus", "Rita", "1990-01-01")).post("/api/records/patients")
                        .then().statusCode(503).body("type", equalTo("urn:relais:problem:read-only")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Management.get("/q/health/ready").then()
                .body("checks.find { it.name == 'database-writes' }.data.writes", equalTo("read_only")));

        String readId = "ro-read-" + UUID.randomUUID();
        clinician().header("X-Request-Id", readId).get("/api/records/patients/{p}/summary", patient)
                .then().statusCode(200)
                .body("readOnly", equalTo(true))
                .body("allergies.display", hasItem("Aspirine"))
                .body("asOf", notNullValue());
        clinician().queryParam("name", "standby").get("/api/records/patients").then().statusCode(200)
                .body("items.id", hasItem(patient));

        clinician().header("Idempotency-Key", UUID.randomUUID().toString())
                .body(patient("Refus", "Rémy", "1990-01-01")).post("/api/records/patients")
                .then().statusCode(503).header("Retry-After", "5")
                .contentType("application/problem+json")
                .body("type", equalTo("urn:relais:problem:read-only"))
                .body("detail", containsString("nothing was written"));
        clinician().header("If-Match", "\"v1\"").body(Map.of("display", "Aspirine 500"))
                .put("/api/records/patients/{p}/entries/{e}", patient, entry)
                .then().statusCode(503).header("Retry-After", notNullValue());
        clinicianWrite().body(Map.of("kind", "note", "display", "Pendant la panne"))
                .post("/api/records/patients/{p}/entries", patient).then().statusCode(503);
        Management.get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'database-writes' }.data.writes", equalTo("read_only"));
        assertEquals(rowsBefore, rows(), "nothing half-written");
        // The replay job may already have moved the journal aside for a (failing) replay attempt.
        Path replaying = JOURNAL.resolveSibling(JOURNAL.getFileName() + ".replaying");
        assertTrue(Files.exists(JOURNAL) && Files.size(JOURNAL) > 0 || Files.exists(replaying) && Files.size(replaying) > 0,
                "read audits wait in the local journal");

        setReadOnly(false);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                clinicianWrite().body(patient("Retour", "Rose", "1990-01-01")).post("/api/records/patients")
                        .then().statusCode(201));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                // The clinician's events only: every search of the trail is itself audited, and
                // these polls would otherwise fill the first page with their own events.
                as("audit.team", "auditor").queryParam("patientId", patient).queryParam("actor", Api.CLINICIAN)
                        .get("/api/records/audit").then().statusCode(200).body("items.requestId", hasItem(readId)));
        // readOnly is as of the last availability check (every 2 s): it may lag a first successful write.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                clinician().get("/api/records/patients/{p}/summary", patient).then().body("readOnly", equalTo(false)));
        // The backlog drains completely: afterwards audit events go straight to the database again.
        await().atMost(Duration.ofSeconds(15)).until(() -> !Files.exists(JOURNAL)
                && !Files.exists(JOURNAL.resolveSibling(JOURNAL.getFileName() + ".replaying")));
    }

    private static void setReadOnly(boolean readOnly) {
        SharedPostgres.get().executeAsSuperuser(
                "SET default_transaction_read_only = off",
                readOnly ? "ALTER SYSTEM SET default_transaction_read_only = on" : "ALTER SYSTEM RESET default_transaction_read_only",
                "SELECT pg_reload_conf()");
        if (readOnly) {
            // A session idle at the reload runs its next statement under the old setting, so a
            // pooled connection could still write once (the audit replay did, now and then).
            // Closing the service's sessions makes the pool reconnect under the new one, as it
            // does when a primary is demoted.
            SharedPostgres.get().executeAsSuperuser("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = 'records' AND pid <> pg_backend_pid()");
        }
    }

    private static long rows() throws SQLException {
        try (Connection c = SharedPostgres.get().superuserConnection("records"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT (SELECT count(*) FROM patient) + (SELECT count(*) FROM clinical_entry)
                          + (SELECT count(*) FROM clinical_entry_version) + (SELECT count(*) FROM relais_idempotency)
                          + (SELECT sum(version) FROM clinical_entry)""")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
