package io.relais.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.relais.gateway.UpstreamSites.Mode.API_REFUSES;
import static io.relais.gateway.UpstreamSites.site;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One access-log line per client request: who asked what, the answer, which site and how many tries. */
@QuarkusTest
@QuarkusTestResource(UpstreamSites.class)
class AccessLogTest extends GatewayTestBase {

    private static final Path LOG = Path.of("target/gateway-access.log");

    @BeforeEach
    void bothSitesHealthy() {
        UpstreamSites.bothHealthy();
    }

    @Test
    void aServedRequestIsLoggedWithItsSiteAndNoQueryString() {
        String id = "access-" + UUID.randomUUID();
        RestAssured.given().header("X-Request-Id", id).get("/api/records/patients?name=dupont").then().statusCode(200);
        String line = lineOf(id);
        assertTrue(Pattern.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z 127\\.0\\.0\\.1 \"GET /api/records/patients"
                + " HTTP/1\\.1\" 200 \\d+ \\d+\\.\\d\\d ms site=a attempts=1 req=" + id, line), line);
        assertFalse(line.contains("dupont"), "a search's terms (patients' names) stay out of the proxy's log: " + line);
    }

    @Test
    void aFailoverShowsTheSiteThatAnsweredAndBothAttempts() {
        site("a").mode(API_REFUSES);
        String id = "access-" + UUID.randomUUID();
        RestAssured.given().header("X-Request-Id", id).get("/api/records/patients/1").then().statusCode(200)
                .header("X-Relais-Site", "b");
        String line = lineOf(id);
        assertTrue(line.contains("\"GET /api/records/patients/1 HTTP/1.1\" 200 ") && line.contains(" site=b attempts=2 "), line);
    }

    @Test
    void theGatewaysOwnRefusalsAreLoggedWithoutASiteAndEscaped() {
        String id = "access-" + UUID.randomUUID();
        RestAssured.given().header("X-Request-Id", id).urlEncodingEnabled(false)
                .get("/api/records/%2e%2e/%22x%22").then().statusCode(400);
        String line = lineOf(id);
        assertTrue(line.contains("\"GET /api/records/%2e%2e/%22x%22 HTTP/1.1\" 400 "), line);
        assertTrue(line.contains(" site=- attempts=0 "), line);

        String unrouted = "access-" + UUID.randomUUID();
        RestAssured.given().header("X-Request-Id", unrouted).get("/nowhere").then().statusCode(404);
        assertTrue(lineOf(unrouted).contains("\"GET /nowhere HTTP/1.1\" 404 "), lineOf(unrouted));
    }

    /** The line of one request, once its event loop has handed it over (within a second). */
    private static String lineOf(String requestId) {
        String[] found = {null};
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            if (!Files.exists(LOG)) {
                return false;
            }
            found[0] = Files.readAllLines(LOG).stream().filter(l -> l.endsWith(" req=" + requestId)).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }
}
