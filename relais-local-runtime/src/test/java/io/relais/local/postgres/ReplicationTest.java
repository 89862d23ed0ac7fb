package io.relais.local.postgres;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A synchronous hot standby built with SQL and files, a power cut, and a promotion. */
class ReplicationTest {

    @Test
    void aSynchronousStandbyHasEveryCommitAndTakesOverAfterAPowerCut() throws Exception {
        EmbeddedPostgresCluster primary = EmbeddedPostgresCluster.startEphemeral();
        EmbeddedPostgresCluster standby = null;
        try {
            EmbeddedPostgresCluster.ServiceDatabase db = primary.database("records_r");
            execute(db.jdbcUrl(), db, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)");

            standby = Replication.startStandby(primary, "site_b", 0,
                    Files.createTempDirectory("relais-standby"), true);
            assertTrue(Replication.inRecovery(standby));
            String standbyUrl = standby.jdbcUrl("records_r");

            await().atMost(Duration.ofSeconds(10)).until(() -> "sync".equals(syncState(primary)));
            execute(db.jdbcUrl(), db, "INSERT INTO t VALUES (2)");
            // Acknowledged means flushed on the standby; it becomes visible there once replayed.
            await().atMost(Duration.ofSeconds(5)).until(() -> count(standbyUrl, db) == 2);
            SQLException refused = assertThrows(SQLException.class, () -> execute(standbyUrl, db, "INSERT INTO t VALUES (3)"));
            assertEquals("25006", refused.getSQLState());

            Replication.powerCut(primary);
            await().atMost(Duration.ofSeconds(10)).until(() -> !canConnect(db.jdbcUrl(), db));
            Replication.promote(standby);
            assertFalse(Replication.inRecovery(standby));
            execute(standbyUrl, db, "INSERT INTO t VALUES (3)");
            assertEquals(3, count(standbyUrl, db));
        } finally {
            if (standby != null) {
                standby.close();
            }
            try {
                primary.close();
            } catch (IllegalStateException alreadyDead) {
                // its power was cut
            }
        }
    }

    @Test
    void aSnapshotStartsAsAPrimaryWithWhatWasCommittedBeforeItAndNewPasswords() throws Exception {
        EmbeddedPostgresCluster primary = EmbeddedPostgresCluster.startEphemeral();
        EmbeddedPostgresCluster standby = null;
        EmbeddedPostgresCluster restored = null;
        try {
            EmbeddedPostgresCluster.ServiceDatabase db = primary.database("records_r");
            execute(db.jdbcUrl(), db, "CREATE TABLE t (id int PRIMARY KEY, payload text)",
                    "INSERT INTO t SELECT g, repeat('x', 200) FROM generate_series(1, 100000) g");
            standby = Replication.startStandby(primary, "site_b", 0, Files.createTempDirectory("relais-standby"), true);
            Path snapshot = Files.createTempDirectory("relais-snapshot").resolve("data");
            Replication.snapshot(primary, snapshot);
            execute(db.jdbcUrl(), db, "INSERT INTO t VALUES (100001, 'after the snapshot')");

            Path data = Files.createTempDirectory("relais-restored").resolve("data");
            Replication.restore(snapshot, data);
            restored = EmbeddedPostgresCluster.start(0, data, Map.of());
            assertFalse(Replication.inRecovery(restored), "a primary, not a standby");
            EmbeddedPostgresCluster server = restored;
            // The primary had a synchronous standby; the copy must not wait for one it lacks (new passwords are writes).
            EmbeddedPostgresCluster.ServiceDatabase reopened = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> server.existingDatabase("records_r"));
            String url = restored.jdbcUrl("records_r");
            assertEquals(100000, count(url, reopened), "every row committed before the snapshot, none after");
            assertThrows(SQLException.class, () -> count(url, db), "the former run's password no longer opens it");
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> execute(url, reopened, "INSERT INTO t VALUES (0, 'new')"));
            assertEquals(100001, count(url, reopened));
            assertThrows(IllegalStateException.class, () -> server.existingDatabase("directory_r"));

            // The next start restores over what this one left, its server still running (its
            // launcher killed): its own WAL, its postmaster.pid, a table created since, a stray file.
            execute(url, reopened, "CREATE TABLE since (id int)");
            Files.writeString(data.resolve("base").resolve("stray"), "left by someone");
            Replication.restore(snapshot, data);
            assertFalse(canConnect(url, reopened), "the server left running was stopped before its files were replaced");
            restored = null;
            assertFalse(Files.exists(data.resolve("postmaster.pid")), "its pid file is gone");
            assertFalse(Files.exists(data.resolve("base").resolve("stray")), "nothing the snapshot lacks is left");
            restored = EmbeddedPostgresCluster.start(0, data, Map.of());
            EmbeddedPostgresCluster again = restored;
            EmbeddedPostgresCluster.ServiceDatabase second = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> again.existingDatabase("records_r"));
            assertEquals(100000, count(url(again), second), "the snapshot's rows, not the last run's");
            SQLException gone = assertThrows(SQLException.class,
                    () -> execute(url(again), second, "SELECT * FROM since"));
            assertEquals("42P01", gone.getSQLState(), "the table created after the restore is not there");
        } finally {
            for (EmbeddedPostgresCluster server : java.util.Arrays.asList(restored, standby, primary)) {
                if (server != null) {
                    server.close();
                }
            }
        }
    }

    private static String url(EmbeddedPostgresCluster server) {
        return server.jdbcUrl("records_r");
    }

    private static void execute(String url, EmbeddedPostgresCluster.ServiceDatabase db, String... sql) throws SQLException {
        // As the schema's owner: the service's own role may not create tables.
        try (Connection c = DriverManager.getConnection(url, db.ownerUsername(), db.ownerPassword()); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private static int count(String url, EmbeddedPostgresCluster.ServiceDatabase db) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, db.ownerUsername(), db.ownerPassword()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String syncState(EmbeddedPostgresCluster primary) throws SQLException {
        try (Connection c = primary.superuserConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sync_state FROM pg_stat_replication WHERE application_name = 'site_b'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static boolean canConnect(String url, EmbeddedPostgresCluster.ServiceDatabase db) {
        try (Connection c = DriverManager.getConnection(url, db.username(), db.password())) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
