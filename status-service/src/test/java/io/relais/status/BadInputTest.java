package io.relais.status;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.testing.BadInputTable;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.SQLException;
import java.util.UUID;
import java.util.stream.Stream;

import static io.relais.status.Api.admin;

/**
 * Every write endpoint, fed bad input: a precise 4xx problem document naming the field, nothing
 * written, never a 500.
 */
@QuarkusTest
@QuarkusTestResource(HealthEndpoints.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    String incident;
    String maintenance;

    void seed() {
        if (incident == null) {
            incident = Api.createIncident("{\"name\":\"Cible\",\"status\":\"investigating\",\"impact\":\"minor\",\"body\":\"x\"}");
            maintenance = admin().body("{\"name\":\"Cible\",\"scheduledFor\":\"2030-01-01T00:00:00Z\",\"scheduledUntil\":\"2030-01-01T02:00:00Z\","
                    + "\"body\":\"x\",\"components\":[\"records-a\"]}").post("/api/v2/manage/maintenances")
                    .then().statusCode(201).extract().path("id");
        }
    }

    static Stream<Arguments> cases() {
        String incident = "/api/v2/manage/incidents";
        String maintenance = "/api/v2/manage/maintenances";
        String component = "/api/v2/manage/components";
        return Stream.of(
                Arguments.of("malformed JSON", "POST", incident, "{\"name\":", 400, "type:malformed-request"),
                Arguments.of("empty body", "POST", incident, "", 400, "field:body"),
                Arguments.of("unknown field", "POST", incident, "{\"name\":\"a\",\"status\":\"investigating\",\"impact\":\"minor\",\"body\":\"b\",\"severity\":1}", 400, "field:severity"),
                Arguments.of("incident without name", "POST", incident, "{\"status\":\"investigating\",\"impact\":\"minor\",\"body\":\"b\"}", 400, "field:name"),
                Arguments.of("unknown incident status", "POST", incident, "{\"name\":\"a\",\"status\":\"panic\",\"impact\":\"minor\",\"body\":\"b\"}", 400, "field:status"),
                Arguments.of("maintenance status on an incident", "POST", incident, "{\"name\":\"a\",\"status\":\"scheduled\",\"impact\":\"minor\",\"body\":\"b\"}", 400, "field:status"),
                Arguments.of("unknown impact", "POST", incident, "{\"name\":\"a\",\"status\":\"investigating\",\"impact\":\"huge\",\"body\":\"b\"}", 400, "field:impact"),
                Arguments.of("blank body text", "POST", incident, "{\"name\":\"a\",\"status\":\"investigating\",\"impact\":\"minor\",\"body\":\" \"}", 400, "field:body"),
                Arguments.of("unknown component", "POST", incident, "{\"name\":\"a\",\"status\":\"investigating\",\"impact\":\"minor\",\"body\":\"b\",\"components\":{\"fax\":\"major_outage\"}}", 400, "field:components.fax"),
                Arguments.of("unknown component status", "POST", incident, "{\"name\":\"a\",\"status\":\"investigating\",\"impact\":\"minor\",\"body\":\"b\",\"components\":{\"records-a\":\"on_fire\"}}", 400, "field:components.records-a"),
                Arguments.of("control character in a name", "POST", incident, "{\"name\":\"a\\u0000b\",\"status\":\"investigating\",\"impact\":\"minor\",\"body\":\"b\"}", 400, "field:name"),
                Arguments.of("over-long update", "POST", incident, "{\"name\":\"a\",\"status\":\"investigating\",\"impact\":\"minor\",\"body\":\"" + "b".repeat(5001) + "\"}", 400, "field:body"),
                Arguments.of("bad Idempotency-Key", "POST", incident, "idem:" + "k".repeat(300) + "|{\"name\":\"a\",\"status\":\"investigating\",\"impact\":\"minor\",\"body\":\"b\"}", 400, "field:Idempotency-Key"),
                Arguments.of("text instead of JSON", "POST", incident, "text/plain:incident", 415, "type:unsupported-media-type"),
                Arguments.of("oversized body", "POST", incident, "{\"name\":\"a\",\"status\":\"investigating\",\"impact\":\"minor\",\"body\":\"" + "b".repeat(300_000) + "\"}", 413, "type:payload-too-large"),
                Arguments.of("bad incident id", "GET", incident + "/42", null, 400, "field:id"),
                Arguments.of("unknown incident", "GET", incident + "/" + UUID.randomUUID(), null, 404, "type:not-found"),
                Arguments.of("update without If-Match", "POST", incident + "/{incident}/updates", "{\"status\":\"resolved\",\"body\":\"b\"}", 428, "type:precondition-required"),
                Arguments.of("update with a stale If-Match", "POST", incident + "/{incident}/updates", "ifmatch:\"v9\"|{\"status\":\"resolved\",\"body\":\"b\"}", 412, "type:precondition-failed"),
                Arguments.of("maintenance status on an incident update", "POST", incident + "/{incident}/updates", "ifmatch:\"v1\"|{\"status\":\"completed\",\"body\":\"b\"}", 400, "field:status"),
                Arguments.of("incident status on a maintenance update", "POST", maintenance + "/{maintenance}/updates", "ifmatch:\"v1\"|{\"status\":\"resolved\",\"body\":\"b\"}", 400, "field:status"),
                Arguments.of("maintenance ending before it starts", "POST", maintenance, "{\"name\":\"m\",\"scheduledFor\":\"2030-01-02T00:00:00Z\",\"scheduledUntil\":\"2030-01-01T00:00:00Z\",\"body\":\"b\",\"components\":[\"records-a\"]}", 400, "field:scheduledUntil"),
                Arguments.of("maintenance without components", "POST", maintenance, "{\"name\":\"m\",\"scheduledFor\":\"2030-01-01T00:00:00Z\",\"scheduledUntil\":\"2030-01-01T02:00:00Z\",\"body\":\"b\",\"components\":[]}", 400, "field:components"),
                Arguments.of("maintenance with a local time", "POST", maintenance, "{\"name\":\"m\",\"scheduledFor\":\"2030-01-01 08:00\",\"scheduledUntil\":\"2030-01-01T02:00:00Z\",\"body\":\"b\",\"components\":[\"records-a\"]}", 400, "field:scheduledFor"),
                Arguments.of("maintenance of an unknown component", "POST", maintenance, "{\"name\":\"m\",\"scheduledFor\":\"2030-01-01T00:00:00Z\",\"scheduledUntil\":\"2030-01-01T02:00:00Z\",\"body\":\"b\",\"components\":[\"nope\"]}", 400, "field:components.nope"),
                Arguments.of("component id with capitals", "POST", component, "{\"id\":\"Fax\",\"name\":\"Fax\",\"status\":\"operational\"}", 400, "field:id"),
                Arguments.of("hand-set component without status", "POST", component, "{\"id\":\"fax\",\"name\":\"Fax\"}", 400, "field:status"),
                Arguments.of("component in an unknown group", "POST", component, "{\"id\":\"fax\",\"name\":\"Fax\",\"status\":\"operational\",\"groupId\":\"site-z\"}", 400, "field:groupId"),
                Arguments.of("component taking a probed id", "POST", component, "{\"id\":\"records-a\",\"name\":\"X\",\"status\":\"operational\"}", 409, "type:conflict"),
                Arguments.of("unknown component read", "GET", component + "/nope", null, 404, "type:not-found"),
                Arguments.of("unsupported method", "DELETE", incident + "/{incident}", null, 405, "type:method-not-allowed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsAPreciseProblemAndWritesNothing(String name, String method, String path, String body, int status,
                                                   String expectation) throws SQLException {
        seed();
        BadInputTable.check(name, admin(), method, path.replace("{incident}", incident).replace("{maintenance}", maintenance),
                body, status, expectation, false, DATA);
    }

    /** Row counts and versions of every table an API call could write. */
    private static final BadInputTable.Fingerprint DATA = BadInputTable.of("status", """
            SELECT (SELECT count(*) FROM incident) * 1000000 + (SELECT count(*) FROM incident_update) * 1000
                 + (SELECT count(*) FROM component) * 100 + (SELECT count(*) FROM incident_component)
                 + (SELECT count(*) FROM incident_update_component)
                 + coalesce((SELECT sum(version) FROM incident), 0) + (SELECT count(*) FROM relais_idempotency)""");
}
