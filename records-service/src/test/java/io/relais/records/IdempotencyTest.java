package io.relais.records;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.testing.SharedPostgres;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.relais.records.Api.as;
import static io.relais.records.Api.clinician;
import static io.relais.records.Api.createPatient;
import static io.relais.records.Api.patient;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
@QuarkusTestResource(RecordsTestResource.class)
class IdempotencyTest {

    @Test
    void aRetriedCreateReplaysTheFirstAnswerAndCreatesNothingMore() {
        Map<String, Object> body = patient("Mercier", "Jules", "1980-07-14");
        String key = UUID.randomUUID().toString();
        Response first = clinician().header("Idempotency-Key", key).body(body).post("/api/records/patients");
        first.then().statusCode(201);
        Response retry = clinician().header("Idempotency-Key", key).body(body).post("/api/records/patients");
        retry.then().statusCode(201).header("Idempotent-Replayed", "true");

        assertEquals(first.header("Location"), retry.header("Location"));
        assertEquals(first.header("ETag"), retry.header("ETag"));
        assertEquals((String) first.path("id"), retry.path("id"));
        assertEquals((String) first.path("createdAt"), retry.path("createdAt"));
        clinician().queryParam("identifier", body.get("ipp")).get("/api/records/patients")
                .then().body("items", hasSize(1));
    }

    @Test
    void theSameKeyWithAnotherPayloadIsRefused() {
        String key = UUID.randomUUID().toString();
        clinician().header("Idempotency-Key", key).body(patient("Blanc", "Eva", "1991-01-01"))
                .post("/api/records/patients").then().statusCode(201);
        Map<String, Object> other = patient("Blanc", "Eve", "1991-01-01");
        clinician().header("Idempotency-Key", key).body(other).post("/api/records/patients")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:relais:problem:idempotency-key-reused"));
        clinician().queryParam("identifier", other.get("ipp")).get("/api/records/patients")
                .then().body("items", hasSize(0));
    }

    @Test
    void duplicatesSentAtOnceCreateOnceAndAllGetTheAnswer() throws Exception {
        // A client that timed out and retried on the other gateway while its first attempt still
        // runs: the duplicates wait for the first and replay its answer.
        Map<String, Object> body = patient("Simultané", "Léo", "1999-09-09");
        String key = UUID.randomUUID().toString();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return clinician().header("Idempotency-Key", key).body(body).post("/api/records/patients");
                }));
            }
            start.countDown();
            java.util.Set<String> ids = new java.util.HashSet<>();
            int firstAnswers = 0;
            for (var answer : answers) {
                Response r = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
                r.then().statusCode(201);
                ids.add(r.path("id"));
                firstAnswers += r.header("Idempotent-Replayed") == null ? 1 : 0;
            }
            assertEquals(1, ids.size(), "every duplicate answers with the same patient");
            assertEquals(1, firstAnswers, "exactly one request did the create; the others replayed it");
        } finally {
            pool.shutdownNow();
        }
        clinician().queryParam("identifier", body.get("ipp")).get("/api/records/patients")
                .then().body("items", hasSize(1));
    }

    @Test
    void aKeyStillInFlightIsAConflict() {
        String key = UUID.randomUUID().toString();
        // An instance of the earlier two-step scheme (during a rolling upgrade) claimed this key.
        try (var c = SharedPostgres.get().superuserConnection("records");
             var s = c.prepareStatement("INSERT INTO relais_idempotency (caller, idem_key, fingerprint, state, expires_at)"
                     + " VALUES (?, ?, 'x', 'in_flight', now() + interval '1 day')")) {
            s.setString(1, Api.CLINICIAN);
            s.setString(2, key);
            s.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> body = patient("Noël", "Ana", "2000-12-25");
        clinician().header("Idempotency-Key", key).body(body).post("/api/records/patients")
                .then().statusCode(409).header("Retry-After", "1")
                .body("type", equalTo("urn:relais:problem:idempotency-key-in-use"));
    }

    @Test
    void keysArePerCaller() {
        String key = UUID.randomUUID().toString();
        String a = as("dr.a", "clinician").header("Idempotency-Key", key).body(patient("Aubert", "Rémi", "1970-01-01"))
                .post("/api/records/patients").then().statusCode(201).extract().path("id");
        String b = as("dr.b", "clinician").header("Idempotency-Key", key).body(patient("Aubert", "Rémi", "1970-01-01"))
                .post("/api/records/patients").then().statusCode(201).header("Idempotent-Replayed", (String) null)
                .extract().path("id");
        assertNotEquals(a, b);
    }

    @Test
    void aFailedCreateDoesNotConsumeTheKey() {
        String key = UUID.randomUUID().toString();
        String patient = createPatient("Renard", "Tom", "1988-08-18");
        Map<String, Object> bad = new HashMap<>(Map.of("kind", "allergy", "display", "Soja", "dosage", "x"));
        clinician().header("Idempotency-Key", key).body(bad).post("/api/records/patients/{p}/entries", patient)
                .then().statusCode(400);
        bad.remove("dosage");
        clinician().header("Idempotency-Key", key).body(bad).post("/api/records/patients/{p}/entries", patient)
                .then().statusCode(201).header("Idempotent-Replayed", (String) null);
        clinician().header("Idempotency-Key", key).body(bad).post("/api/records/patients/{p}/entries", patient)
                .then().statusCode(201).header("Idempotent-Replayed", "true");
        clinician().get("/api/records/patients/{p}/entries", patient).then().body("items", hasSize(1));
    }

    @Test
    void aRetriedEnteredInErrorReplaysInsteadOfConflicting() {
        String patient = createPatient("Erreur", "Elsa", "1977-07-07");
        String entry = Api.createEntry(patient, Map.of("kind", "problem", "display", "Mauvais dossier"));
        String key = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < 2; attempt++) {
            clinician().header("Idempotency-Key", key).header("If-Match", "\"v1\"").body(Map.of("reason", "doublon"))
                    .post("/api/records/patients/{p}/entries/{e}/entered-in-error", patient, entry)
                    .then().statusCode(200).header("ETag", "\"v2\"").body("status", equalTo("entered-in-error"));
        }
        clinician().get("/api/records/patients/{p}/entries/{e}/history", patient, entry).then().body("size()", equalTo(2));
    }

    @Test
    void malformedKeysAreRejected() {
        clinician().header("Idempotency-Key", "x".repeat(300)).body(patient("Long", "Key", "1990-01-01"))
                .post("/api/records/patients").then().statusCode(400)
                .body("errors[0].field", equalTo("Idempotency-Key"))
                .body("detail", not(equalTo(null)));
    }
}
