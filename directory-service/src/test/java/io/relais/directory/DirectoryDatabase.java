package io.relais.directory;

import io.relais.testing.SharedPostgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The service's database as its superuser, for what the API does not show: row counts, statistics, lock waits, plans. */
final class DirectoryDatabase {

    private DirectoryDatabase() {
    }

    static Connection superuser() throws SQLException {
        return SharedPostgres.get().superuserConnection("directory");
    }

    /** The first column of the first row of {@code sql}; null when it returns no row. */
    static <T> T scalar(String sql, Class<T> type) throws SQLException {
        try (Connection c = superuser(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1, type) : null;
        }
    }
}
