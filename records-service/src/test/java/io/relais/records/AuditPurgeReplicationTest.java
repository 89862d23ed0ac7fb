package io.relais.records;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.relais.local.postgres.EmbeddedPostgresCluster;
import io.relais.local.postgres.Freeze;
import io.relais.local.postgres.Replication;
import io.relais.records.audit.AuditService;
import io.relais.testing.ReplicatedPostgresTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit retention purge on a primary with a synchronous standby: a batch is done only once
 * the standby has it, however short its statement timeout. A cancel that reached the commit's
 * wait for the standby (a statement timeout still armed, a client's query timeout) would make
 * PostgreSQL report the commit as done while only the primary has it: after a failover the
 * purged events would come back.
 */
@QuarkusTest
@TestProfile(AuditPurgeReplicationTest.TwoSitesShortTimeout.class)
class AuditPurgeReplicationTest {

    public static class TwoSitesShortTimeout extends TwoSites {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("records.audit.purge-statement-timeout", "1s");
        }
    }

    @Inject
    AuditService auditService;

    @Test
    void aPurgeBatchWaitsForTheFrozenStandbyBeyondItsStatementTimeout() throws Exception {
        UUID old = UUID.randomUUID();
        try (Connection c = ReplicatedPostgresTestResource.primary().superuserConnection("records");
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO audit_event (id, occurred_at, actor, roles, action, resource, outcome, status, site)"
                    + " VALUES ('" + old + "', now() - interval '400 days', 'dr.past', 'clinician', 'patient.read',"
                    + " 'GET /x', 'success', 200, 'test')");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> standbyHas(old));

        Supplier<List<ProcessHandle>> standby = () -> Replication.processes(ReplicatedPostgresTestResource.standby());
        CompletableFuture<Integer> purge;
        try {
            Freeze.stop(standby);
            purge = CompletableFuture.supplyAsync(auditService::purgeExpired);
            // Twice the statement timeout: the delete itself took milliseconds, the commit waits.
            await("the purge still waiting for its frozen standby").during(Duration.ofMillis(2_500))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> !purge.isDone());
        } finally {
            Freeze.resume(standby);
        }
        assertEquals(1, purge.get(10, TimeUnit.SECONDS), "the old event is purged once the standby has it");
        await().atMost(Duration.ofSeconds(10)).until(() -> !standbyHas(old));
    }

    @Test
    void aPurgeBatchStillStopsAtItsStatementTimeout() throws Exception {
        try (Connection lock = ReplicatedPostgresTestResource.primary().superuserConnection("records");
             Statement s = lock.createStatement()) {
            lock.setAutoCommit(false);
            s.execute("INSERT INTO audit_event (id, occurred_at, actor, roles, action, resource, outcome, status, site)"
                    + " VALUES ('" + UUID.randomUUID() + "', now() - interval '400 days', 'dr.locked', 'clinician',"
                    + " 'patient.read', 'GET /x', 'success', 200, 'test')");
            lock.commit();
            // Another session holds the table: the purge's delete waits for its lock, and gives up.
            s.execute("LOCK TABLE audit_event IN ACCESS EXCLUSIVE MODE");
            long started = System.nanoTime();
            int purged = auditService.purgeExpired();
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertEquals(0, purged, "nothing purged while the table is locked");
            assertTrue(ms < 4_000, "the batch gave up at its 1 s timeout, not after " + ms + " ms");
            lock.rollback();
        }
        assertTrue(auditService.purgeExpired() >= 1, "purged once the lock is gone");
        assertFalse(primaryHasActor("dr.locked"));
    }

    private static boolean standbyHas(UUID event) throws SQLException {
        return count(ReplicatedPostgresTestResource.standby(), "id = '" + event + "'") == 1;
    }

    private static boolean primaryHasActor(String actor) throws SQLException {
        return count(ReplicatedPostgresTestResource.primary(), "actor = '" + actor + "'") > 0;
    }

    private static long count(EmbeddedPostgresCluster server, String where) throws SQLException {
        try (Connection c = server.superuserConnection("records"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_event WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
