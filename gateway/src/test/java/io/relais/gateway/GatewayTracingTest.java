package io.relais.gateway;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.relais.gateway.UpstreamSites.Mode.API_REFUSES;
import static io.relais.gateway.UpstreamSites.site;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Following one request across sites: each attempt is a span of the client's trace, with its site
 * and outcome, and the upstream continues that trace with the attempt as its parent.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamSites.class)
class GatewayTracingTest extends GatewayTestBase {

    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    @Inject
    CapturedSpans spans;

    @BeforeEach
    void bothSitesHealthy() {
        UpstreamSites.bothHealthy();
    }

    @Test
    void theUpstreamContinuesTheClientsTraceUnderTheAttemptSpan() {
        String trace = newTrace();
        Response response = RestAssured.given().header("traceparent", "00-" + trace + "-" + CLIENT_SPAN + "-01")
                .get("/api/records/patients?name=durand");
        response.then().statusCode(200).header("X-Relais-Site", "a");
        String[] upstream = site("a").lastRequest().getJsonObject("headers").getString("traceparent").split("-");
        assertEquals(trace, upstream[1], "same trace at the service");
        assertNotEquals(CLIENT_SPAN, upstream[2], "its parent is the gateway's attempt, not the client");

        SpanData attempt = await().atMost(Duration.ofSeconds(5)).until(() -> spans.ofTrace(trace), s -> s.size() == 1).get(0);
        assertEquals(upstream[2], attempt.getSpanId(), "the upstream's parent is this attempt");
        assertEquals(CLIENT_SPAN, attempt.getParentSpanId());
        assertEquals("a", attempt.getAttributes().get(AttributeKey.stringKey("relais.site")));
        assertEquals("records", attempt.getAttributes().get(AttributeKey.stringKey("relais.route")));
        assertEquals("delivered", attempt.getAttributes().get(AttributeKey.stringKey("relais.outcome")));
        assertEquals(200L, attempt.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals(response.header("X-Request-Id"), attempt.getAttributes().get(AttributeKey.stringKey("relais.request_id")));
    }

    @Test
    void aFailoverShowsBothAttemptsInOneTraceWithWhatTheFirstMet() {
        String trace = newTrace();
        site("a").mode(API_REFUSES);
        RestAssured.given().header("traceparent", "00-" + trace + "-" + CLIENT_SPAN + "-01")
                .get("/api/records/patients?name=martin").then().statusCode(200).header("X-Relais-Site", "b");
        List<SpanData> attempts = await().atMost(Duration.ofSeconds(5)).until(() -> spans.ofTrace(trace), s -> s.size() == 2);
        SpanData first = attempts.stream().filter(s -> "a".equals(s.getAttributes().get(AttributeKey.stringKey("relais.site"))))
                .findFirst().orElseThrow();
        SpanData second = attempts.stream().filter(s -> "b".equals(s.getAttributes().get(AttributeKey.stringKey("relais.site"))))
                .findFirst().orElseThrow();
        assertEquals("connect", first.getAttributes().get(AttributeKey.stringKey("relais.outcome")));
        assertEquals(StatusCode.ERROR, first.getStatus().getStatusCode());
        assertEquals("delivered", second.getAttributes().get(AttributeKey.stringKey("relais.outcome")));
        assertEquals(2L, second.getAttributes().get(AttributeKey.longKey("relais.attempt")));
        String parentAtB = site("b").lastRequest().getJsonObject("headers").getString("traceparent").split("-")[2];
        assertEquals(second.getSpanId(), parentAtB, "site b's service continues under the second attempt");
    }

    @Test
    void aClientWithoutTraceparentStillGivesTheServiceOne() {
        RestAssured.get("/api/records/patients?name=bernard").then().statusCode(200);
        String traceparent = site("a").lastRequest().getJsonObject("headers").getString("traceparent");
        assertTrue(traceparent != null && traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"), traceparent);
    }

    /** A trace id of its own per test, so that spans of other tests never mix in. */
    private static String newTrace() {
        return java.util.UUID.randomUUID().toString().replace("-", "");
    }
}
