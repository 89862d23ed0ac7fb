package io.relais.common.database;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;

/**
 * The one place a service asks its database how fresh its data is (patient summary, phone-book
 * and on-call exports, and whatever else prints a copy for a downtime). See {@link Freshness}.
 */
@ApplicationScoped
public class DataFreshness {

    private static final String QUERY = """
            SELECT pg_is_in_recovery(), pg_last_xact_replay_timestamp(), now(),
                   EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')""";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WriteAvailability writes;

    public Freshness current() {
        if (!writes.readOnly()) {
            // A database that accepts writes is the primary: its data is current, and the hot
            // path (every patient summary) spends no query on saying so.
            return Freshness.of(false, null, false, java.time.Instant.now());
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
            rs.next();
            Timestamp replayed = rs.getTimestamp(2);
            return Freshness.of(rs.getBoolean(1), replayed == null ? null : replayed.toInstant(), rs.getBoolean(4),
                    rs.getTimestamp(3).toInstant());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not ask the database how fresh its data is", e);
        }
    }
}
