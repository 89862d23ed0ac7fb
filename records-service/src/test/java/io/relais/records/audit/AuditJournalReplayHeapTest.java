package io.relais.records.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.relais.records.config.RecordsConfig;
import io.relais.local.postgres.EmbeddedPostgresCluster;
import io.relais.testing.SharedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long read-only period: 200,000 audit events waited in the journal (about 70 MB). When writes
 * come back they are all replayed into a real PostgreSQL table, none twice, in the heap the
 * launcher gives a service: this class runs alone in a JVM with -Xmx128m (the records pom's
 * small-heap execution), without Quarkus, whose build step alone would not fit in that heap.
 */
@Tag("small-heap")
class AuditJournalReplayHeapTest {

    static final int EVENTS = 200_000;

    @Test
    void twoHundredThousandJournalledEventsAreAllReplayedOnceInA128MiBHeap() throws Exception {
        assertTrue(Runtime.getRuntime().maxMemory() <= 160L * 1024 * 1024,
                "run with -Xmx128m (the small-heap execution), not " + Runtime.getRuntime().maxMemory() + " bytes");
        Path file = Files.createTempDirectory("journal").resolve("audit-journal.ndjson");
        AuditJournal journal = journal(file);
        for (int from = 0; from < EVENTS; from += 2000) {
            List<AuditEvent> chunk = new ArrayList<>(2000);
            for (int i = from; i < from + 2000; i++) {
                chunk.add(new AuditEvent(UUID.randomUUID(), Instant.now(), "dr.night", "clinician", "summary.read",
                        UUID.randomUUID(), "/api/records/patients/" + UUID.randomUUID() + "/summary", null, "success", 200,
                        "req-" + i, "b", "127.0.0.1"));
            }
            journal.append(chunk);
        }
        assertTrue(Files.size(file) > 50_000_000, "the journal (" + Files.size(file) + " bytes) is most of the heap");

        EmbeddedPostgresCluster postgres = SharedPostgres.get();
        postgres.executeAsSuperuser("DROP DATABASE IF EXISTS journal_replay",
                "CREATE DATABASE journal_replay");
        try (Connection c = postgres.superuserConnection("journal_replay"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE audit_event (id UUID PRIMARY KEY, occurred_at TIMESTAMPTZ NOT NULL, request_id TEXT)");
            c.setAutoCommit(false);
            // The primary is lost again mid-replay: the first attempt stops after 20 batches,
            // the journal copy stays, the second attempt replays everything, none twice.
            int[] batches = {0};
            assertThrows(IllegalStateException.class, () -> journal.replay(500, batch -> {
                if (++batches[0] > 20) {
                    throw new IllegalStateException("primary lost mid-replay");
                }
                insert(c, batch);
            }));
            assertTrue(journal.pending());
            assertEquals(EVENTS, journal.replay(500, batch -> insert(c, batch)));
            assertTrue(!journal.pending());
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT request_id) FROM audit_event")) {
                rs.next();
                assertEquals(EVENTS, rs.getInt(1), "every journalled event is in the database");
                assertEquals(EVENTS, rs.getInt(2), "none twice");
            }
        }
    }

    private static void insert(Connection c, List<AuditEvent> batch) throws Exception {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO audit_event (id, occurred_at, request_id) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            for (AuditEvent e : batch) {
                insert.setObject(1, e.id());
                insert.setTimestamp(2, Timestamp.from(e.occurredAt()));
                insert.setString(3, e.requestId());
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        }
    }

    private static AuditJournal journal(Path file) {
        AuditJournal journal = new AuditJournal();
        journal.config = new JournalOnly(file);
        journal.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        journal.meters = new SimpleMeterRegistry();
        return journal;
    }

    /** The journal's settings: everything else of RecordsConfig is of no use here. */
    private record JournalOnly(Path file) implements RecordsConfig, RecordsConfig.Audit {
        @Override
        public Audit audit() {
            return this;
        }

        @Override
        public Packs packs() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Fhir fhir() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Path journal() {
            return file;
        }

        @Override
        public MemorySize journalMaxSize() {
            return new MemorySize(BigInteger.valueOf(512L * 1024 * 1024));
        }

        @Override
        public double journalWarnRatio() {
            return 0.5;
        }

        @Override
        public int batchSize() {
            return 500;
        }

        @Override
        public Duration retention() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Duration purgeStatementTimeout() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Duration replayInterval() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String purgeCron() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int summaryNotes() {
            throw new UnsupportedOperationException();
        }
    }
}
