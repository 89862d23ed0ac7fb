package io.relais.testing;

import io.relais.local.postgres.EmbeddedPostgresCluster;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedPostgresClusterTest {

    @Test
    void eachServiceGetsItsOwnDatabaseAndRoleWithTheSearchExtensions() throws Exception {
        EmbeddedPostgresCluster cluster = SharedPostgres.get();
        EmbeddedPostgresCluster.ServiceDatabase records = cluster.database("records_t");
        EmbeddedPostgresCluster.ServiceDatabase directory = cluster.database("directory_t");
        assertNotEquals(records.password(), directory.password());

        try (Connection c = DriverManager.getConnection(records.jdbcUrl(), records.ownerUsername(), records.ownerPassword());
             Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS unaccent");
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            try (ResultSet rs = s.executeQuery("SELECT unaccent('Bussière'), current_setting('server_version_num')::int")) {
                rs.next();
                assertEquals("Bussiere", rs.getString(1));
                assertTrue(rs.getInt(2) >= 170000, "PostgreSQL 17 expected");
            }
        }
        // A service's role cannot reach another service's database, even with its right password,
        // and may not create anything in its own.
        assertThrows(java.sql.SQLException.class, () -> DriverManager.getConnection(
                directory.jdbcUrl(), records.username(), records.password()).close());
        try (Connection c = DriverManager.getConnection(records.jdbcUrl(), records.username(), records.password());
             Statement s = c.createStatement()) {
            assertThrows(java.sql.SQLException.class, () -> s.execute("CREATE TABLE mine (x int)"));
        }
    }
}
