package io.relais.records;

import io.relais.testing.Management;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** What every Relais service exposes to operators: health, metrics, OpenAPI. */
@QuarkusTest
@QuarkusTestResource(RecordsTestResource.class)
class PlatformTest {

    @Test
    void healthSeparatesLivenessFromTheDatabase() {
        Management.get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Management.get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("Database connections health check", "database-writes"));
        Management.get("/q/health/live").then().body("checks.name", org.hamcrest.Matchers.not(
                hasItems("Database connections health check")));
    }

    @Test
    void metricsAndOpenApiArePublished() {
        Api.clinician().get("/api/records/patients?name=metrics").then().statusCode(200);
        Management.get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("agroal_"));
        Management.given().accept("application/json").get(Management.url("/q/openapi")).then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/records/patients/{patientId}/summary"))
                .body("components.securitySchemes", org.hamcrest.Matchers.hasKey("bearer"));
        Management.get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void nothingOfTheManagementInterfaceIsOnTheApiPort() {
        for (String path : new String[] {"/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/"}) {
            RestAssured.get(path).then().statusCode(404);
        }
    }
}
