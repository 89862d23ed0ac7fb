package io.relais.local.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One embedded PostgreSQL 17 server (zonky binaries) hosting one database per service, each
 * owned by its own login role, as in production where every service owns its database.
 *
 * <p>Used by the tests of every service, the end-to-end tests and the local launcher, so it
 * has no dependency on Quarkus or JUnit.
 */
public final class EmbeddedPostgresCluster implements AutoCloseable {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final Map<String, ServiceDatabase> databases = new ConcurrentHashMap<>();

    private EmbeddedPostgresCluster(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** Starts a throw-away server on a free port with a temporary data directory. */
    public static EmbeddedPostgresCluster startEphemeral() {
        return start(0, null, Map.of());
    }

    /**
     * Starts a server.
     *
     * @param port          TCP port on loopback, 0 for a free one
     * @param dataDirectory data directory to reuse (kept across restarts), or null for a temporary one
     * @param serverConfig  extra {@code postgresql.conf} settings
     */
    public static EmbeddedPostgresCluster start(int port, Path dataDirectory, Map<String, String> serverConfig) {
        Map<String, String> config = new LinkedHashMap<>();
        // Tests and the local stack favour speed; durability across a machine crash is the
        // synchronous standby's job, not this single node's fsync.
        config.put("fsync", "off");
        // zonky defaults to synchronous_commit=off, which acknowledges commits before a
        // synchronous standby has them: the one setting that would break RPO = 0.
        config.put("synchronous_commit", "on");
        config.put("full_page_writes", "off");
        config.put("max_connections", "300");
        config.put("shared_buffers", "128MB");
        config.put("listen_addresses", "127.0.0.1");
        config.putAll(serverConfig);
        try {
            Path data = dataDirectory != null ? dataDirectory : java.nio.file.Files.createTempDirectory("relais-pg");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            config.forEach(builder::setServerConfig);
            if (port > 0) {
                builder.setPort(port);
            }
            builder.setDataDirectory(data).setCleanDataDirectory(dataDirectory == null);
            EmbeddedPostgresCluster cluster = new EmbeddedPostgresCluster(builder.start(), data);
            cluster.requirePasswords();
            return cluster;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start embedded PostgreSQL: " + e.getMessage()
                    + ". Check that the user running it may write to the temporary directory"
                    + " and, as root, that 'unshare -U' is allowed.", e);
        }
    }

    /**
     * initdb leaves every connection trusted; services must instead prove their own role's
     * password and reach only the database of the same name, as against a real server.
     * The superuser keeps trusted loopback access for administration and test set-up.
     */
    private void requirePasswords() {
        try (Connection connection = superuserConnection(); Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SHOW hba_file")) {
            rs.next();
            java.nio.file.Files.writeString(Path.of(rs.getString(1)), String.join("\n",
                    "# Written by Relais EmbeddedPostgresCluster",
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host replication postgres 127.0.0.1/32 trust",
                    // Each database admits only its own two roles (CONNECT, see createDatabase).
                    "host all all 127.0.0.1/32 scram-sha-256",
                    ""));
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Could not configure client authentication: " + e.getMessage(), e);
        }
    }

    /** The data directory of this server. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Databases created on this server (or, on a standby, adopted from its primary). */
    public Map<String, ServiceDatabase> databases() {
        return Map.copyOf(databases);
    }

    public void adopt(Map<String, ServiceDatabase> fromPrimary) {
        databases.putAll(fromPrimary);
    }

    public int port() {
        return postgres.getPort();
    }

    /**
     * Returns the database of a service, creating it the first time it is asked for, with two
     * login roles and random passwords: {@code <name>_owner}, which owns the database and its
     * tables and runs the migrations, and {@code <name>}, which the service runs as and which owns
     * nothing (so it cannot truncate its audit trail or disable a trigger: see the services'
     * R__relais_runtime_role migration). Only these two may connect to it.
     */
    public ServiceDatabase database(String name) {
        Objects.requireNonNull(name, "name");
        return databases.computeIfAbsent(identifier(name), this::createDatabase);
    }

    /**
     * Returns the database of a service that this server already holds (restored from a
     * {@link Replication#snapshot}), with new random passwords for its two roles: a snapshot
     * keeps the data, never a former run's credentials.
     */
    public ServiceDatabase existingDatabase(String name) {
        Objects.requireNonNull(name, "name");
        return databases.computeIfAbsent(identifier(name), existing -> {
            try (Connection connection = superuserConnection(); Statement statement = connection.createStatement()) {
                ServiceDatabase database = withNewPasswords(existing, jdbcUrl(existing));
                try (java.sql.ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '"
                        + existing + "'")) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        throw new IllegalStateException("This server holds no database " + existing
                                + ": it was not restored from a snapshot of the suite");
                    }
                }
                setPasswords(statement, database);
                return database;
            } catch (SQLException e) {
                throw new IllegalStateException("Could not open database " + existing + ": " + e.getMessage(), e);
            }
        });
    }

    private ServiceDatabase createDatabase(String name) {
        try (Connection connection = superuserConnection()) {
            return createServiceDatabase(connection, name, jdbcUrl(name));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a service's database and its two roles on any PostgreSQL, through a superuser
     * connection (the Patroni-managed servers of the launcher's Patroni mode use it too).
     */
    public static ServiceDatabase createServiceDatabase(Connection superuser, String name, String jdbcUrl) throws SQLException {
        ServiceDatabase database = withNewPasswords(name, jdbcUrl);
        String owner = database.ownerUsername();
        try (Statement statement = superuser.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            for (String role : new String[] {name, owner}) {
                statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role
                        + "') THEN CREATE ROLE " + role + " LOGIN; END IF; END $$");
            }
            setPasswords(statement, database);
            statement.execute("CREATE DATABASE " + name + " OWNER " + owner + " ENCODING 'UTF8' TEMPLATE template0");
            statement.execute("REVOKE CONNECT, TEMPORARY ON DATABASE " + name + " FROM PUBLIC");
            statement.execute("GRANT CONNECT ON DATABASE " + name + " TO " + name + ", " + owner);
        }
        return database;
    }

    /** A service's two roles, {@code <name>} and {@code <name>_owner}, with new random passwords not yet set. */
    private static ServiceDatabase withNewPasswords(String name, String jdbcUrl) {
        return new ServiceDatabase(identifier(name), jdbcUrl, name, HexFormat.of().formatHex(randomBytes(16)),
                name + "_owner", HexFormat.of().formatHex(randomBytes(16)));
    }

    private static void setPasswords(Statement statement, ServiceDatabase database) throws SQLException {
        statement.execute("ALTER ROLE " + database.username() + " PASSWORD '" + database.password() + "'");
        statement.execute("ALTER ROLE " + database.ownerUsername() + " PASSWORD '" + database.ownerPassword() + "'");
    }

    private static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Database name must be a lower-case SQL identifier: " + name);
        }
        return name;
    }

    /** JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** A connection as the {@code postgres} superuser to the {@code postgres} database. */
    public Connection superuserConnection() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    /** A connection as the {@code postgres} superuser to a service's database, for test set-up and checks. */
    public Connection superuserConnection(String database) throws SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    /** Runs statements as superuser, for test set-up such as making the server refuse writes. */
    public void executeAsSuperuser(String... sql) {
        try (Connection connection = superuserConnection(); Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Statement failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("Could not stop embedded PostgreSQL", e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** Connection settings of one service's database. */
    /**
     * @param username      the role the service runs as (owns nothing)
     * @param ownerUsername the role that owns the schema and runs the migrations
     */
    public record ServiceDatabase(String name, String jdbcUrl, String username, String password,
                                  String ownerUsername, String ownerPassword) {
    }
}
