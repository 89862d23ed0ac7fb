package io.relais.records;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.testing.SharedPostgres;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.relais.records.Api.clinician;
import static io.relais.records.Api.patient;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The connection dies during COMMIT, after the write reached the database: the service cannot
 * know whether it was saved and must say so — "outcome unknown, retry with the same key" —
 * never "nothing was written". The retry with the same key then records it exactly once.
 *
 * <p>A deferred constraint trigger makes the COMMIT itself slow, so that the session is killed
 * in the middle of it, as a primary losing power would.
 */
@QuarkusTest
@QuarkusTestResource(RecordsTestResource.class)
class CommitLossTest {

    private static final String FAMILY = "Commitperdu";

    @AfterEach
    void dropTheSlowCommit() {
        inRecords("DROP TRIGGER IF EXISTS test_slow_commit ON patient");
    }

    @Test
    void aConnectionLostDuringCommitIsAnUnknownOutcomeAndTheSameKeyRecordsItOnce() throws Exception {
        inRecords("""
                CREATE OR REPLACE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.family_name = '%s' THEN PERFORM pg_sleep(20); END IF;
                  RETURN NULL;
                END $$;
                CREATE CONSTRAINT TRIGGER test_slow_commit AFTER INSERT ON patient
                  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_slow_commit();
                """.formatted(FAMILY));
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = patient(FAMILY, "Camille", "1966-06-06");
        CompletableFuture<Response> write = CompletableFuture.supplyAsync(() ->
                clinician().header("Idempotency-Key", key).body(body).post("/api/records/patients"));

        await().atMost(Duration.ofSeconds(10)).until(() -> committingSessions() == 1);
        SharedPostgres.get().executeAsSuperuser("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = 'records' AND wait_event = 'PgSleep'");

        write.get().then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", equalTo("5"))
                .body("type", equalTo("urn:relais:problem:database-unavailable"))
                .body("detail", containsString("outcome unknown"))
                .body("detail", containsString("same Idempotency-Key"));

        dropTheSlowCommit();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                clinician().header("Idempotency-Key", key).body(body).post("/api/records/patients")
                        .then().statusCode(201));
        clinician().header("Idempotency-Key", key).body(body).post("/api/records/patients")
                .then().statusCode(201).header("Idempotent-Replayed", "true");
        clinician().queryParam("name", FAMILY).get("/api/records/patients").then().statusCode(200)
                .body("items", hasSize(1));
    }

    private static void inRecords(String sql) {
        try (Connection c = SharedPostgres.get().superuserConnection("records"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int committingSessions() throws Exception {
        try (Connection c = SharedPostgres.get().superuserConnection("records"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = 'records'"
                     + " AND wait_event = 'PgSleep'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
