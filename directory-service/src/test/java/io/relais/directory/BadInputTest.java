package io.relais.directory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.testing.BadInputTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.relais.directory.Api.admin;
import static io.relais.directory.Api.contact;
import static io.relais.directory.Api.createDepartment;
import static io.relais.directory.Api.createPerson;
import static io.relais.directory.Api.createSite;
import static io.relais.directory.Api.createSlot;
import static io.relais.directory.Api.person;
import static io.relais.directory.Api.staff;
import static io.relais.directory.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Every endpoint, fed bad input: each answer is a precise 4xx problem document naming the
 * field, nothing is written, and there is never a 500.
 */
@QuarkusTest
@QuarkusTestResource(DirectoryTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    String site;
    String department;
    String person;
    String slot;

    /** Seeded on first use: the application is not yet up when @BeforeAll runs. */
    void seed() {
        if (site != null) {
            return;
        }
        site = createSite(unique("bad"), "Cible");
        department = createDepartment(site, "cible", "Cible");
        person = createPerson("Cible", "Constance", "Médecin", department, contact("dect", "1234", "public"));
        slot = createSlot(department, "Garde", person, "2026-12-01T08:00:00Z", "2026-12-01T20:00:00Z");
    }

    static Stream<Arguments> cases() {
        String longText = "x".repeat(201);
        return Stream.of(
                // name, method, path, body, expected status, field (or problem type suffix)
                Arguments.of("malformed JSON", "POST", "/api/directory/sites", "{\"code\": ", 400, "type:malformed-request"),
                Arguments.of("search term given twice", "GET", "/api/directory/people?q=martin&q=dupont", null, 400, "field:q"),
                Arguments.of("JSON array instead of object", "POST", "/api/directory/sites", "[1]", 400, "field:body"),
                Arguments.of("empty body", "POST", "/api/directory/sites", "", 400, "field:body"),
                Arguments.of("unknown field", "POST", "/api/directory/sites", "{\"code\":\"a\",\"name\":\"A\",\"city\":\"Paris\"}", 400, "field:city"),
                Arguments.of("site code with capitals and spaces", "POST", "/api/directory/sites", "{\"code\":\"Saint Louis\",\"name\":\"A\"}", 400, "field:code"),
                Arguments.of("site without name", "POST", "/api/directory/sites", "{\"code\":\"ok\"}", 400, "field:name"),
                Arguments.of("over-long site name", "POST", "/api/directory/sites", "{\"code\":\"ok\",\"name\":\"" + longText + "\"}", 400, "field:name"),
                Arguments.of("control character in a name", "POST", "/api/directory/sites", "{\"code\":\"ok\",\"name\":\"A\\u0007B\"}", 400, "field:name"),
                Arguments.of("number for a string", "POST", "/api/directory/sites", "{\"code\":12,\"name\":\"A\"}", 400, "field:code"),
                Arguments.of("bad Idempotency-Key", "POST", "/api/directory/sites", "idem:" + "k".repeat(300) + "|{\"code\":\"ok\",\"name\":\"A\"}", 400, "field:Idempotency-Key"),
                Arguments.of("text instead of JSON", "POST", "/api/directory/sites", "text/plain:hello", 415, "type:unsupported-media-type"),
                Arguments.of("oversized body", "POST", "/api/directory/sites", "{\"code\":\"ok\",\"name\":\"" + "a".repeat(300_000) + "\"}", 413, "type:payload-too-large"),
                Arguments.of("bad site UUID", "GET", "/api/directory/sites/12345", null, 400, "field:siteId"),
                Arguments.of("unknown site", "GET", "/api/directory/sites/" + UUID.randomUUID(), null, 404, "type:not-found"),
                Arguments.of("site update without If-Match", "PUT", "/api/directory/sites/{site}", "{\"code\":\"ok\",\"name\":\"B\"}", 428, "type:precondition-required"),
                Arguments.of("site update with a stale If-Match", "PUT", "/api/directory/sites/{site}", "ifmatch:\"v7\"|{\"code\":\"ok\",\"name\":\"B\"}", 412, "type:precondition-failed"),
                Arguments.of("site delete with a stale If-Match", "DELETE", "/api/directory/sites/{site}", "ifmatch:\"v7\"|", 412, "type:precondition-failed"),
                Arguments.of("department of a site that is not a UUID", "POST", "/api/directory/departments", "{\"siteId\":\"x\",\"code\":\"a\",\"name\":\"A\"}", 400, "field:siteId"),
                Arguments.of("department of an unknown site", "POST", "/api/directory/departments", "{\"siteId\":\"" + UUID.randomUUID() + "\",\"code\":\"a\",\"name\":\"A\"}", 400, "field:siteId"),
                Arguments.of("department without site", "POST", "/api/directory/departments", "{\"code\":\"a\",\"name\":\"A\"}", 400, "field:siteId"),
                Arguments.of("department list of a bad site", "GET", "/api/directory/departments?site=abc", null, 400, "field:site"),
                Arguments.of("person without profession", "POST", "/api/directory/people", personWith("profession", null), 400, "field:profession"),
                Arguments.of("person without departments list", "POST", "/api/directory/people", personWith("departmentIds", null), 400, "field:departmentIds"),
                Arguments.of("person in an unknown department", "POST", "/api/directory/people", personWith("departmentIds", List.of(UUID.randomUUID().toString())), 400, "field:departmentIds[0]"),
                Arguments.of("person in the same department twice", "POST", "/api/directory/people", personWith("departmentIds", List.of("{department}", "{department}")), 400, "field:departmentIds[1]"),
                Arguments.of("RPPS with 10 digits", "POST", "/api/directory/people", personWith("rpps", "1234567890"), 400, "field:rpps"),
                Arguments.of("RPPS with a wrong check digit", "POST", "/api/directory/people", personWith("rpps", "10000000007"), 400, "field:rpps"),
                Arguments.of("external id with spaces", "POST", "/api/directory/people", personWith("externalId", "a b"), 400, "field:externalId"),
                Arguments.of("unknown contact kind", "POST", "/api/directory/people", personWith("contactPoints", List.of(java.util.Map.of("kind", "telex", "value", "1", "visibility", "public"))), 400, "field:contactPoints[0].kind"),
                Arguments.of("contact without visibility", "POST", "/api/directory/people", personWith("contactPoints", List.of(java.util.Map.of("kind", "dect", "value", "1234"))), 400, "field:contactPoints[0].visibility"),
                Arguments.of("DECT with letters", "POST", "/api/directory/people", personWith("contactPoints", List.of(contact("dect", "12a4", "public"))), 400, "field:contactPoints[0].value"),
                Arguments.of("mobile too short", "POST", "/api/directory/people", personWith("contactPoints", List.of(contact("dect", "1234", "public"), contact("mobile", "06", "public"))), 400, "field:contactPoints[1].value"),
                Arguments.of("e-mail without domain", "POST", "/api/directory/people", personWith("contactPoints", List.of(contact("email", "anne@", "public"))), 400, "field:contactPoints[0].value"),
                Arguments.of("number at an unknown site", "POST", "/api/directory/people", personWith("contactPoints", List.of(java.util.Map.of("kind", "dect", "value", "1234", "visibility", "public", "siteId", UUID.randomUUID().toString()))), 400, "field:contactPoints[0].siteId"),
                Arguments.of("too many numbers", "POST", "/api/directory/people", personWith("contactPoints", java.util.Collections.nCopies(21, contact("dect", "1234", "public"))), 400, "field:contactPoints"),
                Arguments.of("person update without If-Match", "PUT", "/api/directory/people/{person}", personWith("familyName", "Autre"), 428, "type:precondition-required"),
                Arguments.of("bad person UUID", "GET", "/api/directory/people/nope", null, 400, "field:personId"),
                Arguments.of("page size zero", "GET", "/api/directory/people?q=a&size=0", null, 400, "field:size"),
                Arguments.of("page size over 100", "GET", "/api/directory/people?size=101", null, 400, "field:size"),
                Arguments.of("negative page", "GET", "/api/directory/people?page=-1", null, 400, "field:page"),
                Arguments.of("search in a bad site", "GET", "/api/directory/people?site=1", null, 400, "field:site"),
                Arguments.of("search in a bad department", "GET", "/api/directory/people?department=1", null, 400, "field:department"),
                Arguments.of("search in an unknown department", "GET", "/api/directory/people?department=" + UUID.randomUUID(), null, 404, "type:not-found"),
                Arguments.of("over-long profession filter", "GET", "/api/directory/people?profession=" + longText, null, 400, "field:profession"),
                Arguments.of("slot ending before it starts", "POST", "/api/directory/rota", slot("2026-12-02T08:00:00Z", "2026-12-01T08:00:00Z"), 400, "field:endsAt"),
                Arguments.of("slot of 40 days", "POST", "/api/directory/rota", slot("2026-12-01T08:00:00Z", "2027-01-10T08:00:00Z"), 400, "field:endsAt"),
                Arguments.of("slot with a local time", "POST", "/api/directory/rota", slot("2026-12-01 08:00", "2026-12-01T20:00:00Z"), 400, "field:startsAt"),
                Arguments.of("slot for an unknown person", "POST", "/api/directory/rota", "{\"departmentId\":\"{department}\",\"roleLabel\":\"Garde\",\"personId\":\"" + UUID.randomUUID() + "\",\"startsAt\":\"2026-12-01T08:00:00Z\",\"endsAt\":\"2026-12-01T20:00:00Z\"}", 400, "field:personId"),
                Arguments.of("slot without role", "POST", "/api/directory/rota", "{\"departmentId\":\"{department}\",\"roleLabel\":\" \",\"personId\":\"{person}\",\"startsAt\":\"2026-12-01T08:00:00Z\",\"endsAt\":\"2026-12-01T20:00:00Z\"}", 400, "field:roleLabel"),
                Arguments.of("slot update with a stale If-Match", "PUT", "/api/directory/rota/{slot}", "ifmatch:\"v3\"|" + slot("2026-12-01T08:00:00Z", "2026-12-01T21:00:00Z"), 412, "type:precondition-failed"),
                Arguments.of("rota without period", "GET", "/api/directory/rota?department={department}", null, 400, "field:from"),
                Arguments.of("rota with a bad time", "GET", "/api/directory/rota?department={department}&from=today&to=2026-12-01T00:00:00Z", null, 400, "field:from"),
                Arguments.of("rota over two years", "GET", "/api/directory/rota?site={site}&from=2026-01-01T00:00:00Z&to=2028-01-01T00:00:00Z", null, 400, "field:to"),
                Arguments.of("on-call at a bad instant", "GET", "/api/directory/on-call?department={department}&at=now", null, 400, "field:at"),
                Arguments.of("on-call without scope", "GET", "/api/directory/on-call", null, 400, "field:department"),
                Arguments.of("export in an unknown format", "GET", "/api/directory/sites/{site}/phone-book?format=xlsx", null, 400, "field:format"),
                Arguments.of("on-call list with a bad date", "GET", "/api/directory/sites/{site}/on-call-list?from=2026-02-30", null, 400, "field:from"),
                Arguments.of("export of an unknown site", "GET", "/api/directory/sites/" + UUID.randomUUID() + "/phone-book", null, 404, "type:not-found"),
                Arguments.of("import without header", "POST", "/api/directory/import/people", "csv:Dupont,Jean\n", 400, "field:header"),
                Arguments.of("import with an unknown column", "POST", "/api/directory/import/people", "csv:external_id,family_name,given_names,profession,departments,salary\nA,B,C,D,E,F\n", 400, "field:header"),
                Arguments.of("import with unbalanced quotes", "POST", "/api/directory/import/rota", "csv:site,department,role,person,starts_at,ends_at\n\"a,b,c,d,e,f\n", 400, "field:body"),
                Arguments.of("unsupported method", "PATCH", "/api/directory/sites/{site}", "{}", 405, "type:method-not-allowed"),
                Arguments.of("unknown path", "GET", "/api/directory/nothing-here", null, 404, "type:not-found"));
    }

    private static String personWith(String field, Object value) {
        java.util.Map<String, Object> p = new java.util.HashMap<>(person("Nouveau", "Nina", "Médecin", List.of("{department}"),
                List.of(contact("dect", "1234", "public"))));
        p.put(field, value);
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(p);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String slot(String startsAt, String endsAt) {
        return "{\"departmentId\":\"{department}\",\"roleLabel\":\"Garde\",\"personId\":\"{person}\",\"startsAt\":\""
                + startsAt + "\",\"endsAt\":\"" + endsAt + "\"}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsAPreciseProblemAndWritesNothing(String name, String method, String path, String body,
                                                   int status, String expectation) throws SQLException {
        seed();
        BadInputTable.check(name, admin(), method, substitute(path), body == null ? null : substitute(body), status,
                expectation, false, DATA);
    }

    @Test
    void injectionLookingAndNonLatinNamesAreStoredVerbatimAndFound() {
        seed();
        String[][] names = {
                {"Robert'); DROP TABLE person;--", "<script>alert(1)</script>"},
                {"Παπαδόπουλος", "Αλέξανδρος"},
                {"王", "小明"},
                {"Ngô", "Bảo Châu"},
                {"O'Brien-Núñez", "José 🏥"},
        };
        for (String[] n : names) {
            String id = createPerson(n[0], n[1], "Médecin", department);
            staff().get("/api/directory/people/{p}", id).then().statusCode(200)
                    .body("familyName", equalTo(n[0])).body("givenNames", equalTo(n[1]));
            staff().queryParam("q", n[0]).get("/api/directory/people").then().statusCode(200)
                    .body("items.id", hasItem(id));
        }
        // The PDF cannot print every script; it prints "?" rather than failing.
        staff().get("/api/directory/sites/{s}/phone-book", site).then().statusCode(200).contentType("application/pdf");
    }

    private String substitute(String text) {
        return text.replace("{site}", site).replace("{department}", department).replace("{person}", person)
                .replace("{slot}", slot);
    }

    /** Row counts and versions of every table an API call could write. */
    private static final BadInputTable.Fingerprint DATA = BadInputTable.of("directory", """
            SELECT (SELECT count(*) FROM site) * 1000000 + (SELECT count(*) FROM department) * 10000
                 + (SELECT count(*) FROM person) * 100 + (SELECT count(*) FROM contact_point)
                 + (SELECT count(*) FROM person_department) + (SELECT count(*) FROM rota_entry) * 1000
                 + (SELECT count(*) FROM relais_idempotency)
                 + coalesce((SELECT sum(version) FROM site), 0) + coalesce((SELECT sum(version) FROM person), 0)
                 + coalesce((SELECT sum(version) FROM department), 0) + coalesce((SELECT sum(version) FROM rota_entry), 0)""");
}
