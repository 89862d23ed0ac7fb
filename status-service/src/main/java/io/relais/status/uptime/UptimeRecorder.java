package io.relais.status.uptime;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.relais.status.config.StatusConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Uptime per component per day. Counted in memory at every observation and added to the
 * database in batches; what could not be written (database down) stays counted in memory and is
 * written at the next successful flush, so an outage of the database loses no uptime data.
 */
@ApplicationScoped
public class UptimeRecorder {

    /** Observed and operational seconds of one component on one day. */
    public record Day(long observedSeconds, long operationalSeconds) {

        Day plus(Day other) {
            return new Day(observedSeconds + other.observedSeconds, operationalSeconds + other.operationalSeconds);
        }

        /** Fraction of the observed time that was operational, or -1 when nothing was observed. */
        public double ratio() {
            return observedSeconds == 0 ? -1 : (double) operationalSeconds / observedSeconds;
        }
    }

    private record Key(String componentId, LocalDate day) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    StatusConfig config;

    private final Map<Key, Day> pending = new ConcurrentHashMap<>();
    private volatile Map<Key, Day> stored = Map.of();

    /** Counts {@code seconds} of observation of a component, operational or not. */
    public void observe(String componentId, Instant at, long seconds, boolean operational) {
        pending.merge(new Key(componentId, at.atOffset(ZoneOffset.UTC).toLocalDate()),
                new Day(seconds, operational ? seconds : 0), Day::plus);
    }

    /** The last {@code days} days of a component, oldest first, today included. */
    public Day[] history(String componentId, int days) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Day[] history = new Day[days];
        for (int i = 0; i < days; i++) {
            Key key = new Key(componentId, today.minusDays(days - 1L - i));
            Day day = stored.getOrDefault(key, new Day(0, 0));
            Day unsaved = pending.get(key);
            history[i] = unsaved == null ? day : day.plus(unsaved);
        }
        return history;
    }

    @Scheduled(every = "${status.uptime-flush:60s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        Map<Key, Day> batch = new HashMap<>();
        pending.keySet().forEach(key -> batch.put(key, pending.remove(key)));
        if (!batch.isEmpty()) {
            try (Connection c = dataSource.getConnection(); PreparedStatement upsert = c.prepareStatement("""
                    INSERT INTO uptime_day (component_id, day, observed_seconds, operational_seconds) VALUES (?, ?, ?, ?)
                    ON CONFLICT (component_id, day) DO UPDATE
                       SET observed_seconds = uptime_day.observed_seconds + excluded.observed_seconds,
                           operational_seconds = uptime_day.operational_seconds + excluded.operational_seconds""")) {
                for (Map.Entry<Key, Day> e : batch.entrySet()) {
                    upsert.setString(1, e.getKey().componentId());
                    upsert.setDate(2, Date.valueOf(e.getKey().day()));
                    upsert.setLong(3, e.getValue().observedSeconds());
                    upsert.setLong(4, e.getValue().operationalSeconds());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            } catch (SQLException e) {
                batch.forEach((key, day) -> pending.merge(key, day, Day::plus));
                Log.debugf("Uptime kept in memory until the database is back: %s", e.getMessage());
                return;
            }
        }
        reload();
    }

    private void reload() {
        Map<Key, Day> fresh = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(
                "SELECT component_id, day, observed_seconds, operational_seconds FROM uptime_day WHERE day > ?")) {
            select.setDate(1, Date.valueOf(LocalDate.now(ZoneOffset.UTC).minusDays(91)));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    fresh.put(new Key(rs.getString(1), rs.getDate(2).toLocalDate()), new Day(rs.getLong(3), rs.getLong(4)));
                }
            }
            stored = fresh;
        } catch (SQLException e) {
            Log.debugf("Uptime history not reloaded: %s", e.getMessage());
        }
    }
}
