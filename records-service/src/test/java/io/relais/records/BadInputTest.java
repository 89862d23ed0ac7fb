package io.relais.records;

import io.relais.testing.Management;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.testing.BadInputTable;
import io.relais.testing.ProblemAssertions;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.relais.records.Api.as;
import static io.relais.records.Api.clinician;
import static io.relais.records.Api.createEntry;
import static io.relais.records.Api.createPatient;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every endpoint, fed bad input: each answer is a precise 4xx problem document naming the
 * field, nothing is written, and there is never a 500.
 */
@QuarkusTest
@QuarkusTestResource(RecordsTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final String VALID = """
            {"ipp":"%s","familyName":"Valide","givenNames":"Victor","birthDate":"1970-01-01","sex":"male"}""";

    String patient;
    String entry;
    String stay;

    /** Seeded on first use: the application is not yet up when @BeforeAll runs. */
    void seed() {
        if (patient != null) {
            return;
        }
        patient = createPatient("Cible", "Constance", "1975-05-05");
        entry = createEntry(patient, Map.of("kind", "note", "display", "Note initiale"));
        stay = Api.clinicianWrite().body(Map.of("unitId", UUID.randomUUID().toString(), "unitName", "Cardiologie",
                        "bed", "7", "admittedAt", "2026-01-05T08:00:00Z"))
                .post("/api/records/patients/{p}/stays", patient).then().statusCode(201).extract().path("id");
    }

    static Stream<Arguments> cases() {
        String longName = "x".repeat(101);
        return Stream.of(
                // name, method, path, body, expected status, field (or problem type suffix)
                Arguments.of("malformed JSON", "POST", "/api/records/patients", "{\"ipp\": ", 400, "type:malformed-request"),
                Arguments.of("JSON array instead of object", "POST", "/api/records/patients", "[1,2]", 400, "field:body"),
                Arguments.of("empty body", "POST", "/api/records/patients", "", 400, "field:body"),
                Arguments.of("wrong type for a date", "POST", "/api/records/patients", patientWith("\"birthDate\":12"), 400, "field:birthDate"),
                Arguments.of("object for a string", "POST", "/api/records/patients", patientWith("\"familyName\":{\"a\":1}"), 400, "field:familyName"),
                Arguments.of("missing family name", "POST", "/api/records/patients",
                        "{\"ipp\":\"M1\",\"givenNames\":\"A\",\"birthDate\":\"1970-01-01\",\"sex\":\"male\"}", 400, "field:familyName"),
                Arguments.of("unknown field", "POST", "/api/records/patients", patientWith("\"nickname\":\"Vic\""), 400, "field:nickname"),
                Arguments.of("over-long family name", "POST", "/api/records/patients", patientWith("\"familyName\":\"" + longName + "\""), 400, "field:familyName"),
                Arguments.of("impossible date", "POST", "/api/records/patients", patientWith("\"birthDate\":\"2023-02-30\""), 400, "field:birthDate"),
                Arguments.of("birth in the future", "POST", "/api/records/patients", patientWith("\"birthDate\":\"2999-01-01\""), 400, "field:birthDate"),
                Arguments.of("unknown sex", "POST", "/api/records/patients", patientWith("\"sex\":\"x\""), 400, "field:sex"),
                Arguments.of("control character in a name", "POST", "/api/records/patients", patientWith("\"givenNames\":\"A\\u0000B\""), 400, "field:givenNames"),
                Arguments.of("zero-width space in a name", "POST", "/api/records/patients", patientWith("\"familyName\":\"Du\\u200Bpont\""), 400, "field:familyName"),
                Arguments.of("right-to-left override in a name", "POST", "/api/records/patients", patientWith("\"givenNames\":\"\\u202Eeniramlec\""), 400, "field:givenNames"),
                Arguments.of("soft hyphen in an allergy", "POST", "/api/records/patients/{patient}/entries", "{\"kind\":\"allergy\",\"display\":\"P\\u00ADénicilline\"}", 400, "field:display"),
                Arguments.of("IPP with spaces and quotes", "POST", "/api/records/patients", patientWith("\"ipp\":\"1' OR '1'='1\""), 400, "field:ipp"),
                Arguments.of("malformed INS", "POST", "/api/records/patients", patientWith("\"ins\":{\"value\":\"12\",\"qualified\":true}"), 400, "field:ins.value"),
                Arguments.of("INS with a wrong key", "POST", "/api/records/patients", patientWith("\"ins\":{\"value\":\"185027512345600\",\"qualified\":true}"), 400, "field:ins.value"),
                Arguments.of("INS without qualified flag", "POST", "/api/records/patients", patientWith("\"ins\":{\"value\":\"185027512345600\"}"), 400, "field:ins.qualified"),
                Arguments.of("clinical create without Idempotency-Key", "POST", "/api/records/patients", "nokey:" + patientWith(""), 400, "field:Idempotency-Key"),
                Arguments.of("entry without Idempotency-Key", "POST", "/api/records/patients/{patient}/entries", "nokey:{\"kind\":\"note\",\"display\":\"a\"}", 400, "field:Idempotency-Key"),
                Arguments.of("Idempotency-Key sf-string never closed", "POST", "/api/records/patients", "idem:\"unterminated|" + patientWith(""), 400, "field:Idempotency-Key"),
                Arguments.of("not JSON at all", "POST", "/api/records/patients", "text/plain:hello", 415, "type:unsupported-media-type"),
                Arguments.of("oversized body", "POST", "/api/records/patients", patientWith("\"givenNames\":\"" + "a".repeat(300_000) + "\""), 413, "type:payload-too-large"),
                Arguments.of("bad patient UUID", "GET", "/api/records/patients/12345", null, 400, "field:patientId"),
                Arguments.of("bad patient UUID on update", "PUT", "/api/records/patients/zzz", patientWith(""), 400, "field:patientId"),
                Arguments.of("bad patient UUID on summary", "GET", "/api/records/patients/not-a-uuid/summary", null, 400, "field:patientId"),
                Arguments.of("bad patient UUID on entry create", "POST", "/api/records/patients/x/entries", "{\"kind\":\"note\",\"display\":\"a\"}", 400, "field:patientId"),
                Arguments.of("bad entry UUID", "GET", "/api/records/patients/{patient}/entries/nope", null, 400, "field:entryId"),
                Arguments.of("unknown patient", "GET", "/api/records/patients/" + UUID.randomUUID(), null, 404, "type:not-found"),
                Arguments.of("unknown patient for entries", "POST", "/api/records/patients/" + UUID.randomUUID() + "/entries",
                        "{\"kind\":\"note\",\"display\":\"a\"}", 404, "type:not-found"),
                Arguments.of("page size zero", "GET", "/api/records/patients?name=a&size=0", null, 400, "field:size"),
                Arguments.of("page size over 100", "GET", "/api/records/patients?name=a&size=101", null, 400, "field:size"),
                Arguments.of("negative page", "GET", "/api/records/patients?name=a&page=-1", null, 400, "field:page"),
                Arguments.of("page size not a number", "GET", "/api/records/patients?name=a&size=abc", null, 400, "field:size"),
                Arguments.of("impossible birth date filter", "GET", "/api/records/patients?birthDate=2023-13-01", null, 400, "field:birthDate"),
                Arguments.of("search without criteria", "GET", "/api/records/patients", null, 400, "field:name"),
                Arguments.of("over-long search", "GET", "/api/records/patients?name=" + longName, null, 400, "field:name"),
                Arguments.of("unknown entry kind", "POST", "/api/records/patients/{patient}/entries", "{\"kind\":\"vaccine\",\"display\":\"a\"}", 400, "field:kind"),
                Arguments.of("missing entry kind", "POST", "/api/records/patients/{patient}/entries", "{\"display\":\"a\"}", 400, "field:kind"),
                Arguments.of("missing display", "POST", "/api/records/patients/{patient}/entries", "{\"kind\":\"note\"}", 400, "field:display"),
                Arguments.of("unknown status", "POST", "/api/records/patients/{patient}/entries", "{\"kind\":\"note\",\"display\":\"a\",\"status\":\"draft\"}", 400, "field:status"),
                Arguments.of("over-long text", "POST", "/api/records/patients/{patient}/entries", "{\"kind\":\"note\",\"display\":\"a\",\"text\":\"" + "t".repeat(10_001) + "\"}", 400, "field:text"),
                Arguments.of("impossible onset", "POST", "/api/records/patients/{patient}/entries", "{\"kind\":\"problem\",\"display\":\"a\",\"onset\":\"2024-04-31\"}", 400, "field:onset"),
                Arguments.of("bad criticality", "POST", "/api/records/patients/{patient}/entries", "{\"kind\":\"allergy\",\"display\":\"a\",\"criticality\":\"extreme\"}", 400, "field:criticality"),
                Arguments.of("unknown kind filter", "GET", "/api/records/patients/{patient}/entries?kind=vaccine", null, 400, "field:kind"),
                Arguments.of("kind filter given twice", "GET", "/api/records/patients/{patient}/entries?kind=allergy&kind=note", null, 400, "field:kind"),
                Arguments.of("entered-in-error without reason", "POST", "/api/records/patients/{patient}/entries/{entry}/entered-in-error", "{}", 400, "field:reason"),
                Arguments.of("update without If-Match", "PUT", "/api/records/patients/{patient}/entries/{entry}", "{\"display\":\"b\"}", 428, "type:precondition-required"),
                Arguments.of("update with a stale If-Match", "PUT", "/api/records/patients/{patient}/entries/{entry}", "ifmatch:\"v9\"|{\"display\":\"b\"}", 412, "type:precondition-failed"),
                Arguments.of("unsupported method", "DELETE", "/api/records/patients/{patient}", null, 405, "type:method-not-allowed"),
                Arguments.of("TRACE", "TRACE", "/api/records/patients", null, 405, "type:method-not-allowed"),
                Arguments.of("unknown path", "GET", "/api/records/nothing-here", null, 404, "type:not-found"),
                Arguments.of("bad audit time", "GET", "auditor:/api/records/audit?from=yesterday", null, 400, "field:from"),
                Arguments.of("bad audit patient", "GET", "auditor:/api/records/audit?patientId=1", null, 400, "field:patientId"),
                Arguments.of("stay without unit", "POST", "/api/records/patients/{patient}/stays", "{\"unitName\":\"Cardiologie\",\"admittedAt\":\"2026-01-05T08:00:00Z\"}", 400, "field:unitId"),
                Arguments.of("stay unit not a UUID", "POST", "/api/records/patients/{patient}/stays", "{\"unitId\":\"cardio\",\"unitName\":\"Cardiologie\",\"admittedAt\":\"2026-01-05T08:00:00Z\"}", 400, "field:unitId"),
                Arguments.of("stay unit name with a control character", "POST", "/api/records/patients/{patient}/stays", "{\"unitId\":\"" + UUID.randomUUID() + "\",\"unitName\":\"Car\\u0007dio\",\"admittedAt\":\"2026-01-05T08:00:00Z\"}", 400, "field:unitName"),
                Arguments.of("stay bed with quotes", "POST", "/api/records/patients/{patient}/stays", "{\"unitId\":\"" + UUID.randomUUID() + "\",\"unitName\":\"Cardiologie\",\"bed\":\"1' OR 1=1\",\"admittedAt\":\"2026-01-05T08:00:00Z\"}", 400, "field:bed"),
                Arguments.of("admission in the future", "POST", "/api/records/patients/{patient}/stays", "{\"unitId\":\"" + UUID.randomUUID() + "\",\"unitName\":\"Cardiologie\",\"admittedAt\":\"2999-01-05T08:00:00Z\"}", 400, "field:admittedAt"),
                Arguments.of("admission with a local time", "POST", "/api/records/patients/{patient}/stays", "{\"unitId\":\"" + UUID.randomUUID() + "\",\"unitName\":\"Cardiologie\",\"admittedAt\":\"2026-01-05 08:00\"}", 400, "field:admittedAt"),
                Arguments.of("discharge before admission", "PUT", "/api/records/patients/{patient}/stays/{stay}", "ifmatch:\"v1\"|{\"unitId\":\"" + UUID.randomUUID() + "\",\"unitName\":\"Cardiologie\",\"admittedAt\":\"2026-01-05T08:00:00Z\",\"dischargedAt\":\"2026-01-04T08:00:00Z\"}", 400, "field:dischargedAt"),
                Arguments.of("admission without Idempotency-Key", "POST", "/api/records/patients/{patient}/stays", "nokey:{\"unitId\":\"" + UUID.randomUUID() + "\",\"unitName\":\"Cardiologie\",\"admittedAt\":\"2026-01-05T08:00:00Z\"}", 400, "field:Idempotency-Key"),
                Arguments.of("second open stay", "POST", "/api/records/patients/{patient}/stays", "{\"unitId\":\"" + UUID.randomUUID() + "\",\"unitName\":\"Urgences\",\"admittedAt\":\"2026-01-05T09:00:00Z\"}", 409, "type:conflict"),
                Arguments.of("transfer without If-Match", "PUT", "/api/records/patients/{patient}/stays/{stay}", "{\"unitId\":\"" + UUID.randomUUID() + "\",\"unitName\":\"Urgences\",\"admittedAt\":\"2026-01-05T08:00:00Z\"}", 428, "type:precondition-required"),
                Arguments.of("bad stay UUID", "GET", "/api/records/patients/{patient}/stays/7", null, 400, "field:stayId"),
                Arguments.of("unknown stay", "GET", "/api/records/patients/{patient}/stays/" + UUID.randomUUID(), null, 404, "type:not-found"),
                Arguments.of("stays of an unknown patient", "GET", "/api/records/patients/" + UUID.randomUUID() + "/stays", null, 404, "type:not-found"),
                Arguments.of("census of a unit that is not a UUID", "GET", "/api/records/units/cardio/census", null, 400, "field:unitId"));
    }

    private static String patientWith(String override) {
        String base = VALID.formatted("BAD-" + UUID.randomUUID().toString().substring(0, 8));
        if (override.isEmpty()) {
            return base;
        }
        String key = override.substring(0, override.indexOf(':'));
        String withoutKey = base.replaceAll(",?" + java.util.regex.Pattern.quote(key) + ":(\"[^\"]*\"|[^,}]*)", "");
        return withoutKey.replaceFirst("^\\{,?", java.util.regex.Matcher.quoteReplacement("{" + override + ","));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsAPreciseProblemAndWritesNothing(String name, String method, String path, String body,
                                                   int status, String expectation) throws SQLException {
        seed();
        RequestSpecification request = path.startsWith("auditor:") ? as("audit.team", "auditor") : clinician();
        path = path.replace("auditor:", "").replace("{patient}", patient).replace("{entry}", entry).replace("{stay}", stay);
        BadInputTable.check(name, request, method, path, body, status, expectation, true, DATA);
    }

    @Test
    void latin1TextIsRefusedAsNotUtf8RatherThanStoredGarbled() throws SQLException {
        seed();
        long before = DATA.read();
        byte[] latin1 = "{\"kind\":\"note\",\"display\":\"Note \u00e9crite\"}".getBytes(StandardCharsets.ISO_8859_1);
        for (String type : List.of("application/json; charset=ISO-8859-1", "application/json")) {
            Response answer = Api.clinicianWrite().contentType(type).body(latin1)
                    .post("/api/records/patients/{p}/entries", patient);
            ProblemAssertions.assertProblem(type, answer, 400, "field:display");
            answer.then().body("errors[0].message", startsWith("is not UTF-8 text"));
        }
        assertEquals(before, DATA.read(), "nothing may be written");
    }

    @Test
    void injectionLookingAndNonLatinTextIsStoredVerbatim() {
        String[][] names = {
                {"Robert'); DROP TABLE patient;--", "<script>alert(1)</script>"},
                {"Παπαδόπουλος", "Αλέξανδρος"},
                {"محمد", "عبد الله"},
                {"王", "小明"},
                {"Ngô", "Bảo Châu"},
                {"O'Brien-Núñez", "José 🏥"},
        };
        for (String[] n : names) {
            String id = createPatient(n[0], n[1], "1999-09-09");
            clinician().get("/api/records/patients/{p}", id).then().statusCode(200)
                    .body("familyName", equalTo(n[0])).body("givenNames", equalTo(n[1]));
            clinician().queryParam("name", n[0]).get("/api/records/patients").then().statusCode(200)
                    .body("items.id", hasItem(id));
        }
        Management.get("/q/health/ready").then().statusCode(200);
    }

    /** Row counts and versions of every table an API call could write. */
    private static final BadInputTable.Fingerprint DATA = BadInputTable.of("records", """
            SELECT (SELECT count(*) FROM patient) * 1000000 + (SELECT count(*) FROM clinical_entry) * 1000
                 + (SELECT count(*) FROM clinical_entry_version) + (SELECT count(*) FROM relais_idempotency)
                 + coalesce((SELECT sum(version) FROM patient), 0) + coalesce((SELECT sum(version) FROM clinical_entry), 0)
                 + (SELECT count(*) FROM stay) * 100 + coalesce((SELECT sum(version) FROM stay), 0)""");
}
