package io.relais.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.relais.gateway.UpstreamSites.Mode.FAIL_503;
import static io.relais.gateway.UpstreamSites.site;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every site failing with 503 (overload): failovers stay within the budget, not one per request. */
@QuarkusTest
@TestProfile(RetryBudgetTest.TightBudget.class)
class RetryBudgetTest extends GatewayTestBase {

    public static class TightBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Breakers that never open, so that every request reaches site a and asks to fail over.
            return Map.of("gateway.retry-budget.ratio", "0.2", "gateway.retry-budget.min-per-second", "1",
                    "gateway.breaker.request-volume", "100000");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(UpstreamSites.class));
        }
    }

    @Test
    void aTotalOutageDoesNotDoubleTheLoad() {
        site("a").mode(FAIL_503);
        site("b").mode(FAIL_503);
        int aBefore = site("a").apiHits();
        int bBefore = site("b").apiHits();
        int requests = 100;
        for (int i = 0; i < requests; i++) {
            RestAssured.get("/api/records/patients").then().statusCode(503);
        }
        int toA = site("a").apiHits() - aBefore;
        int toB = site("b").apiHits() - bBefore;
        int extra = toA + toB - requests;
        assertTrue(toA >= requests, "every request tries its own site first");
        // Failovers and retry rounds alike come out of the budget over the 10 s window:
        // max(1/s floor × 10 s, 20 % of requests) = 20.
        assertTrue(extra <= 21, "extra attempts limited by the budget, got " + extra + " (a " + toA + ", b " + toB + ")");
        assertTrue(extra >= 10 && toB > 0, "the floor still allows some failovers, got " + extra + " (b " + toB + ")");
    }
}
