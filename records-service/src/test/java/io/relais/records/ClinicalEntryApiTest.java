package io.relais.records;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.relais.records.Api.as;
import static io.relais.records.Api.clinician;
import static io.relais.records.Api.clinicianWrite;
import static io.relais.records.Api.createEntry;
import static io.relais.records.Api.createPatient;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(RecordsTestResource.class)
class ClinicalEntryApiTest {

    @Test
    void entriesRecordTheirAuthorAndKeepEveryVersion() {
        String patient = createPatient("Petit", "Hugo", "1962-04-18");
        String allergy = as("dr.bernard", "clinician").header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .body(Map.of("kind", "allergy", "display", "Pénicilline", "criticality", "high",
                        "code", "764146007", "codeSystem", "http://snomed.info/sct"))
                .post("/api/records/patients/{p}/entries", patient)
                .then().statusCode(201).header("ETag", "\"v1\"")
                .body("status", equalTo("active"))
                .body("recordedBy", equalTo("dr.bernard"))
                .body("recordedAt", notNullValue())
                .extract().path("id");

        as("dr.leroy", "clinician").header("If-Match", "\"v1\"")
                .body(Map.of("display", "Pénicilline G", "criticality", "high", "reason", "précision du produit"))
                .put("/api/records/patients/{p}/entries/{e}", patient, allergy)
                .then().statusCode(200).header("ETag", "\"v2\"").body("recordedBy", equalTo("dr.leroy"));

        clinician().get("/api/records/patients/{p}/entries/{e}/history", patient, allergy).then().statusCode(200)
                .body("version", contains(1, 2))
                .body("display", contains("Pénicilline", "Pénicilline G"))
                .body("recordedBy", contains("dr.bernard", "dr.leroy"));
    }

    @Test
    void enteredInErrorLeavesTheSummaryButNotTheHistory() {
        String patient = createPatient("Fontaine", "Léa", "1978-08-08");
        String wrong = createEntry(patient, Map.of("kind", "medication", "display", "Warfarine 5 mg", "dosage", "1/j"));
        String right = createEntry(patient, Map.of("kind", "medication", "display", "Apixaban 5 mg", "dosage", "2/j"));

        clinicianWrite().header("If-Match", "\"v1\"").body(Map.of("reason", "mauvais patient"))
                .post("/api/records/patients/{p}/entries/{e}/entered-in-error", patient, wrong)
                .then().statusCode(200).body("status", equalTo("entered-in-error")).body("version", equalTo(2));

        clinician().get("/api/records/patients/{p}/summary", patient).then().statusCode(200)
                .body("medications.id", contains(right));
        clinician().get("/api/records/patients/{p}/entries/{e}/history", patient, wrong).then()
                .body("status", contains("active", "entered-in-error"))
                .body("reason[1]", equalTo("mauvais patient"));
        // A mistake stays a mistake: no further version, and no way to delete.
        clinician().header("If-Match", "\"v2\"").body(Map.of("display", "Warfarine 2 mg", "status", "active"))
                .put("/api/records/patients/{p}/entries/{e}", patient, wrong)
                .then().statusCode(409).contentType("application/problem+json");
        clinician().delete("/api/records/patients/{p}/entries/{e}", patient, wrong).then()
                .statusCode(org.hamcrest.Matchers.oneOf(404, 405)).contentType("application/problem+json");
        clinician().get("/api/records/patients/{p}/entries/{e}", patient, wrong).then().statusCode(200);
    }

    @Test
    void theSummaryHasActiveEntriesLatestNotesAndFreshness() {
        String patient = createPatient("Chevalier", "Noémie", "1955-12-24");
        createEntry(patient, Map.of("kind", "allergy", "display", "Latex"));
        createEntry(patient, Map.of("kind", "allergy", "display", "Iode", "status", "resolved"));
        createEntry(patient, Map.of("kind", "problem", "display", "Diabète de type 2"));
        createEntry(patient, Map.of("kind", "medication", "display", "Metformine 1 g", "dosage", "2/j"));
        for (int i = 1; i <= 7; i++) {
            createEntry(patient, Map.of("kind", "note", "display", "Visite " + i, "text", "RAS " + i));
        }

        clinician().get("/api/records/patients/{p}/summary", patient).then().statusCode(200)
                .body("patient.familyName", equalTo("Chevalier"))
                .body("allergies.display", contains("Latex"))
                .body("problems.display", contains("Diabète de type 2"))
                .body("medications.display", contains("Metformine 1 g"))
                .body("latestNotes", hasSize(5))
                .body("latestNotes[0].display", equalTo("Visite 7"))
                .body("readOnly", equalTo(false))
                .body("site", equalTo("test"))
                .body("asOf", notNullValue());
    }

    @Test
    void entriesAreListedByKindAndStatus() {
        String patient = createPatient("Lambert", "Oscar", "2010-05-05");
        createEntry(patient, Map.of("kind", "problem", "display", "Asthme"));
        createEntry(patient, Map.of("kind", "problem", "display", "Fracture", "status", "resolved"));
        createEntry(patient, Map.of("kind", "note", "display", "Consultation"));

        clinician().queryParam("kind", "problem").get("/api/records/patients/{p}/entries", patient)
                .then().statusCode(200).body("items.display", containsInAnyOrder("Asthme", "Fracture"));
        clinician().queryParam("kind", "problem").queryParam("status", "resolved")
                .get("/api/records/patients/{p}/entries", patient)
                .then().body("items.display", contains("Fracture"));
        clinician().queryParam("size", "2").get("/api/records/patients/{p}/entries", patient)
                .then().body("items", hasSize(2)).body("next", containsString("page=1"));
    }

    @Test
    void statusesAndFieldsMustFitTheKind() {
        String patient = createPatient("Girard", "Zoé", "1993-03-03");
        Map<String, Object> body = new HashMap<>(Map.of("kind", "allergy", "display", "Arachide", "status", "completed"));
        clinicianWrite().body(body).post("/api/records/patients/{p}/entries", patient).then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        clinicianWrite().body(Map.of("kind", "note", "display", "x", "dosage", "1/j"))
                .post("/api/records/patients/{p}/entries", patient).then().statusCode(400)
                .body("errors[0].field", equalTo("dosage"));
        String entry = createEntry(patient, Map.of("kind", "note", "display", "Note"));
        clinician().header("If-Match", "\"v1\"").body(Map.of("kind", "allergy", "display", "Note"))
                .put("/api/records/patients/{p}/entries/{e}", patient, entry).then().statusCode(400)
                .body("errors[0].field", equalTo("kind"));
        clinician().get("/api/records/patients/{p}/entries", patient).then().body("items", hasSize(1));
    }
}
