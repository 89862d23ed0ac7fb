package io.relais.records;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.testing.FhirConformance;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.relais.records.Api.clinician;
import static io.relais.records.Api.clinicianWrite;
import static io.relais.records.Api.createEntry;
import static io.relais.records.Api.patient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Everything the FHIR base emits passes HAPI FHIR's validator (R4 core profiles, in-memory
 * terminology) without an error, on data as a hospital has it: accents, non-Latin names, coded
 * and uncoded entries in every status, entries entered in error, multi-line notes.
 */
@QuarkusTest
@QuarkusTestResource(RecordsTestResource.class)
class FhirValidationTest {

    private static final String BASE = "/api/records/fhir/r4";
    private static final List<String> PATIENTS = new ArrayList<>();
    private static final Map<String, String> ENTRIES = new LinkedHashMap<>();

    @BeforeEach
    void aWardOfPatients() {
        if (!PATIENTS.isEmpty()) {
            return;
        }
        String[][] people = {{"Nguyễn", "Thị Minh Khai"}, {"王", "秀英"}, {"Παπαδοπούλου", "Ελένη"},
                {"العلي", "فاطمة"}, {"Lefèvre-Ò'Brien", "Jean-François Marie"}, {"Łukasiewicz", "Zoë"}};
        for (String[] person : people) {
            Map<String, Object> body = new HashMap<>(patient(person[0], person[1], "1950-03-0" + (PATIENTS.size() + 1)));
            body.put("sex", PATIENTS.size() % 2 == 0 ? "female" : "male");
            if (PATIENTS.size() % 2 == 0) {
                body.put("ins", Map.of("value", FhirApiTest.randomIns(), "qualified", PATIENTS.size() % 4 == 0));
            }
            PATIENTS.add(clinicianWrite().body(body).post("/api/records/patients").then().statusCode(201).extract().path("id"));
        }
        String p = PATIENTS.get(0);
        ENTRIES.put("AllergyIntolerance", createEntry(p, Map.of("kind", "allergy", "display", "Pénicilline",
                "code", "91936005", "codeSystem", "http://snomed.info/sct", "criticality", "high", "onset", "2001-05-01",
                "text", "Œdème de Quincke en 2001.\nÉviter toutes les bêta-lactamines.")));
        createEntry(p, Map.of("kind", "allergy", "display", "Latex", "status", "resolved", "criticality", "unable-to-assess"));
        String mistaken = createEntry(p, Map.of("kind", "allergy", "display", "Iode", "criticality", "low"));
        clinicianWrite().header("If-Match", "\"v1\"").body(Map.of("reason", "saisi dans le mauvais dossier"))
                .post("/api/records/patients/{p}/entries/{e}/entered-in-error", p, mistaken).then().statusCode(200);
        ENTRIES.put("MedicationStatement", createEntry(p, Map.of("kind", "medication", "display", "Bisoprolol 5 mg",
                "code", "C07AB07", "codeSystem", "http://www.whocc.no/atc", "dosage", "1 cp le matin", "onset", "2019-01-10")));
        createEntry(p, Map.of("kind", "medication", "display", "Amoxicilline 1 g", "status", "stopped"));
        createEntry(p, Map.of("kind", "medication", "display", "Kardégic 75 mg", "status", "on-hold",
                "reason", "avant chirurgie"));
        ENTRIES.put("Condition", createEntry(p, Map.of("kind", "problem", "display", "Insuffisance cardiaque",
                "code", "I50.9", "codeSystem", "http://hl7.org/fhir/sid/icd-10", "onset", "2018-11-30")));
        createEntry(p, Map.of("kind", "problem", "display", "Pneumopathie", "status", "resolved", "code", "J18", "codeSystem", "CIM-10"));
        String wrongProblem = createEntry(p, Map.of("kind", "problem", "display", "Diabète"));
        clinicianWrite().header("If-Match", "\"v1\"").body(Map.of("reason", "doublon"))
                .post("/api/records/patients/{p}/entries/{e}/entered-in-error", p, wrongProblem).then().statusCode(200);
        ENTRIES.put("DocumentReference", createEntry(p, Map.of("kind", "note", "display", "Transmission de nuit",
                "text", "Patiente agitée vers 3 h.\nSaturation 91 % sous 2 L/min.")));
        String wrongNote = createEntry(p, Map.of("kind", "note", "display", "Note erronée"));
        clinicianWrite().header("If-Match", "\"v1\"").body(Map.of("reason", "mauvais patient"))
                .post("/api/records/patients/{p}/entries/{e}/entered-in-error", p, wrongNote).then().statusCode(200);
    }

    @Test
    void patientsValidate() {
        for (String patient : PATIENTS) {
            assertValid(clinician().get(BASE + "/Patient/{id}", patient).then().statusCode(200).extract().asString());
        }
        assertValid(clinician().queryParam("birthdate", "1950-03").queryParam("_count", 3).get(BASE + "/Patient")
                .then().statusCode(200).extract().asString());
    }

    @Test
    void clinicalResourcesValidateInEveryStatus() {
        String patient = PATIENTS.get(0);
        ENTRIES.forEach((type, id) -> {
            assertValid(clinician().get(BASE + "/" + type + "/" + id).then().statusCode(200).extract().asString());
            String bundle = clinician().queryParam("patient", "Patient/" + patient).get(BASE + "/" + type)
                    .then().statusCode(200).extract().asString();
            assertValid(bundle);
            assertTrue(bundle.contains("entered-in-error") || type.equals("MedicationStatement"),
                    type + " search includes the entries entered in error");
        });
    }

    @Test
    void theSummaryBundleValidates() {
        assertValid(clinician().get(BASE + "/Patient/{id}/$summary", PATIENTS.get(0)).then().statusCode(200)
                .extract().asString());
    }

    @Test
    void theCapabilityStatementAndOperationOutcomesValidate() {
        assertValid(RestAssured.get(BASE + "/metadata").then().statusCode(200).extract().asString());
        assertValid(clinician().get(BASE + "/Patient/{id}", UUID.randomUUID()).then().statusCode(404).extract().asString());
        assertValid(clinician().queryParam("birthdate", "1950-13").get(BASE + "/Patient").then().statusCode(400)
                .extract().asString());
        assertValid(clinician().accept("application/fhir+xml").get(BASE + "/metadata").then().statusCode(406)
                .extract().asString());
    }

    @Test
    void theValidatorCatchesWhatTheMappingRulesAvoid() {
        // The same allergy with a clinical status kept after "entered in error": R4's ait-2 forbids it.
        String mistaken = clinician().queryParam("patient", PATIENTS.get(0)).get(BASE + "/AllergyIntolerance")
                .then().extract().path("entry.find { it.resource.verificationStatus != null }.resource.id");
        String json = clinician().get(BASE + "/AllergyIntolerance/{id}", mistaken).then().extract().asString();
        String broken = json.replaceFirst("\"verificationStatus\"", "\"clinicalStatus\":{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical\",\"code\":\"active\"}]},"
                + "\"verificationStatus\"");
        assertTrue(FhirConformance.errors(broken).stream().anyMatch(e -> e.contains("ait-2")),
                () -> "ait-2 reported for " + broken + ": " + FhirConformance.errors(broken));
    }

    private static void assertValid(String json) {
        List<String> errors = FhirConformance.errors(json);
        assertEquals(List.of(), errors, "validation errors in " + json);
    }
}
