package io.relais.local.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streaming replication between embedded servers, built with SQL and file operations only (the
 * embedded binaries have no {@code pg_basebackup}): a physical slot on the primary, a
 * non-exclusive base backup ({@code pg_backup_start}, copy, {@code pg_backup_stop} and its
 * {@code backup_label}), then {@code standby.signal} and {@code primary_conninfo}.
 *
 * <p>Also the two moves an HA manager makes: promoting a standby, and cutting a server's power
 * (SIGKILL of the postmaster and every backend at once — not a shutdown).
 */
public final class Replication {

    /** Files of a running cluster that a base backup must not carry (PostgreSQL docs, 26.3.3). */
    private static final Set<String> EXCLUDED = Set.of("postmaster.pid", "postmaster.opts", "pg_wal",
            "pg_replslot", "pg_stat_tmp", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots",
            "pg_subtrans", "epg-lock", "standby.signal", "recovery.signal", "backup_label", "tablespace_map");

    private Replication() {
    }

    /**
     * Clones {@code primary} into {@code dataDirectory} (replacing what an earlier server left
     * there) and starts it as a hot standby streaming
     * from it through slot {@code name}; with {@code synchronous}, the primary then waits for this
     * standby before acknowledging any commit.
     */
    public static EmbeddedPostgresCluster startStandby(EmbeddedPostgresCluster primary, String name, int port,
                                                       Path dataDirectory, boolean synchronous) {
        String slot;
        try (Connection c = primary.superuserConnection(); Statement s = c.createStatement()) {
            slot = freshSlot(s, name);
            s.execute("SELECT pg_backup_start('relais-" + slot + "', true)");
            copyDataDirectory(primary.dataDirectory(), dataDirectory);
            try (ResultSet rs = s.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)")) {
                rs.next();
                Files.writeString(dataDirectory.resolve("backup_label"), rs.getString(1));
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Could not take a base backup of the primary: " + e.getMessage(), e);
        }
        EmbeddedPostgresCluster standby = startAsStandby(primary, name, slot, port, dataDirectory);
        if (synchronous) {
            setSynchronousStandby(primary, name);
            awaitState(primary, name, "sync");
        } else {
            awaitState(primary, name, "async");
        }
        return standby;
    }

    /**
     * Copies {@code primary} into {@code target} so that the copy starts on its own as a primary
     * holding every transaction committed before this method returned: a base backup like a
     * standby's, plus the WAL from its start to its end (what {@code pg_basebackup -X fetch}
     * would carry). Never the primary's choice of synchronous standby: a server started from the
     * copy would wait for a standby it does not have.
     */
    public static void snapshot(EmbeddedPostgresCluster primary, Path target) {
        try (Connection c = primary.superuserConnection(); Statement s = c.createStatement()) {
            String firstSegment;
            try (ResultSet rs = s.executeQuery("SELECT pg_walfile_name(pg_backup_start('relais-snapshot', true))")) {
                rs.next();
                firstSegment = rs.getString(1);
            }
            copyDataDirectory(primary.dataDirectory(), target);
            String lastSegment;
            try (ResultSet rs = s.executeQuery("SELECT labelfile, pg_walfile_name(lsn) FROM pg_backup_stop(false)")) {
                rs.next();
                Files.writeString(target.resolve("backup_label"), rs.getString(1));
                lastSegment = rs.getString(2);
            }
            copyWal(primary.dataDirectory().resolve("pg_wal"), target.resolve("pg_wal"), firstSegment, lastSegment);
            withoutReplicationSettings(target.resolve("postgresql.auto.conf"), List.of());
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Could not take a snapshot of the primary: " + e.getMessage(), e);
        }
    }

    /**
     * Copies a {@link #snapshot} into a data directory, for a server to start from; whatever an
     * earlier server left there is replaced.
     */
    public static void restore(Path snapshot, Path dataDirectory) {
        try {
            copyDataDirectory(snapshot, dataDirectory, Set.of());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not restore " + snapshot + " into " + dataDirectory, e);
        }
    }

    /** The timelines' history files and the segments from {@code first} to {@code last}, both included. */
    private static void copyWal(Path from, Path to, String first, String last) throws IOException {
        try (var segments = Files.list(from)) {
            for (Path file : segments.toList()) {
                String name = file.getFileName().toString();
                boolean needed = name.endsWith(".history")
                        || name.matches("[0-9A-F]{24}") && name.compareTo(first) >= 0 && name.compareTo(last) <= 0;
                if (needed) {
                    Files.copy(file, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** A new physical slot for standby {@code name} on the primary, replacing one an earlier incarnation left. */
    private static String freshSlot(Statement s, String name) throws SQLException {
        String slot = name.replaceAll("[^a-z0-9_]", "_");
        dropSlot(s, slot);
        s.execute("SELECT pg_create_physical_replication_slot('" + slot + "', true)");
        return slot;
    }

    private static EmbeddedPostgresCluster startAsStandby(EmbeddedPostgresCluster primary, String name, String slot,
                                                          int port, Path dataDirectory) {
        configureAsStandby(dataDirectory, primary.port(), name, slot);
        EmbeddedPostgresCluster standby = EmbeddedPostgresCluster.start(port, dataDirectory, Map.of("hot_standby", "on"));
        standby.adopt(primary.databases());
        return standby;
    }

    /**
     * Drops a slot left by an earlier incarnation of the standby; its WAL sender may still hold it
     * for a moment after the standby died, so end that sender first.
     */
    private static void dropSlot(Statement s, String slot) throws SQLException {
        String where = " FROM pg_replication_slots WHERE slot_name = '" + slot + "'";
        s.execute("SELECT pg_terminate_backend(active_pid)" + where + " AND active_pid IS NOT NULL");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                s.execute("SELECT pg_drop_replication_slot(slot_name)" + where);
                return;
            } catch (SQLException stillActive) {
                if (System.nanoTime() > deadline || !"55006".equals(stillActive.getSQLState())) {
                    throw stillActive;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            }
        }
    }

    /**
     * Restarts a cleanly shut down former primary as a standby of the server that replaced it,
     * without a new base backup: after a clean shutdown the new primary holds every record of
     * the old one, so the old one can follow the new timeline (planned switchover).
     */
    public static EmbeddedPostgresCluster followAsStandby(EmbeddedPostgresCluster primary, String name, int port,
                                                          Path dataDirectory) {
        String slot;
        try (Connection c = primary.superuserConnection(); Statement s = c.createStatement()) {
            slot = freshSlot(s, name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create a replication slot for " + name + ": " + e.getMessage(), e);
        }
        EmbeddedPostgresCluster standby = startAsStandby(primary, name, slot, port, dataDirectory);
        awaitState(primary, name, "async");
        return standby;
    }

    /** Waits until the primary reports the standby streaming in the given sync state. */
    public static void awaitState(EmbeddedPostgresCluster primary, String standbyName, String syncState) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Connection c = primary.superuserConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT sync_state FROM pg_stat_replication WHERE state = 'streaming'"
                         + " AND application_name = '" + standbyName + "'")) {
                if (rs.next() && syncState.equals(rs.getString(1))) {
                    return;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
        throw new IllegalStateException("Standby " + standbyName + " is not streaming as " + syncState
                + " after 30 s; check both servers' logs");
    }

    /** Names the standby the primary must wait for, or none (asynchronous) with null. */
    public static void setSynchronousStandby(EmbeddedPostgresCluster primary, String standbyName) {
        primary.executeAsSuperuser(standbyName == null
                        ? "ALTER SYSTEM RESET synchronous_standby_names"
                        : "ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 (" + standbyName + ")'",
                "SELECT pg_reload_conf()");
    }

    /**
     * What the primary says of a standby: whether it streams, whether it is the synchronous one,
     * and how far behind its flushed WAL is. {@code null} when it is not connected.
     */
    public record StandbyState(String state, String syncState, long lagBytes) {
        public boolean synchronous() {
            return "streaming".equals(state) && "sync".equals(syncState);
        }

        /** Streaming and within {@code maxLag} bytes: making it synchronous now would not stall commits. */
        public boolean caughtUp(long maxLag) {
            return "streaming".equals(state) && lagBytes <= maxLag;
        }
    }

    public static StandbyState standbyState(EmbeddedPostgresCluster primary, String standbyName) {
        try (Connection c = primary.superuserConnection();
             PreparedStatement q = c.prepareStatement("SELECT state, sync_state,"
                     + " coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), flush_lsn), 0)::bigint"
                     + " FROM pg_stat_replication WHERE application_name = ?")) {
            q.setString(1, standbyName);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? new StandbyState(rs.getString(1), rs.getString(2), rs.getLong(3)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Promotes a standby to primary and waits until it accepts writes. */
    public static void promote(EmbeddedPostgresCluster standby) {
        standby.executeAsSuperuser("SELECT pg_promote(true, 30)");
    }

    /** True when the server is a standby replaying WAL. */
    public static boolean inRecovery(EmbeddedPostgresCluster server) {
        try (Connection c = server.superuserConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Cuts the power of a server: SIGKILL to the postmaster and every backend at once, as when
     * the site loses power. Nothing is flushed, nothing is shut down cleanly.
     */
    public static void powerCut(EmbeddedPostgresCluster server) {
        processes(server).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * The postmaster of a server and every process it started, for a caller that cuts a whole
     * site's power at once; empty when the server is not running.
     */
    public static List<ProcessHandle> processes(EmbeddedPostgresCluster server) {
        return processesOn(server.dataDirectory());
    }

    private static List<ProcessHandle> processesOn(Path dataDirectory) {
        return postmaster(dataDirectory).map(Replication::withEverythingItStarted).orElse(List.of());
    }

    /**
     * The postmaster running on {@code dataDirectory}: the process its pid file names, if that
     * process's command line names this directory. A pid file a power cut left behind may name a
     * process that has nothing to do with PostgreSQL by now.
     */
    private static Optional<ProcessHandle> postmaster(Path dataDirectory) {
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        } catch (NoSuchFileException | NumberFormatException | IndexOutOfBoundsException notRunning) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read postmaster.pid of " + dataDirectory, e);
        }
        Path directory = dataDirectory.toAbsolutePath().normalize();
        return ProcessHandle.of(pid).filter(process -> process.info().arguments()
                .map(arguments -> Arrays.stream(arguments).anyMatch(argument -> names(argument, directory)))
                .orElse(false));
    }

    private static boolean names(String argument, Path directory) {
        try {
            return Path.of(argument).toAbsolutePath().normalize().equals(directory);
        } catch (InvalidPathException notAPath) {
            return false;
        }
    }

    private static List<ProcessHandle> withEverythingItStarted(ProcessHandle postmaster) {
        List<ProcessHandle> all = new java.util.ArrayList<>(postmaster.descendants().toList());
        all.add(postmaster);
        return all;
    }

    private static void configureAsStandby(Path dataDirectory, int primaryPort, String name, String slot) {
        try {
            Files.writeString(dataDirectory.resolve("standby.signal"), "");
            // The copy carries the primary's ALTER SYSTEM settings: its choice of synchronous
            // standby would make this server, once promoted, wait for a standby that is itself.
            withoutReplicationSettings(dataDirectory.resolve("postgresql.auto.conf"), List.of(
                    "primary_conninfo = 'host=127.0.0.1 port=" + primaryPort + " user=postgres application_name=" + name + "'",
                    "primary_slot_name = '" + slot + "'",
                    "hot_standby = on"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not configure the standby in " + dataDirectory, e);
        }
    }

    /** Rewrites a copied {@code postgresql.auto.conf} without the source's replication settings, plus {@code added}. */
    private static void withoutReplicationSettings(Path autoConf, List<String> added) throws IOException {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(autoConf).stream()
                .filter(line -> !line.matches("\\s*(synchronous_standby_names|primary_conninfo|primary_slot_name)\\b.*"))
                .toList());
        lines.addAll(added);
        lines.add("");
        Files.writeString(autoConf, String.join("\n", lines));
    }

    private static void copyDataDirectory(Path from, Path to) throws IOException {
        copyDataDirectory(from, to, EXCLUDED);
    }

    /**
     * Makes {@code to} a copy of the data directory {@code from}, without the top-level entries
     * named in {@code excluded}: over what the directory already holds ({@link DataDirectoryCopy}),
     * once no server runs on it.
     */
    private static void copyDataDirectory(Path from, Path to, Set<String> excluded) throws IOException {
        stopServerLeftOn(to);
        DataDirectoryCopy.mirror(from, to, excluded);
    }

    /**
     * Cuts the power of a server an earlier run left on {@code dataDirectory} (its launcher was
     * killed before it could stop it): the copy is written over that server's files, which it
     * would go on writing.
     */
    private static void stopServerLeftOn(Path dataDirectory) throws IOException {
        List<ProcessHandle> all = processesOn(dataDirectory);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while stopping the server left on " + dataDirectory, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("The server an earlier run left on " + dataDirectory + " (pid " + process.pid()
                        + ") did not stop: stop it yourself ('kill -9 " + process.pid() + "') and start again", e);
            }
        }
    }
}
