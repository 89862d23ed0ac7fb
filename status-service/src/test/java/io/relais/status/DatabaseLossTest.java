package io.relais.status;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.relais.status.Api.admin;
import static io.relais.status.Api.anyone;
import static io.relais.status.Api.componentStatus;
import static io.relais.status.Api.createIncident;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The page must keep answering with its database gone: live probes, last known incidents marked stale. */
@QuarkusTest
@QuarkusTestResource(HealthEndpoints.class)
class DatabaseLossTest {

    @Test
    void withTheDatabaseCutOffThePageShowsLiveStatusAndTheLastKnownIncidents() {
        String incident = createIncident("""
                {"name":"Panne de la téléphonie","status":"identified","impact":"major","body":"Opérateur en panne."}""");
        HealthEndpoints.cutDatabase();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    anyone().get("/api/v2/summary.json").header("X-Relais-Stale").equals("true"));
            anyone().get("/api/v2/incidents/unresolved.json").then().statusCode(200)
                    .body("incidents.id", hasItem(incident));
            anyone().get("/").then().statusCode(200).body(containsString("Base de données injoignable"))
                    .body(containsString("Panne de la téléphonie"));

            // Probing never needed the database: a site lost now still shows.
            HealthEndpoints.powerOff("b");
            await().atMost(Api.PROBE_SETTLE).until(() -> componentStatus("site-b").equals("major_outage"));
            anyone().get("/").then().body(containsString("Site B injoignable depuis"));

            // Writes say plainly that they cannot be taken now.
            admin().body("{\"name\":\"x\",\"status\":\"investigating\",\"impact\":\"minor\",\"body\":\"x\"}")
                    .post("/api/v2/manage/incidents").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", org.hamcrest.Matchers.notNullValue());
        } finally {
            HealthEndpoints.restoreDatabase();
            HealthEndpoints.allUp();
        }
        await().atMost(Duration.ofSeconds(15)).until(() ->
                anyone().get("/api/v2/summary.json").header("X-Relais-Stale").equals("false"));
        anyone().get("/").then().body(org.hamcrest.Matchers.not(containsString("Base de données injoignable")));
        Api.resolve(incident);
        anyone().get("/api/v2/status.json").then().statusCode(200).body("page.id", equalTo("relais"));
    }
}
