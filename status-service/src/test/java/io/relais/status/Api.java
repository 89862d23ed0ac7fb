package io.relais.status;

import io.relais.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;

/** Small helpers shared by the status-service tests. */
final class Api {

    /** Probes every second, two in a row to change: a change shows within this. */
    static final Duration PROBE_SETTLE = Duration.ofSeconds(5);

    private Api() {
    }

    static RequestSpecification admin() {
        return RestAssured.given().auth().oauth2(TestTokens.token("cellule.crise", "status-admin")).contentType(ContentType.JSON);
    }

    static RequestSpecification anyone() {
        return RestAssured.given();
    }

    static String componentStatus(String id) {
        return anyone().get("/api/v2/components.json").then().statusCode(200).extract()
                .path("components.find { it.id == '" + id + "' }.status");
    }

    static String createIncident(String body) {
        return admin().body(body).post("/api/v2/manage/incidents").then().statusCode(201).extract().path("id");
    }

    /** Resolves every unresolved incident, for tests that need a page with none. */
    static void resolveAll() {
        java.util.List<String> open = anyone().get("/api/v2/incidents/unresolved.json").then().extract().path("incidents.id");
        open.forEach(Api::resolve);
    }

    static void resolve(String incidentId) {
        String etag = admin().get("/api/v2/manage/incidents/{id}", incidentId).then().statusCode(200).extract().header("ETag");
        admin().header("If-Match", etag).body("{\"status\":\"resolved\",\"body\":\"Résolu.\"}")
                .post("/api/v2/manage/incidents/{id}/updates", incidentId).then().statusCode(200);
    }
}
