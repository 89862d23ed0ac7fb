package io.relais.common.database;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Vacuums and analyses tables a bulk write just changed, instead of leaving the next searches to
 * plans made for the old row counts until autovacuum comes by. The vacuum matters as much as the
 * statistics: rows inserted in bulk wait in a GIN index's pending list, which the planner costs
 * and every search through the index scans, so until a vacuum merges it the name search at 50,000
 * people ran as a sequential scan (15 ms a query against 2 ms). The service's role owns no table:
 * it may vacuum and analyse them on PostgreSQL 17 and later (the MAINTAIN privilege its migrations
 * grant); on an older server PostgreSQL skips them with a warning, logged once.
 */
@ApplicationScoped
public class TableStatistics {

    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*");

    @Inject
    AgroalDataSource dataSource;

    private volatile boolean toldNotAllowed;

    /**
     * VACUUM (ANALYZE) of {@code tables} (names from the code, never from a request), in its own
     * session and outside any transaction (VACUUM refuses to run in one).
     */
    public void vacuumAndAnalyze(List<String> tables) {
        if (!tables.stream().allMatch(t -> TABLE.matcher(t).matches())) {
            throw new IllegalArgumentException("Not table names: " + tables);
        }
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("VACUUM (ANALYZE) " + String.join(", ", tables));
            for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
                if (!toldNotAllowed) {
                    toldNotAllowed = true;
                    Log.warnf("%s not vacuumed and analysed after a bulk write (%s): searches stay slower until"
                            + " autovacuum comes by. PostgreSQL 17 lets the service's role do it (GRANT MAINTAIN).",
                            tables, warning.getMessage());
                }
            }
            Log.infof("Vacuumed and analysed %s in %d ms", tables, (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            // A missed refresh costs speed for a minute, never the import that triggered it.
            Log.warnf("%s not vacuumed and analysed after a bulk write: %s", tables, e.getMessage());
        }
    }
}
