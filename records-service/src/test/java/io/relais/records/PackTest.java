package io.relais.records;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.relais.records.Api.clinician;
import static io.relais.records.Api.clinicianWrite;
import static io.relais.records.Api.createEntry;
import static io.relais.records.Api.createPatient;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A unit's downtime pack, read back as a nurse would print it. */
@QuarkusTest
@QuarkusTestResource(RecordsTestResource.class)
@io.quarkus.test.junit.TestProfile(PackTest.ShortInterval.class)
class PackTest {

    @Test
    void aUnitsPackListsItsPatientsWithAllergiesTreatmentsProblemsAndLatestNotesOnStampedA4Pages() throws Exception {
        UUID unit = UUID.randomUUID();
        String allergic = admit(unit, "Cardiologie, Hôpital Nord", "12A", createPatient("Lefèvre", "Anaïs", "1962-04-12"));
        createEntry(allergic, Map.of("kind", "allergy", "display", "Pénicilline", "criticality", "high"));
        createEntry(allergic, Map.of("kind", "medication", "display", "Apixaban 5 mg", "dosage", "1 cp matin et soir"));
        createEntry(allergic, Map.of("kind", "problem", "display", "Fibrillation atriale"));
        for (String note : List.of("Note ancienne à ne plus imprimer", "Nuit calme", "Douleur 2/10", "Bilan à contrôler")) {
            createEntry(allergic, Map.of("kind", "note", "display", "Note", "text", note));
        }
        String other = admit(unit, "Cardiologie, Hôpital Nord", "12B", createPatient("Nguyễn", "Văn Minh", "1979-09-30"));

        Response made = clinicianWrite().post("/api/records/units/{u}/pack", unit);
        made.then().statusCode(200).contentType("application/pdf");
        byte[] pdf = made.asByteArray();
        String text = text(pdf);
        assertTrue(text.contains("Dossier de secours — Cardiologie, Hôpital Nord"), text);
        assertTrue(text.contains("COPIE DE SECOURS"), "every page says what it is");
        assertTrue(text.contains("LEFÈVRE Anaïs") && text.contains("12A") && text.contains("12/04/1962"), text);
        assertTrue(text.contains("Pénicilline") && text.contains("criticité : ÉLEVÉE"), "the allergy and how bad it is");
        assertTrue(text.contains("Apixaban 5 mg") && text.contains("Fibrillation atriale"), text);
        assertTrue(text.contains("Bilan à contrôler") && !text.contains("Note ancienne"), "the latest three notes only");
        assertTrue(text.contains("Aucune allergie connue"), "a patient without allergies says so, not nothing");
        assertTrue(text.contains("page 1 / "), text);
        assertTrue(text.contains("données au"), "the data's freshness is printed");

        // The same pack, stored: served by GET, listed with its age, checksum and patients.
        Response stored = clinician().get("/api/records/units/{u}/pack.pdf", unit);
        stored.then().statusCode(200).contentType("application/pdf");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored.asByteArray()));
        assertEquals(sha, stored.header("X-Relais-Pack-SHA256"));
        clinician().get("/api/records/packs").then().statusCode(200)
                .body("find { it.unitId == '" + unit + "' }.patients", equalTo(2))
                .body("find { it.unitId == '" + unit + "' }.overdue", equalTo(false))
                .body("find { it.unitId == '" + unit + "' }.sha256", equalTo(sha));

        // Reading it is a read of every patient in it.
        String requestId = stored.header("X-Request-Id");
        for (String patient : List.of(allergic, other)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, AuditRows.count(
                    "action = 'unit.pack' AND patient_id = '" + patient + "' AND request_id = '" + requestId + "'")));
        }
    }

    @Test
    void packsAreOnThisSitesDiskForTheServiceAccountOnlyAndOnlyTheNewestAreKept() throws Exception {
        UUID unit = UUID.randomUUID();
        admit(unit, "Pneumologie", "1", createPatient("Perrin", "Jeanne", "1950-02-02"));
        for (int i = 0; i < 5; i++) {
            clinicianWrite().post("/api/records/units/{u}/pack", unit).then().statusCode(200);
        }
        Path dir = Path.of("target/packs-test", unit.toString());
        List<Path> pdfs;
        try (Stream<Path> files = Files.list(dir)) {
            pdfs = files.filter(f -> f.toString().endsWith(".pdf")).toList();
        }
        assertEquals(3, pdfs.size(), "records.packs.keep (3) newest kept: " + pdfs);
        for (Path pdf : pdfs) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(pdf));
            assertTrue(Files.exists(Path.of(pdf.toString().replace(".pdf", ".json"))), "each with its manifest");
        }
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(dir));
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no half-written file left");
        }
    }

    @Test
    void aUnitWithoutAPackYetSaysHowToMakeOne() {
        UUID unit = UUID.randomUUID();
        clinician().get("/api/records/units/{u}/pack.pdf", unit).then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("POST /api/records/units/" + unit + "/pack"));
    }

    @Test
    void aPackOlderThanTwiceTheIntervalShowsTheServiceDegradedWithWhatToDo() {
        // The scheduled regeneration never runs in the tests (first-delay 1h): a pack made once
        // grows older than twice the interval (3 s here), as when regeneration is failing.
        UUID unit = UUID.randomUUID();
        admit(unit, "Réanimation", "1", createPatient("Chevalier", "Loïc", "1971-07-14"));
        clinicianWrite().post("/api/records/units/{u}/pack", unit).then().statusCode(200);
        // This unit's pack overdue, not only another test's older one: both checked together.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            clinician().get("/api/records/packs").then().statusCode(200)
                    .body("find { it.unitId == '" + unit + "' }.overdue", equalTo(true));
            io.relais.testing.Management.get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'downtime-packs' }.data.degraded", equalTo(true))
                    .body("checks.find { it.name == 'downtime-packs' }.data.todo",
                            org.hamcrest.Matchers.containsString("Réanimation"));
        });
    }

    /** Packs every 3 s, so that one grows overdue within a test. */
    public static class ShortInterval implements io.quarkus.test.junit.QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("records.packs.interval", "3s");
        }
    }

    private static String admit(UUID unit, String unitName, String bed, String patient) {
        clinicianWrite().body(Map.of("unitId", unit.toString(), "unitName", unitName, "bed", bed,
                        "admittedAt", Instant.now().minus(2, ChronoUnit.HOURS).toString()))
                .post("/api/records/patients/{p}/stays", patient).then().statusCode(201);
        return patient;
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }
}
