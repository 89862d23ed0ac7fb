package io.relais.records;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.relais.records.Api.clinician;
import static io.relais.records.Api.createEntry;
import static io.relais.records.Api.createPatient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real threads, real HTTP, real row locks: concurrent writers never lose an update. */
@QuarkusTest
@QuarkusTestResource(RecordsTestResource.class)
class ConcurrentUpdateTest {

    @Test
    void ofWritersHoldingTheSameEtagExactlyOneWins() throws Exception {
        String patient = createPatient("Concurrent", "Camille", "1960-06-06");
        String ipp = clinician().get("/api/records/patients/{p}", patient).path("ipp");
        int writers = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String given = "Camille " + i;
                statuses.add(pool.submit(() -> {
                    start.await();
                    return clinician().header("If-Match", "\"v1\"")
                            .body(Map.of("ipp", ipp, "familyName", "Concurrent", "givenNames", given,
                                    "birthDate", "1960-06-06", "sex", "female"))
                            .put("/api/records/patients/{p}", patient).statusCode();
                }));
            }
            start.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : statuses) {
                results.add(f.get());
            }
            assertEquals(1, results.stream().filter(s -> s == 200).count(), "one winner: " + results);
            assertEquals(writers - 1, results.stream().filter(s -> s == 412).count(), "the rest told to re-read: " + results);
        } finally {
            pool.shutdownNow();
        }
        clinician().get("/api/records/patients/{p}", patient).then().header("ETag", "\"v2\"");
    }

    @Test
    void readModifyWriteLoopsLoseNothing() throws Exception {
        String patient = createPatient("Concurrent", "Nina", "1961-07-07");
        String entry = createEntry(patient, Map.of("kind", "note", "display", "Transmissions", "text", "start"));
        int writers = 4;
        int appendsEach = 5;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> conflicts = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                Callable<Integer> task = () -> {
                    start.await();
                    int retries = 0;
                    for (int i = 0; i < appendsEach; i++) {
                        while (true) {
                            Response read = clinician().get("/api/records/patients/{p}/entries/{e}", patient, entry);
                            String text = read.path("text") + " w" + writer + "-" + i;
                            int status = clinician().header("If-Match", read.header("ETag"))
                                    .body(Map.of("display", "Transmissions", "text", text))
                                    .put("/api/records/patients/{p}/entries/{e}", patient, entry).statusCode();
                            if (status == 200) {
                                break;
                            }
                            assertEquals(412, status);
                            retries++;
                        }
                    }
                    return retries;
                };
                conflicts.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Integer> f : conflicts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Response last = clinician().get("/api/records/patients/{p}/entries/{e}", patient, entry);
        String text = last.path("text");
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < appendsEach; i++) {
                assertTrue(text.contains(" w" + w + "-" + i + ""), "append w" + w + "-" + i + " lost: " + text);
            }
        }
        assertEquals("\"v" + (1 + writers * appendsEach) + "\"", last.header("ETag"));
        clinician().get("/api/records/patients/{p}/entries/{e}/history", patient, entry)
                .then().body("size()", org.hamcrest.Matchers.equalTo(1 + writers * appendsEach));
    }
}
