package io.relais.records;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.relais.records.Api.clinician;
import static io.relais.records.Api.clinicianWrite;
import static io.relais.records.Api.createEntry;
import static io.relais.records.Api.createPatient;
import static io.relais.records.Api.patient;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The FHIR R4 base: what a FHIR client reads and searches, and how it is refused. */
@QuarkusTest
@QuarkusTestResource(RecordsTestResource.class)
class FhirApiTest {

    private static final String BASE = "/api/records/fhir/r4";
    private static final String INS = "urn:oid:1.2.250.1.213.1.4.8";
    private static final String FHIR_JSON = "application/fhir+json";

    @Test
    void aPatientReadCarriesItsVersionAndOnlyAQualifiedIns() {
        String ins = randomIns();
        Map<String, Object> body = new HashMap<>(patient("Nguyễn", "Thị Minh", "1948-11-02"));
        body.put("ins", Map.of("value", ins, "qualified", true));
        String id = clinicianWrite().body(body).post("/api/records/patients").then().statusCode(201).extract().path("id");

        clinician().get(BASE + "/Patient/{id}", id).then().statusCode(200)
                .contentType(FHIR_JSON)
                .header("ETag", "W/\"1\"").header("Last-Modified", notNullValue())
                .body("resourceType", equalTo("Patient")).body("id", equalTo(id))
                .body("meta.versionId", equalTo("1"))
                .body("identifier.find { it.system == '" + INS + "' }.value", equalTo(ins))
                .body("identifier.find { it.system == 'urn:relais:ipp' }.value", equalTo(body.get("ipp")))
                .body("name[0].family", equalTo("Nguyễn")).body("name[0].given", contains("Thị", "Minh"))
                .body("gender", equalTo("female")).body("birthDate", equalTo("1948-11-02"));

        Map<String, Object> unqualified = new HashMap<>(patient("Garnier", "Lucie", "1985-02-01"));
        unqualified.put("ins", Map.of("value", randomIns(), "qualified", false));
        String other = clinicianWrite().body(unqualified).post("/api/records/patients").then().statusCode(201).extract().path("id");
        clinician().get(BASE + "/Patient/{id}", other).then().statusCode(200)
                .body("identifier.system", contains("urn:relais:ipp"));
    }

    @Test
    void patientsAreFoundByIdentifierNameAndBirthDate() {
        String ins = randomIns();
        Map<String, Object> body = new HashMap<>(patient("Bénédicte-Aubépin", "Éloïse", "1931-06-15"));
        body.put("ins", Map.of("value", ins, "qualified", true));
        String id = clinicianWrite().body(body).post("/api/records/patients").then().statusCode(201).extract().path("id");
        String twin = createPatient("Aubépin", "Marcel", "1931-06-15");

        search("identifier", INS + "|" + ins).then().statusCode(200).contentType(FHIR_JSON)
                .body("resourceType", equalTo("Bundle")).body("type", equalTo("searchset"))
                .body("entry.resource.id", contains(id))
                .body("entry[0].fullUrl", equalTo("https://relais-a.test" + BASE + "/Patient/" + id))
                .body("entry[0].search.mode", equalTo("match"));
        search("identifier", "urn:relais:ipp|" + body.get("ipp")).then().body("entry.resource.id", contains(id));
        search("identifier", (String) body.get("ipp")).then().body("entry.resource.id", contains(id));
        search("identifier", "urn:oid:9.9.9|" + body.get("ipp")).then().statusCode(200).body("entry", nullValue());
        // The INS system never matches an IPP, and the IPP system never an INS.
        search("identifier", INS + "|" + body.get("ipp")).then().body("entry", nullValue());

        // Accents, case and a typo, as on the native search.
        search("name", "eloise aubepin").then().body("entry.resource.id", contains(id));
        search("family", "aubepn").then().body("entry.resource.id", containsInAnyOrder(id, twin));
        search("given", "aubepin").then().body("entry.resource.id", not(hasItem(twin)));
        clinician().queryParam("family", "aubepin").queryParam("given", "marcel").get(BASE + "/Patient")
                .then().body("entry.resource.id", contains(twin));

        clinician().queryParam("family", "aubepin").queryParam("birthdate", "1931-06").get(BASE + "/Patient")
                .then().body("entry.resource.id", containsInAnyOrder(id, twin));
        clinician().queryParam("family", "aubepin").queryParam("birthdate", "ge1931-06-16").get(BASE + "/Patient")
                .then().body("entry", nullValue());
        clinician().queryParam("family", "aubepin").queryParam("birthdate", "ge1931", "lt1931-06-16")
                .get(BASE + "/Patient").then().body("entry.resource.id", containsInAnyOrder(id, twin));
    }

    @Test
    void searchesArePagedByCountWithNextLinks() {
        // Unlike any other test's names: the search is typo-tolerant, so "Pagination…" would also find theirs.
        String family = "Feuilletage" + UUID.randomUUID().toString().substring(0, 4).replaceAll("[0-9]", "x");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createPatient(family, "Enfant", "2001-01-0" + (i + 1)));
        }
        List<String> seen = new ArrayList<>();
        Response page = clinician().queryParam("family", family).queryParam("_count", 2).get(BASE + "/Patient");
        int pages = 0;
        while (true) {
            page.then().statusCode(200).body("entry.size()", org.hamcrest.Matchers.lessThanOrEqualTo(2));
            seen.addAll(page.path("entry.resource.id"));
            pages++;
            String next = page.path("link.find { it.relation == 'next' }.url");
            if (next == null) {
                break;
            }
            // The link is the site's public URL; the test calls this service directly.
            page = clinician().get(next.replace("https://relais-a.test", ""));
        }
        assertEquals(3, pages);
        assertEquals(ids.stream().sorted().toList(), seen.stream().sorted().toList());
        clinician().queryParam("family", family).queryParam("_count", 0).get(BASE + "/Patient").then().statusCode(400)
                .contentType(FHIR_JSON).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("invalid")).body("issue[0].expression", contains("_count"));
    }

    @Test
    void clinicalEntriesAreSearchedByPatientAndStatusAndEnteredInErrorHasNoClinicalStatus() {
        String patient = createPatient("Lambert", "Zoé", "1977-09-09");
        String penicillin = createEntry(patient, Map.of("kind", "allergy", "display", "Pénicilline", "criticality", "high",
                "code", "91936005", "codeSystem", "http://snomed.info/sct"));
        String latex = createEntry(patient, Map.of("kind", "allergy", "display", "Latex", "status", "resolved"));
        String mistaken = createEntry(patient, Map.of("kind", "allergy", "display", "Iode"));
        clinicianWrite().header("If-Match", "\"v1\"").body(Map.of("reason", "wrong patient"))
                .post("/api/records/patients/{p}/entries/{e}/entered-in-error", patient, mistaken).then().statusCode(200);
        String medication = createEntry(patient, Map.of("kind", "medication", "display", "Bisoprolol 5 mg",
                "dosage", "1 cp le matin"));
        String problem = createEntry(patient, Map.of("kind", "problem", "display", "Insuffisance cardiaque"));

        clinician().queryParam("patient", "Patient/" + patient).queryParam("clinical-status", "active")
                .get(BASE + "/AllergyIntolerance").then().statusCode(200)
                .body("entry.resource.id", contains(penicillin))
                .body("entry[0].resource.criticality", equalTo("high"))
                .body("entry[0].resource.code.coding[0].code", equalTo("91936005"))
                .body("entry[0].resource.patient.reference", equalTo("Patient/" + patient));
        clinician().queryParam("patient", patient).queryParam("clinical-status", "active,resolved")
                .get(BASE + "/AllergyIntolerance").then().body("entry.resource.id", containsInAnyOrder(penicillin, latex));
        clinician().queryParam("patient", patient).get(BASE + "/AllergyIntolerance").then()
                .body("entry.resource.id", containsInAnyOrder(penicillin, latex, mistaken));
        clinician().get(BASE + "/AllergyIntolerance/{id}", mistaken).then().statusCode(200)
                .header("ETag", "W/\"2\"")
                .body("verificationStatus.coding[0].code", equalTo("entered-in-error"))
                .body("clinicalStatus", nullValue())
                .body("note.text", hasItem(containsString("wrong patient")));
        clinician().queryParam("patient", patient).queryParam("clinical-status", "nonsense")
                .get(BASE + "/AllergyIntolerance").then().statusCode(400).contentType(FHIR_JSON)
                .body("issue[0].diagnostics", containsString("active"));

        clinician().queryParam("patient", patient).queryParam("status", "active").get(BASE + "/MedicationStatement")
                .then().body("entry.resource.id", contains(medication))
                .body("entry[0].resource.dosage[0].text", equalTo("1 cp le matin"));
        clinician().queryParam("patient", patient).queryParam("clinical-status", "active").get(BASE + "/Condition")
                .then().body("entry.resource.id", contains(problem))
                .body("entry[0].resource.category[0].coding[0].code", equalTo("problem-list-item"));
        // An allergy is not a Condition.
        clinician().get(BASE + "/Condition/{id}", penicillin).then().statusCode(404).contentType(FHIR_JSON)
                .body("issue[0].code", equalTo("not-found"));
        clinician().get(BASE + "/AllergyIntolerance").then().statusCode(400)
                .body("issue[0].diagnostics", containsString("patient"));
    }

    @Test
    void theSummaryIsABundleOfWhatTheNativeSummaryShows() {
        String patient = createPatient("Okonkwo", "Chidi", "1960-02-29");
        String allergy = createEntry(patient, Map.of("kind", "allergy", "display", "Arachide"));
        createEntry(patient, Map.of("kind", "allergy", "display", "Ancienne", "status", "resolved"));
        String note = createEntry(patient, Map.of("kind", "note", "display", "Admission", "text", "Chute à domicile."));

        clinician().get(BASE + "/Patient/{id}/$summary", patient).then().statusCode(200).contentType(FHIR_JSON)
                .body("type", equalTo("collection"))
                .body("timestamp", notNullValue())
                .body("entry[0].resource.resourceType", equalTo("Patient"))
                .body("entry.resource.id", contains(patient, allergy, note))
                .body("entry[2].resource.resourceType", equalTo("DocumentReference"))
                .body("meta.tag.find { it.system == 'urn:relais:site' }.code", equalTo("test"));
    }

    @Test
    void everyFhirReadIsAuditedLikeANativeOne() throws Exception {
        String patient = createPatient("Audit", "Fhir", "1999-09-09");
        String requestId = "fhir-audit-" + UUID.randomUUID();
        clinician().header("X-Request-Id", requestId).get(BASE + "/Patient/{id}", patient).then().statusCode(200);
        String summaryId = "fhir-audit-" + UUID.randomUUID();
        clinician().header("X-Request-Id", summaryId).get(BASE + "/Patient/{id}/$summary", patient).then().statusCode(200);
        String entriesId = "fhir-audit-" + UUID.randomUUID();
        clinician().header("X-Request-Id", entriesId).queryParam("patient", "Patient/" + patient)
                .get(BASE + "/Condition").then().statusCode(200);
        await().untilAsserted(() -> {
            assertEquals(1, AuditRows.count("request_id = '" + requestId + "' AND action = 'patient.read' AND patient_id = '"
                    + patient + "' AND resource LIKE 'GET %/fhir/r4/Patient/%'"));
            assertEquals(1, AuditRows.count("request_id = '" + summaryId + "' AND action = 'summary.read' AND patient_id = '"
                    + patient + "'"));
            assertEquals(1, AuditRows.count("request_id = '" + entriesId + "' AND action = 'entry.list' AND patient_id = '"
                    + patient + "'"));
        });
    }

    @Test
    void refusalsAreOperationOutcomes() {
        // The CapabilityStatement is public, as FHIR clients expect; everything else needs the role.
        RestAssured.get(BASE + "/metadata").then().statusCode(200).contentType(FHIR_JSON)
                .body("resourceType", equalTo("CapabilityStatement")).body("fhirVersion", equalTo("4.0.1"))
                .body("rest[0].resource.type", contains("Patient", "AllergyIntolerance", "MedicationStatement",
                        "Condition", "DocumentReference"))
                .body("rest[0].resource.find { it.type == 'Patient' }.searchParam.name",
                        contains("identifier", "name", "family", "given", "birthdate"))
                .body("rest[0].resource.find { it.type == 'Patient' }.operation.name", contains("summary"));
        RestAssured.get(BASE + "/Patient/{id}", UUID.randomUUID()).then().statusCode(401).contentType(FHIR_JSON)
                .header("WWW-Authenticate", "Bearer").body("issue[0].code", equalTo("login"));
        Api.as("someone", "auditor").get(BASE + "/Patient/{id}", UUID.randomUUID()).then().statusCode(403)
                .contentType(FHIR_JSON).body("issue[0].code", equalTo("forbidden"));
        clinician().get(BASE + "/Patient/{id}", UUID.randomUUID()).then().statusCode(404).contentType(FHIR_JSON)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].severity", equalTo("error"))
                .body("issue[0].diagnostics", containsString("No patient with id"));
        clinician().get(BASE + "/Patient/{id}", "not-a-uuid").then().statusCode(400).contentType(FHIR_JSON);
        // A search parameter given twice (AND in FHIR) is refused, not narrowed to its first value.
        clinician().get(BASE + "/Patient?family=Martin&family=Dupont").then().statusCode(400).contentType(FHIR_JSON)
                .body("issue[0].code", equalTo("invalid")).body("issue[0].diagnostics", containsString("family"));
        // JSON only: XML, asked either way, is a 406 that says what to send.
        clinician().accept("application/fhir+xml").get(BASE + "/Patient/{id}", UUID.randomUUID()).then().statusCode(406)
                .contentType(FHIR_JSON).body("issue[0].code", equalTo("not-supported"))
                .body("issue[0].diagnostics", containsString("application/fhir+json"));
        clinician().queryParam("_format", "xml").get(BASE + "/metadata").then().statusCode(406).contentType(FHIR_JSON);
        clinician().queryParam("_format", "json").get(BASE + "/metadata").then().statusCode(200);
        // The base is read-only: writes go through the native API.
        clinician().contentType(FHIR_JSON).body("{\"resourceType\":\"Patient\"}").post(BASE + "/Patient/{id}", UUID.randomUUID())
                .then().statusCode(405).contentType(FHIR_JSON).body("issue[0].code", equalTo("not-supported"));
    }

    /** A random INS (13 digits and their key), so that tests sharing the database never collide. */
    static String randomIns() {
        String body = "1" + String.format("%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
        String key = String.format("%02d", 97 - new java.math.BigInteger(body).mod(java.math.BigInteger.valueOf(97)).intValue());
        return body + key;
    }

    private static Response search(String parameter, String value) {
        return clinician().queryParam(parameter, value).get(BASE + "/Patient");
    }
}
