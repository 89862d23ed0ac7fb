package io.relais.records;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.relais.records.Api.clinician;
import static io.relais.records.Api.clinicianWrite;
import static io.relais.records.Api.createPatient;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where patients are: admission, transfer, discharge, and a unit's census. */
@QuarkusTest
@QuarkusTestResource(RecordsTestResource.class)
class StayApiTest {

    private static final Instant THIS_MORNING = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aPatientIsAdmittedTransferredAndDischargedAndTheCensusFollows() {
        UUID cardiology = UUID.randomUUID();
        UUID surgery = UUID.randomUUID();
        String patient = createPatient("Lefèvre", "Anaïs", "1962-04-12");
        String key = UUID.randomUUID().toString();
        Map<String, Object> admission = stay(cardiology, "Cardiologie", "12A", THIS_MORNING, null);
        Response admitted = clinician().header("Idempotency-Key", key).body(admission)
                .post("/api/records/patients/{p}/stays", patient);
        admitted.then().statusCode(201).header("Location", containsString("/stays/")).header("ETag", "\"v1\"")
                .body("unitName", equalTo("Cardiologie")).body("bed", equalTo("12A"))
                .body("admittedAt", equalTo(THIS_MORNING.toString()));
        String stay = admitted.path("id");
        // The same admission retried (a lost answer, a failover): the same stay, not a second one.
        clinician().header("Idempotency-Key", key).body(admission).post("/api/records/patients/{p}/stays", patient)
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(stay));
        clinician().get("/api/records/units/{u}/census", cardiology).then().statusCode(200)
                .body("stays.patientId", contains(patient)).body("stays[0].bed", equalTo("12A"));

        // Transfer: needs the version last read.
        Map<String, Object> transfer = stay(surgery, "Chirurgie viscérale", "3", THIS_MORNING, null);
        clinician().body(transfer).put("/api/records/patients/{p}/stays/{s}", patient, stay)
                .then().statusCode(428);
        clinician().header("If-Match", "\"v1\"").body(transfer).put("/api/records/patients/{p}/stays/{s}", patient, stay)
                .then().statusCode(200).header("ETag", "\"v2\"").body("unitName", equalTo("Chirurgie viscérale"));
        clinician().header("If-Match", "\"v1\"").body(stay(cardiology, "Cardiologie", "1", THIS_MORNING, null))
                .put("/api/records/patients/{p}/stays/{s}", patient, stay).then().statusCode(412);
        clinician().get("/api/records/units/{u}/census", cardiology).then().statusCode(200).body("stays", hasSize(0));
        clinician().get("/api/records/units/{u}/census", surgery).then().statusCode(200).body("stays.patientId", contains(patient));

        // Discharge: out of every census, still in the patient's stays.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clinician().header("If-Match", "\"v2\"").body(stay(surgery, "Chirurgie viscérale", "3", THIS_MORNING, now))
                .put("/api/records/patients/{p}/stays/{s}", patient, stay).then().statusCode(200)
                .body("dischargedAt", equalTo(now.toString()));
        clinician().get("/api/records/units/{u}/census", surgery).then().statusCode(200).body("stays", hasSize(0));
        clinician().get("/api/records/patients/{p}/stays", patient).then().statusCode(200).body("id", contains(stay));
    }

    @Test
    void aPatientIsInOnePlaceAtATime() {
        String patient = createPatient("Moreau", "Jules", "1990-01-30");
        UUID unit = UUID.randomUUID();
        clinicianWrite().body(stay(unit, "Pneumologie", "4", THIS_MORNING, null))
                .post("/api/records/patients/{p}/stays", patient).then().statusCode(201);
        clinicianWrite().body(stay(UUID.randomUUID(), "Urgences", "Box 2", THIS_MORNING, null))
                .post("/api/records/patients/{p}/stays", patient).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("Pneumologie, bed 4"));
        // A past stay (already discharged) can always be recorded.
        clinicianWrite().body(stay(unit, "Pneumologie", "4", THIS_MORNING.minus(30, ChronoUnit.DAYS),
                        THIS_MORNING.minus(25, ChronoUnit.DAYS)))
                .post("/api/records/patients/{p}/stays", patient).then().statusCode(201);
    }

    @Test
    void readingACensusIsAuditedAsAReadOfEveryPatientInIt() throws Exception {
        UUID unit = UUID.randomUUID();
        List<String> patients = List.of(createPatient("Girard", "Léa", "1955-06-01"), createPatient("Roux", "Hugo", "1948-11-11"));
        for (int i = 0; i < patients.size(); i++) {
            clinicianWrite().body(stay(unit, "Gériatrie", String.valueOf(i + 1), THIS_MORNING, null))
                    .post("/api/records/patients/{p}/stays", patients.get(i)).then().statusCode(201);
        }
        String requestId = clinician().get("/api/records/units/{u}/census", unit).then().statusCode(200)
                .body("stays.bed", contains("1", "2")).extract().header("X-Request-Id");
        for (String patient : patients) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, AuditRows.count(
                    "action = 'unit.census' AND patient_id = '" + patient + "' AND request_id = '" + requestId + "'")));
        }
    }

    private static Map<String, Object> stay(UUID unit, String unitName, String bed, Instant admitted, Instant discharged) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("unitId", unit.toString());
        body.put("unitName", unitName);
        body.put("bed", bed);
        body.put("admittedAt", admitted.toString());
        if (discharged != null) {
            body.put("dischargedAt", discharged.toString());
        }
        return body;
    }
}
