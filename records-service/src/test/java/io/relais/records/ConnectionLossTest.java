package io.relais.records;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.relais.testing.SharedPostgres;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.relais.records.Api.clinician;
import static io.relais.records.Api.createPatient;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * The database closes every session of the service at once, as a primary does when it is shut
 * down for a switchover (SQLSTATE 57P01). The request that meets a dead connection answers 503
 * with Retry-After; it must be the only one: the pool drops every other connection to that
 * server, so that the gateway's retry a moment later is served.
 *
 * <p>Foreground validation is off here so that a dead connection left in the pool would be
 * handed out for certain, as it is in production when it was used less than a second ago.
 */
@QuarkusTest
@QuarkusTestResource(RecordsTestResource.class)
@TestProfile(ConnectionLossTest.NoBorrowValidation.class)
class ConnectionLossTest {

    public static class NoBorrowValidation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.foreground-validation-interval", "24H",
                    "quarkus.datasource.jdbc.background-validation-interval", "24H",
                    // The periodic write check would find a dead connection before the reads do.
                    "relais.database.check-interval", "24H");
        }
    }

    @Test
    void onlyTheRequestThatMeetsADeadConnectionFails() {
        String patient = createPatient("Coupure", "Colette", "1955-03-14");
        // Several connections in the pool, all used a moment ago.
        IntStream.range(0, 6).mapToObj(i -> CompletableFuture.runAsync(() -> summary(patient)))
                .toList().forEach(CompletableFuture::join);

        SharedPostgres.get().executeAsSuperuser("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = 'records' AND pid <> pg_backend_pid()");

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Response response = summary(patient);
            statuses.add(response.statusCode());
            if (response.statusCode() == 503) {
                response.then().contentType("application/problem+json")
                        .header("Retry-After", is("5"))
                        .body("type", is("urn:relais:problem:database-unavailable"));
            }
        }
        assertThat("statuses after the sessions were closed: " + statuses,
                statuses.stream().filter(s -> s == 503).count(), lessThanOrEqualTo(1L));
        assertThat("statuses after the sessions were closed", statuses.subList(1, statuses.size()), everyItem(is(200)));
    }

    private static Response summary(String patient) {
        return clinician().get("/api/records/patients/{p}/summary", patient);
    }
}
