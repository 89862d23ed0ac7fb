package io.relais.records;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.relais.local.postgres.Replication;
import io.relais.testing.ReplicatedPostgresTestResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.relais.records.Api.clinician;
import static io.relais.records.Api.clinicianWrite;
import static io.relais.records.Api.createEntry;
import static io.relais.records.Api.createPatient;
import static io.relais.records.Api.patient;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * records-service on a real primary and synchronous hot standby behind a multi-host JDBC URL.
 * The primary's power is cut (SIGKILL): reads keep being served from the standby, writes answer
 * 503 read-only, and once the standby is promoted writes come back by themselves — with every
 * acknowledged write present.
 */
@QuarkusTest
@TestProfile(TwoSites.class)
class PrimaryLossTest {

    @Test
    void readsSurviveThePrimaryAndWritesReturnAfterPromotion() throws Exception {
        String patient = createPatient("Panne", "Paulette", "1948-08-18");
        createEntry(patient, Map.of("kind", "allergy", "display", "Morphine"));

        // A checkpoint after the last write, replayed by the standby: once it restarts from there it
        // replays no commit, and PostgreSQL no longer knows the time of the last one.
        ReplicatedPostgresTestResource.primary().executeAsSuperuser("CHECKPOINT");
        String checkpointed = lsn(ReplicatedPostgresTestResource.primary(), "pg_current_wal_lsn()");
        await().atMost(Duration.ofSeconds(10)).until(() -> lsnReached(checkpointed));
        Replication.powerCut(ReplicatedPostgresTestResource.primary());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                clinician().get("/api/records/patients/{p}/summary", patient).then().statusCode(200)
                        .body("readOnly", equalTo(true))
                        // A copy nobody feeds any more: as of its last replayed commit, and stale.
                        .body("stale", equalTo(true))
                        .body("asOf", org.hamcrest.Matchers.matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"))
                        .body("allergies.display", hasItem("Morphine")));
        // A FHIR client reads the same, and is told the same about the data.
        clinician().get("/api/records/fhir/r4/Patient/{p}/$summary", patient).then().statusCode(200)
                .contentType("application/fhir+json")
                .body("meta.tag.findAll { it.system == 'urn:relais:data-state' }.code",
                        org.hamcrest.Matchers.containsInAnyOrder("read-only", "stale"))
                .body("entry.resource.code.text", hasItem("Morphine"));
        clinicianWrite().body(patient("Pendant", "Pierre", "1950-01-01")).post("/api/records/patients")
                .then().statusCode(503).header("Retry-After", "5")
                .body("type", equalTo("urn:relais:problem:read-only"));

        // The standby restarts during the outage: it cannot tell how old its data is, and says so
        // rather than stamping old allergies with the time of the request.
        ReplicatedPostgresTestResource.standby().executeAsSuperuser("CHECKPOINT");
        ReplicatedPostgresTestResource.restartStandby();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                clinician().get("/api/records/patients/{p}/summary", patient).then().statusCode(200)
                        .body("asOf", equalTo("unknown"))
                        .body("stale", equalTo(true))
                        .body("allergies.display", hasItem("Morphine")));

        Replication.promote(ReplicatedPostgresTestResource.standby());

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                clinicianWrite().body(patient("Après", "Anne", "1950-01-01")).post("/api/records/patients")
                        .then().statusCode(201));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                clinician().get("/api/records/patients/{p}/summary", patient).then().statusCode(200)
                        .body("readOnly", equalTo(false))
                        .body("stale", equalTo(false))
                        .body("patient.familyName", equalTo("Panne"))
                        .body("allergies.display", hasItem("Morphine")));
    }

    private static String lsn(io.relais.local.postgres.EmbeddedPostgresCluster server, String function) throws java.sql.SQLException {
        try (java.sql.Connection c = server.superuserConnection(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT " + function + "::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Whether the standby has replayed up to that position of the primary's WAL. */
    private static boolean lsnReached(String target) throws java.sql.SQLException {
        try (java.sql.Connection c = ReplicatedPostgresTestResource.standby().superuserConnection();
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
