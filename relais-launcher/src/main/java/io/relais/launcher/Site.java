package io.relais.launcher;

import io.relais.local.postgres.EmbeddedPostgresCluster;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One simulated site: its own PostgreSQL and its processes, on loopback (the stand-in) or at the
 * site's own address in its network namespace (Patroni mode). Services listen at
 * the gateway's port plus their offset (8080 → records 8081, directory 8082, status 8083), and
 * each one's management interface ({@code /q/*}, {@code /gateway/upstreams}) 100 above that.
 */
final class Site {

    /** Services with a database, and their port offset from the site's gateway. */
    static final Map<String, Integer> DATABASE_SERVICES = orderedOffsets();

    private static Map<String, Integer> orderedOffsets() {
        Map<String, Integer> offsets = new java.util.LinkedHashMap<>();
        offsets.put("records", 1);
        offsets.put("directory", 2);
        offsets.put("status", 3);
        return java.util.Collections.unmodifiableMap(offsets);
    }

    /** A site's directory under the run directory: this prefix and the site's name. */
    static final String DIRECTORY_PREFIX = "site-";
    private static final String DATA_DIRECTORY = "postgres";

    final String name;
    /** Where the site's processes listen: 127.0.0.1, or the site's address in its network namespace. */
    final String address;
    final int gatewayPort;
    final Path directory;
    final List<ServiceProcess> processes = new ArrayList<>();
    /** Fixed once chosen: every service's JDBC URL names it, before and after a power cut. */
    int databasePort;
    EmbeddedPostgresCluster database;
    /** The {@code postgres} role's password: none for the embedded server, generated per run under Patroni. */
    String superuserPassword = "";
    boolean powered;

    Site(String name, String address, int gatewayPort, Path directory) {
        this.name = name;
        this.address = address;
        this.gatewayPort = gatewayPort;
        this.directory = directory;
    }

    int port(String service) {
        return service.equals("gateway") ? gatewayPort : gatewayPort + DATABASE_SERVICES.get(service);
    }

    String url(String service) {
        return "http://" + host() + ":" + port(service);
    }

    /** The host name in the site's URLs: {@code localhost} on loopback, else its address. */
    String host() {
        return address.equals("127.0.0.1") ? "localhost" : address;
    }

    /** The service's management interface: health, metrics, OpenAPI, the gateway's upstream states. */
    String managementUrl(String service) {
        return "http://" + host() + ":" + ServiceProcess.managementPort(port(service));
    }

    /** The standby's {@code application_name}, as {@code synchronous_standby_names} lists it. */
    String replicationName() {
        return "site_" + name;
    }

    String label() {
        return "site " + name.toUpperCase(java.util.Locale.ROOT);
    }

    Path dataDirectory() {
        return directory.resolve(DATA_DIRECTORY);
    }

    /** Whether {@code directory} is a site's {@link #dataDirectory()}, as the run directory holds them. */
    static boolean isDataDirectory(Path directory) {
        Path site = directory.getParent();
        return directory.getFileName().toString().equals(DATA_DIRECTORY)
                && site != null && site.getFileName().toString().startsWith(DIRECTORY_PREFIX);
    }

    /**
     * Asks this site's PostgreSQL whether it is replaying WAL, as an HA manager's health check
     * does: empty when it cannot be reached within a second.
     */
    Optional<Boolean> inRecovery() {
        if (databasePort == 0) {
            return Optional.empty();
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres") + "?connectTimeout=1&socketTimeout=2"
                + "&ApplicationName=relais-ha", "postgres", superuserPassword);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return Optional.of(rs.getBoolean(1));
        } catch (SQLException unreachable) {
            return Optional.empty();
        }
    }

    /** The site's own PostgreSQL, whatever its role. */
    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + address + ":" + databasePort + "/" + database;
    }

    /** A superuser connection to a database of this site's PostgreSQL, for checks and set-up. */
    Connection superuserConnection(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", superuserPassword);
    }

    /** Forgets a server whose power was cut, releasing the embedded library's lock on its directory. */
    void forgetDatabase() {
        if (database == null) {
            return;
        }
        try {
            database.close();
        } catch (RuntimeException alreadyDead) {
            // pg_ctl stop fails on a killed server; the lock is released all the same.
        }
        database = null;
    }
}
