package io.relais.records;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.relais.records.audit.AuditEvent;
import io.relais.records.audit.AuditJournal;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local audit journal on a bad day: a crash tore its last line, it grows towards its bound.
 * Its events are replayed into the real database by the service's own replay job.
 */
@QuarkusTest
@QuarkusTestResource(RecordsTestResource.class)
@TestProfile(AuditJournalTest.OwnJournal.class)
class AuditJournalTest {

    static final Path JOURNAL = Path.of("target/audit-journal-torn.ndjson");

    public static class OwnJournal implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("records.audit.journal", JOURNAL.toString(), "records.audit.journal-max-size", "64K",
                    "records.audit.journal-warn-ratio", "0.5",
                    // The test replays when it means to; a scheduled replay would race its assertions.
                    "quarkus.scheduler.enabled", "false");
        }
    }

    @Inject
    AuditJournal journal;

    @Inject
    io.relais.records.audit.AuditWriter writer;

    @Test
    void aTornLastLineIsQuarantinedAndNeverSwallowsTheNextEvent() throws Exception {
        Files.deleteIfExists(journal.quarantineFile());
        AuditEvent before = event();
        AuditEvent after = event();
        journal.append(List.of(before));
        // A crash in the middle of the next append: half an event, no end of line.
        String torn = "{\"id\":\"" + UUID.randomUUID() + "\",\"occurredAt\":\"2026-11-30T10:";
        Files.writeString(JOURNAL.toAbsolutePath(), torn, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        journal.append(List.of(after));

        assertEquals(2, journal.replay(500, AuditRows::insert));
        assertTrue(AuditRows.stored(before.id()) && AuditRows.stored(after.id()), "both acknowledged events reach the database");
        assertEquals(List.of(torn), Files.readAllLines(journal.quarantineFile()), "the torn line is kept for a person");
        assertFalse(journal.pending());
    }

    @Test
    void aFillingJournalShowsDegradedAndAFullOneRefusesToLoseAnEvent() throws Exception {
        assertFalse(journal.filling());
        long written = 0;
        while (!journal.filling()) {
            journal.append(List.of(event()));
            written++;
        }
        assertTrue(written > 10);
        io.relais.testing.Management.get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'audit-journal' }.data.degraded", org.hamcrest.Matchers.equalTo(true));
        assertThrows(IllegalStateException.class, () -> {
            while (true) {
                journal.append(List.of(event()));
            }
        }, "past its bound an append fails: the audited request is refused, never served unaudited");
        io.relais.testing.Management.get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("relais_audit_journal_bytes"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            writer.replayNow();
            return !journal.pending();
        });
        assertFalse(journal.filling(), "once replayed, the journal is empty again");
    }

    private AuditEvent event() {
        return new AuditEvent(UUID.randomUUID(), Instant.now(), "dr.test", "clinician", "patient.read", UUID.randomUUID(),
                "/api/records/patients/x", null, "success", 200, "req-" + UUID.randomUUID(), "test", "127.0.0.1");
    }
}
