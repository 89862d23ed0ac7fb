package io.relais.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static io.relais.gateway.UpstreamSites.Mode.FAIL_503;
import static io.relais.gateway.UpstreamSites.Mode.HANG;
import static io.relais.gateway.UpstreamSites.Mode.INVALID_STATUS;
import static io.relais.gateway.UpstreamSites.Mode.NORMAL;
import static io.relais.gateway.UpstreamSites.Mode.NOT_READY;
import static io.relais.gateway.UpstreamSites.Mode.REFUSE;
import static io.relais.gateway.UpstreamSites.site;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway against two real upstream HTTP servers that the tests break in every way. */
@QuarkusTest
@QuarkusTestResource(UpstreamSites.class)
class GatewayFailoverTest extends GatewayTestBase {

    @BeforeEach
    void bothSitesHealthy() {
        UpstreamSites.bothHealthy();
    }

    @Test
    void ownSiteServesWithCorrectProxyHeaders() {
        Response response = RestAssured.given()
                .header("Authorization", "Bearer abc.def.ghi")
                .header("Connection", "X-Client-Hop")
                .header("X-Client-Hop", "1")
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .get("/api/records/patients?name=dupont");
        response.then().statusCode(200)
                .header("X-Relais-Site", "a")
                .header("X-Request-Id", notNullValue())
                .header("X-Upstream-Hop", (String) null)
                .header("Keep-Alive", (String) null)
                .body("uri", equalTo("/api/records/patients?name=dupont"))
                .body("headers.authorization", equalTo("Bearer abc.def.ghi"))
                // The client's trace continues; its parent is the gateway's attempt (GatewayTracingTest).
                .body("headers.traceparent", org.hamcrest.Matchers.startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-"))
                .body("headers.x-request-id", equalTo(response.header("X-Request-Id")))
                .body("headers.forwarded", containsString("for=127.0.0.1"))
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"));
        assertNull(site("a").lastRequest().getJsonObject("headers").getString("x-client-hop"));
        RestAssured.given().header("X-Request-Id", "given-42").get("/api/records/x").then().header("X-Request-Id", "given-42");
    }

    @Test
    void clientsOfferingAnH2cUpgradeArePostedThroughWithTheirHost() throws Exception {
        // java.net.http asks for an h2c upgrade by default, body included.
        var client = java.net.http.HttpClient.newHttpClient();
        var response = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/records/patients"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"x\":1}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        io.vertx.core.json.JsonObject seen = new io.vertx.core.json.JsonObject(response.body());
        assertEquals(7, seen.getInteger("bodyLength"));
        // The upstream sees its own authority, never the client's Host; the client's goes in X-Forwarded-Host.
        assertEquals("127.0.0.1:" + site("a").port, seen.getJsonObject("headers").getString("host"));
        assertEquals("localhost:" + RestAssured.port, seen.getJsonObject("headers").getString("x-forwarded-host"));
    }

    @Test
    void aSiteRefusingConnectionsIsSkippedForEveryMethod() {
        site("a").mode(REFUSE);
        RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "b");
        // Nothing reached site a, so even a POST without Idempotency-Key is safe to send to b.
        RestAssured.given().body("{\"x\":1}").contentType("application/json").post("/api/records/patients")
                .then().statusCode(200).header("X-Relais-Site", "b").body("bodyLength", equalTo(7));
        RestAssured.given().body("{}").contentType("application/json").put("/api/records/patients/1")
                .then().statusCode(200).header("X-Relais-Site", "b");
    }

    @Test
    void a503FailsOverSafeRequestsAndKeyedPostsOnly() {
        site("a").mode(FAIL_503);
        RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "b");
        int bHits = site("b").apiHits();
        // A PUT or DELETE that reached site a may have been applied there: replayed at b it would
        // meet its own effect (412 for a change that succeeded). The client gets a's answer.
        RestAssured.given().body("{}").put("/api/records/patients/1").then().statusCode(503).header("X-Relais-Site", "a");
        RestAssured.given().delete("/api/records/patients/1/entries/2").then().statusCode(503).header("X-Relais-Site", "a");
        assertEquals(bHits, site("b").apiHits(), "a PUT or DELETE that reached site a is never replayed at b");
        RestAssured.given().body("{\"x\":1}").contentType("application/json").post("/api/records/patients")
                .then().statusCode(503).header("X-Relais-Site", "a");
        assertEquals(bHits, site("b").apiHits(), "a POST that reached site a is never replayed without a key");
        RestAssured.given().header("Idempotency-Key", "k-1").body("{\"x\":1}").contentType("application/json")
                .post("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "b")
                .body("headers.idempotency-key", equalTo("k-1"));
    }

    @Test
    void everyDeliveredAnswerIsCountedByRouteSiteAndStatus() {
        double servedByB = delivered("b", 200);
        double refusedByA = delivered("a", 503);
        site("a").mode(FAIL_503);
        for (int i = 0; i < 3; i++) {
            RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "b");
        }
        // Not replayed at b (it may have been applied at a): a's 503 is the answer delivered.
        RestAssured.given().body("{}").put("/api/records/patients/1").then().statusCode(503).header("X-Relais-Site", "a");
        assertEquals(servedByB + 3, delivered("b", 200), "answers of site b delivered with 200");
        assertEquals(refusedByA + 1, delivered("a", 503), "site a's 503 delivered to the client");
    }

    @Test
    void anUpstreamsInvalidStatusIsNeverPassedOn() {
        site("a").mode(INVALID_STATUS);
        // RFC 9110 §15: handled as a 5xx. A read is served by the other site...
        RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "b");
        // ...and a write that may have been applied at a is not replayed: the gateway's own 502.
        RestAssured.given().body("{}").put("/api/records/patients/1").then().statusCode(502)
                .contentType("application/problem+json")
                .body("route", equalTo("records"))
                .body("detail", containsString("it may have been applied at site a"));
        assertEquals(0, delivered("a", 1200), "no answer with status 1200 delivered");
    }

    /** relais_gateway_requests_total of the records route at a site for one status, 0 before its first answer. */
    private static double delivered(String site, int status) {
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("(?m)^relais_gateway_requests_total\\{route=\"records\","
                + "site=\"" + site + "\",status=\"" + status + "\",?} (\\S+)$").matcher(management("/q/metrics").asString());
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    @Test
    void aReadOnlySiteWhoseOtherSiteIsGoneGivesTheClientItsRetryAfter() {
        // The other site (b) lost power and this site's service runs on a standby until promotion:
        // its 503 must not turn into a 502 about b that the client cannot act on.
        site("a").mode(FAIL_503);
        site("b").mode(REFUSE);
        RestAssured.given().header("Idempotency-Key", "k-2").body("{\"x\":1}").contentType("application/json")
                .post("/api/records/patients").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "7")
                .body("type", equalTo("urn:relais:problem:upstream-unavailable"))
                .body("detail", containsString("Site a answered"))
                .body("sitesTried", org.hamcrest.Matchers.containsInAnyOrder("a", "b"));
    }

    @Test
    void readOnlyRefusalsFailOverWritesWithoutCuttingOffTheReadsOfThatSite() {
        // Site a's database became a standby: its writes answer 503 read-only, its reads still work.
        site("a").mode(UpstreamSites.Mode.READ_ONLY);
        int bHits = site("b").apiHits();
        for (int i = 0; i < 10; i++) {
            // Nothing was written at a, so even a POST without a key may go to b.
            RestAssured.given().body("{\"x\":1}").contentType("application/json").post("/api/records/patients")
                    .then().statusCode(200).header("X-Relais-Site", "b");
        }
        assertEquals(bHits + 10, site("b").apiHits());
        management("/gateway/upstreams").then()
                .body("upstreams.find { it.route == 'records' && it.site == 'a' }.breaker", equalTo("closed"));
        RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "a");
    }

    @Test
    void lostDatabaseConnectionsFailOverWithoutOpeningTheSitesBreaker() {
        // Site a's service lost its database connections (the primary just went away): each
        // request it gets answers 503 transient; b serves. Site a must stay in rotation, for the
        // moment it has fresh connections — its breaker is not the place for a database's loss.
        site("a").mode(UpstreamSites.Mode.LOST_DB_CONNECTIONS);
        for (int i = 0; i < 12; i++) {
            RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "b");
        }
        management("/gateway/upstreams").then()
                .body("upstreams.find { it.route == 'records' && it.site == 'a' }.breaker", equalTo("closed"));
        site("a").mode(NORMAL);
        RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "a");
    }

    @Test
    void aReadThatMetAPassing503IsRetriedAtTheOnlySiteLeft() {
        // Site b has just lost power; site a's service lost its database connection under this
        // very request and answers 503 once. The read must still succeed.
        site("b").mode(REFUSE);
        site("a").mode(UpstreamSites.Mode.FAIL_503_ONCE);
        int aHits = site("a").apiHits();
        RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "a");
        assertEquals(aHits + 2, site("a").apiHits(), "one 503, then the retry at the same site");
        // A write without a key is never replayed, even at the same site.
        site("a").mode(UpstreamSites.Mode.FAIL_503_ONCE);
        RestAssured.given().body("{\"x\":1}").contentType("application/json").post("/api/records/patients")
                .then().statusCode(503).header("X-Relais-Site", "a");
    }

    @Test
    void aRetryRoundGoesBackToTheSiteThatCanServeNotOnlyToTheLastOneTried() {
        // A switchover: site a's service met a dead connection (503 once, fine afterwards); site b
        // keeps answering 503 (in the drill its breaker had opened). The retry must reach site a.
        site("a").mode(UpstreamSites.Mode.FAIL_503_ONCE);
        site("b").mode(FAIL_503);
        RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "a");
    }

    @Test
    void aClientThatGivesUpIsNeitherRetriedElsewhereNorHeldAgainstTheSite() throws Exception {
        site("a").mode(HANG);
        int aHits = site("a").apiHits();
        int bHits = site("b").apiHits();
        long aFailures = failuresCounted("a");
        try (Socket client = new Socket("localhost", RestAssured.port)) {
            client.getOutputStream().write("GET /api/records/patients HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(5)).until(() -> site("a").apiHits() > aHits);
        }
        // Well past the gateway's 1 s response timeout: the read would have gone to site b by now.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> site("b").apiHits() == bHits);
        assertEquals(aFailures, failuresCounted("a"), "a client leaving is no failure of the upstream");
    }

    private long failuresCounted(String site) {
        return management("/gateway/upstreams").jsonPath()
                .getLong("upstreams.find { it.route == 'records' && it.site == '" + site + "' }.failures");
    }

    @Test
    void underAFhirBaseTheGatewaysOwnAnswersAreOperationOutcomes() {
        site("a").mode(FAIL_503);
        site("b").mode(REFUSE);
        RestAssured.get("/api/records/fhir/r4/Patient/42").then().statusCode(503)
                .contentType("application/fhir+json")
                .header("Retry-After", "7")
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].severity", equalTo("fatal"))
                .body("issue[0].code", equalTo("transient"))
                .body("issue[0].diagnostics", containsString("Site a answered"));
        // Outside a FHIR base, the same failure stays a problem document.
        RestAssured.get("/api/records/patients/42").then().statusCode(503).contentType("application/problem+json");
    }

    @Test
    void aHangingSiteTimesOutIntoTheOtherSite() {
        site("a").mode(HANG);
        long started = System.nanoTime();
        RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "b");
        assertFalse(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) > 0);
        RestAssured.given().body("{\"x\":1}").contentType("application/json").post("/api/records/patients")
                .then().statusCode(504).contentType("application/problem+json")
                .body("route", equalTo("records")).body("sitesTried", contains("a"));
    }

    @Test
    void whenEverySiteFailsTheAnswerNamesTheRouteAndSites() {
        site("a").mode(REFUSE);
        site("b").mode(REFUSE);
        RestAssured.get("/api/records/patients").then().statusCode(502)
                .contentType("application/problem+json")
                .header("X-Relais-Site", "a")
                .body("route", equalTo("records"))
                // a may already be marked down by its health checks, and b tried first
                .body("sitesTried", org.hamcrest.Matchers.containsInAnyOrder("a", "b"))
                .body("detail", containsString("records"));
    }

    @Test
    void healthChecksTakeADeadSiteOutOfRotationWithoutTraffic() {
        site("a").mode(NOT_READY);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> management("/gateway/upstreams").then()
                .body("upstreams.find { it.route == 'records' && it.site == 'a' }.health", equalTo("down")));
        int aHits = site("a").apiHits();
        RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "b");
        assertEquals(aHits, site("a").apiHits(), "a site marked down is not even tried");
        site("a").mode(NORMAL);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                RestAssured.get("/api/records/patients").then().header("X-Relais-Site", "a"));
    }

    @Test
    void aSiteChangingStateIsCheckedAgainAtTheTransitionIntervalNotTheInterval() {
        // Interval 200 ms, transition interval 50 ms (UpstreamSites): the check after the first
        // one that disagrees comes at the shorter one, in both directions.
        site("a").mode(NOT_READY);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> management("/gateway/upstreams").then()
                .body("upstreams.find { it.route == 'records' && it.site == 'a' }.health", equalTo("down")));
        assertCheckedAgainSoonAfterTheFirst(false);
        site("a").mode(NORMAL);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> management("/gateway/upstreams").then()
                .body("upstreams.find { it.route == 'records' && it.site == 'a' }.health", equalTo("up")));
        assertCheckedAgainSoonAfterTheFirst(true);
    }

    @Test
    void aSiteThatStaysDownIsCheckedAtTheDownIntervalNotTheInterval() {
        // Interval 200 ms, down interval 100 ms (UpstreamSites): a site out of rotation is
        // checked twice as often as one in it, so that it is used again soon after it comes back.
        // Timers fire late, not early: at the interval every gap would be about 200 ms.
        site("a").mode(NOT_READY);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> management("/gateway/upstreams").then()
                .body("upstreams.find { it.route == 'records' && it.site == 'a' }.health", equalTo("down")));
        int markedDown = site("a").readinessChecks().size();
        await().atMost(Duration.ofSeconds(5)).until(() -> site("a").readinessChecks().size() >= markedDown + 7);
        List<UpstreamSites.ReadinessCheck> whileDown = site("a").readinessChecks().subList(markedDown, markedDown + 7);
        long[] gapsMillis = new long[whileDown.size() - 1];
        for (int i = 1; i < whileDown.size(); i++) {
            assertFalse(whileDown.get(i).ready(), "site a still answers not ready: " + whileDown);
            gapsMillis[i - 1] = (whileDown.get(i).arrivedNanos() - whileDown.get(i - 1).arrivedNanos()) / 1_000_000;
        }
        Arrays.sort(gapsMillis);
        long medianMillis = gapsMillis[gapsMillis.length / 2];
        assertTrue(medianMillis < 175, "a site that stays down is checked every " + medianMillis
                + " ms (median of " + Arrays.toString(gapsMillis) + "), not at the 100 ms down interval");
    }

    /** The first check of site a answered {@code ready} after one that was not, and the check after it. */
    private static void assertCheckedAgainSoonAfterTheFirst(boolean ready) {
        List<UpstreamSites.ReadinessCheck> checks = site("a").readinessChecks();
        int first = -1;
        for (int i = checks.size() - 1; i > 0; i--) {
            if (checks.get(i).ready() == ready && checks.get(i - 1).ready() != ready) {
                first = i;
                break;
            }
        }
        assertTrue(first > 0 && first + 1 < checks.size(), "a change of answer and a check after it: " + checks);
        long gapMillis = (checks.get(first + 1).arrivedNanos() - checks.get(first).arrivedNanos()) / 1_000_000;
        assertTrue(gapMillis < 150, "checked again " + gapMillis + " ms after the first " + (ready ? "ready" : "failed")
                + " answer, not at the 50 ms transition interval");
    }

    @Test
    void theBreakerOpensThenProbesThenCloses() {
        site("a").mode(FAIL_503);
        for (int i = 0; i < 6; i++) {
            RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "b");
        }
        management("/gateway/upstreams").then()
                .body("upstreams.find { it.route == 'records' && it.site == 'a' }.breaker", equalTo("open"));
        int aHits = site("a").apiHits();
        RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "b");
        assertEquals(aHits, site("a").apiHits(), "an open breaker sends nothing to site a");

        site("a").mode(NORMAL);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                RestAssured.get("/api/records/patients").then().header("X-Relais-Site", "a"));
        RestAssured.get("/api/records/patients").then().header("X-Relais-Site", "a");
        management("/gateway/upstreams").then()
                .body("upstreams.find { it.route == 'records' && it.site == 'a' }.breaker", equalTo("closed"));
    }

    @Test
    void aSlowSiteWithinTheTimeoutIsWaitedFor() {
        site("a").mode(UpstreamSites.Mode.SLOW);
        int bHits = site("b").apiHits();
        RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "a");
        assertEquals(bHits, site("b").apiHits());
    }

    @Test
    void aSiteDyingMidResponseBreaksThatResponseButNotTheNext() {
        site("a").mode(UpstreamSites.Mode.DIE_MID_RESPONSE);
        // The status line already reached the client: the gateway cannot switch sites; it cuts the
        // connection so that the client sees a failure, never a truncated body passed off as whole.
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> {
            Response r = RestAssured.get("/api/records/patients");
            r.then().body("partial", notNullValue());
        });
        site("a").mode(NORMAL);
        RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "a");
    }

    @Test
    void aSmallAnswerBrokenOffBeforeItsEndIsA502NotATruncatedBody() {
        site("a").mode(UpstreamSites.Mode.DIE_MID_SMALL_RESPONSE);
        // A small answer is read whole before anything reaches the client: the client gets a
        // problem naming the site, not its first bytes passed off as the whole answer.
        RestAssured.get("/api/records/patients").then().statusCode(502)
                .statusLine(containsString("502 Bad Gateway"))
                .contentType("application/problem+json")
                .body("type", equalTo("urn:relais:problem:bad-gateway"))
                .body("detail", containsString("Site a broke its answer off before its end"))
                .body("sitesTried", contains("a"));
        site("a").mode(NORMAL);
        RestAssured.get("/api/records/patients").then().statusCode(200).header("X-Relais-Site", "a");
    }

    @Test
    void withEveryBreakerOpenTheAnswerIs503WithRetryAfter() {
        site("a").mode(FAIL_503);
        site("b").mode(FAIL_503);
        for (int i = 0; i < 8; i++) {
            RestAssured.get("/api/records/patients");
        }
        management("/gateway/upstreams").then()
                .body("upstreams.findAll { it.route == 'records' }.breaker", contains("open", "open"));
        RestAssured.get("/api/records/patients").then().statusCode(503)
                .header("Retry-After", notNullValue())
                .contentType("application/problem+json")
                .body("type", equalTo("urn:relais:problem:upstream-unavailable"))
                .body("route", equalTo("records"));
        management("/q/metrics").then().statusCode(200)
                .body(containsString("relais_gateway_breaker_transitions_total"))
                .body(containsString("relais_gateway_upstream_failures_total"))
                .body(containsString("relais_gateway_upstream_latency_seconds_count"))
                .body(containsString("relais_gateway_failovers_total"));
    }

    @Test
    void theGatewayStaysReadyWhenItsUpstreamsAreDown() {
        site("a").mode(REFUSE);
        site("b").mode(REFUSE);
        management("/q/health/ready").then().statusCode(200);
    }
}
