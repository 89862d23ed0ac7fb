package io.relais.status;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.relais.status.Api.PROBE_SETTLE;
import static io.relais.status.Api.anyone;
import static io.relais.status.Api.componentStatus;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live status from real probes of real HTTP endpoints. */
@QuarkusTest
@QuarkusTestResource(HealthEndpoints.class)
class ProbingTest {

    @org.junit.jupiter.api.BeforeEach
    void noIncidents() {
        Api.resolveAll();
    }

    @AfterEach
    void restore() {
        HealthEndpoints.allUp();
        await().atMost(PROBE_SETTLE).until(() -> componentStatus("site-b").equals("operational")
                && componentStatus("records-a").equals("operational"));
    }

    @Test
    void aSiteThatLosesPowerShowsAsOneSiteOutageWithinFiveSeconds() {
        await().atMost(PROBE_SETTLE).until(() -> componentStatus("site-b").equals("operational"));
        Instant cut = Instant.now();
        HealthEndpoints.powerOff("b");
        await().atMost(Duration.ofSeconds(5)).until(() -> componentStatus("site-b").equals("major_outage"));
        Duration detected = Duration.between(cut, Instant.now());
        System.out.printf("site b shown down %d ms after its power cut%n", detected.toMillis());

        anyone().get("/api/v2/summary.json").then().statusCode(200)
                .body("status.indicator", equalTo("major"))
                .body("status.description", containsString("Site B unreachable"))
                .body("components.find { it.id == 'records-b' }.status", equalTo("major_outage"))
                .body("components.find { it.id == 'directory-b' }.group_id", equalTo("site-b"))
                .body("components.find { it.id == 'site-a' }.status", equalTo("operational"));
        anyone().get("/").then().statusCode(200)
                .body(containsString("Site B injoignable depuis"))
                .body(containsString("Procédure papier directory"))
                // What the probes saw, in the page's language and in words, never exception text.
                .body(containsString("connexion refusée"))
                .body(not(containsString("connection refused")))
                .body(not(containsString("Exception")));
        anyone().get("/?lang=en").then().body(containsString("connection refused"));

        HealthEndpoints.powerOn("b");
        await().atMost(PROBE_SETTLE).until(() -> componentStatus("site-b").equals("operational"));
        anyone().get("/api/v2/status.json").then().body("status.indicator", equalTo("none"))
                .body("status.description", equalTo("All Systems Operational"));
    }

    @Test
    void oneServiceDownIsAPartialOutageOfItsSiteNotASiteOutage() {
        HealthEndpoints.set("directory-a", HealthEndpoints.Mode.FAIL_503);
        await().atMost(PROBE_SETTLE).until(() -> componentStatus("directory-a").equals("major_outage"));
        assertEquals("partial_outage", componentStatus("site-a"));
        anyone().get("/api/v2/status.json").then().body("status.description", not(containsString("unreachable")));
        anyone().get("/").then().body(not(containsString("injoignable depuis")));
    }

    @Test
    void aServiceOnAReadOnlyDatabaseIsDegraded() {
        HealthEndpoints.set("records-a", HealthEndpoints.Mode.READ_ONLY);
        await().atMost(PROBE_SETTLE).until(() -> componentStatus("records-a").equals("degraded_performance"));
        anyone().get("/api/v2/status.json").then().body("status.indicator", equalTo("minor"));
        anyone().get("/?lang=en").then().body(containsString("writes suspended")).body(containsString("Degraded"));
        anyone().get("/").then().body(containsString("écritures suspendues"));
    }

    @Test
    void lateDowntimePacksShowTheServiceDegradedWithWhatToDo() {
        HealthEndpoints.set("records-b", HealthEndpoints.Mode.PACKS_OVERDUE);
        await().atMost(PROBE_SETTLE).until(() -> componentStatus("records-b").equals("degraded_performance"));
        anyone().get("/").then().body(containsString("dossiers de secours en retard : imprimez les derniers reçus"));
        anyone().get("/?lang=en").then().body(containsString("downtime packs overdue: print the last ones you have"));
    }

    @Test
    void theHtmlPageIsFrenchByDefaultEnglishOnRequestAndSelfContained() {
        String fr = anyone().get("/").then().statusCode(200).header("Content-Language", "fr").extract().asString();
        assertTrue(fr.contains("Tous les services fonctionnent"), fr);
        assertTrue(fr.contains("http-equiv=\"refresh\""), "auto refresh");
        assertTrue(fr.contains("name=\"viewport\""), "readable on a phone");
        assertTrue(!fr.contains("src=\"http") && !fr.contains("href=\"http") && !fr.contains("@import"),
                "no external assets: " + fr);
        anyone().header("Accept-Language", "en-GB,en;q=0.8").get("/").then().header("Content-Language", "en")
                .body(containsString("All systems operational"));
        anyone().get("/?lang=en").then().body(containsString("Updated"));
    }
}
