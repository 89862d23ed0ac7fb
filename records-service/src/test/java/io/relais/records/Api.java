package io.relais.records;

import io.relais.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Small helpers shared by the records-service tests. */
public final class Api {

    public static final String CLINICIAN = "dr.martin";
    private static final AtomicInteger IPP = new AtomicInteger((int) (System.nanoTime() % 100_000));

    private Api() {
    }

    public static RequestSpecification as(String subject, String... roles) {
        return RestAssured.given().auth().oauth2(TestTokens.token(subject, roles)).contentType(ContentType.JSON);
    }

    public static RequestSpecification clinician() {
        return as(CLINICIAN, "clinician");
    }

    /** A clinician's write, with the fresh Idempotency-Key every clinical POST needs. */
    public static RequestSpecification clinicianWrite() {
        return clinician().header("Idempotency-Key", UUID.randomUUID().toString());
    }

    public static String uniqueIpp() {
        return "T" + IPP.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    public static Map<String, Object> patient(String family, String given, String birthDate) {
        return Map.of("ipp", uniqueIpp(), "familyName", family, "givenNames", given, "birthDate", birthDate,
                "sex", "female");
    }

    /** Creates a patient and returns its id. */
    public static String createPatient(String family, String given, String birthDate) {
        return clinicianWrite().body(patient(family, given, birthDate))
                .post("/api/records/patients")
                .then().statusCode(201)
                .extract().path("id");
    }

    public static String createEntry(String patientId, Map<String, Object> entry) {
        return clinicianWrite().body(entry)
                .post("/api/records/patients/{p}/entries", patientId)
                .then().statusCode(201)
                .extract().path("id");
    }
}
