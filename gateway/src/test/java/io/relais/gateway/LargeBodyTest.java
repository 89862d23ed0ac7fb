package io.relais.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static io.relais.gateway.UpstreamSites.Mode.FAIL_503;
import static io.relais.gateway.UpstreamSites.Mode.NORMAL;
import static io.relais.gateway.UpstreamSites.Mode.REFUSE;
import static io.relais.gateway.UpstreamSites.site;
import static org.hamcrest.Matchers.equalTo;

/** Bodies over the 1 MiB buffer are streamed, and replayed only while nothing was sent. */
@QuarkusTest
@QuarkusTestResource(UpstreamSites.class)
class LargeBodyTest extends GatewayTestBase {

    private static final byte[] FIVE_MB = new byte[5 * 1024 * 1024];

    @BeforeEach
    void bothSitesHealthy() {
        UpstreamSites.bothHealthy();
    }

    @Test
    void aLargeBodyIsStreamedWhole() {
        RestAssured.given().header("Idempotency-Key", "big-1").body(FIVE_MB).contentType("application/octet-stream")
                .post("/api/records/import").then().statusCode(200).header("X-Relais-Site", "a")
                .body("bodyLength", equalTo(FIVE_MB.length));
    }

    @Test
    void aLargeResponseIsStreamedBackWhole() {
        byte[] body = RestAssured.get("/api/records/export/download").then().statusCode(200)
                .header("X-Relais-Site", "a").extract().asByteArray();
        org.junit.jupiter.api.Assertions.assertEquals(5 * 1024 * 1024, body.length);
    }

    @Test
    void aStreamedBodyFailsOverOnlyWhileNothingWasSent() {
        site("a").mode(REFUSE);
        RestAssured.given().body(FIVE_MB).contentType("application/octet-stream").post("/api/records/import")
                .then().statusCode(200).header("X-Relais-Site", "b").body("bodyLength", equalTo(FIVE_MB.length));

        site("a").mode(FAIL_503);
        int bHits = site("b").apiHits();
        RestAssured.given().header("Idempotency-Key", "big-2").body(FIVE_MB).contentType("application/octet-stream")
                .post("/api/records/import").then().statusCode(503).header("X-Relais-Site", "a");
        org.junit.jupiter.api.Assertions.assertEquals(bHits, site("b").apiHits(),
                "a body already streamed to a cannot be replayed, even with an Idempotency-Key");
    }
}
