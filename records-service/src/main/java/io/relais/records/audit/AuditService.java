package io.relais.records.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.relais.common.paging.PageRequest;
import io.relais.records.config.RecordsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Optional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reading the audit trail (auditors) and purging what is past retention. */
@ApplicationScoped
public class AuditService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RecordsConfig config;

    private static final int PURGE_BATCH = 10_000;

    @ConfigProperty(name = "quarkus.flyway.username")
    Optional<String> ownerUsername;

    @ConfigProperty(name = "quarkus.flyway.password")
    Optional<String> ownerPassword;

    @ConfigProperty(name = "quarkus.datasource.username")
    String runtimeUsername;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /** Events matching every given criterion, newest first; one page plus one row. */
    public List<AuditEvent> find(UUID patientId, String actor, Instant from, Instant to, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT id, occurred_at, actor, roles, action, patient_id, resource, query,"
                + " outcome, status, request_id, site, client FROM audit_event WHERE true");
        List<Object> args = new ArrayList<>();
        if (patientId != null) {
            sql.append(" AND patient_id = ?");
            args.add(patientId);
        }
        if (actor != null) {
            sql.append(" AND actor = ?");
            args.add(actor);
        }
        if (from != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND occurred_at < ?");
            args.add(Timestamp.from(to));
        }
        sql.append(" ORDER BY occurred_at DESC, id LIMIT ? OFFSET ?");
        args.add(page.size() + 1);
        args.add(page.offset());
        try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                query.setObject(i + 1, args.get(i));
            }
            List<AuditEvent> events = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    events.add(new AuditEvent(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getObject(6, UUID.class),
                            rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10), rs.getString(11),
                            rs.getString(12), rs.getString(13)));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Deletes events older than the retention period; the only delete the audit trail allows. */
    @Scheduled(cron = "${records.audit.purge-cron:0 17 3 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        purgeExpired();
    }

    /**
     * Deletes events older than the retention period, as the schema's owner (the service's own
     * role may only append to the trail), in batches that each commit within the statement
     * timeout, so that a large backlog never holds a long lock nor fails as one huge statement.
     * The timeout is disarmed before each commit, whose wait for the synchronous standby it
     * therefore never cuts short (AuditPurgeReplicationTest).
     */
    public int purgeExpired() {
        Instant cutoff = Instant.now().minus(config.audit().retention());
        int purged = 0;
        try (Connection c = ownerConnection()) {
            c.setAutoCommit(false);
            while (true) {
                int batch;
                try (Statement guard = c.createStatement();
                     PreparedStatement delete = c.prepareStatement("DELETE FROM audit_event WHERE id IN"
                             + " (SELECT id FROM audit_event WHERE occurred_at < ? LIMIT ?)")) {
                    guard.execute("SET LOCAL statement_timeout = " + config.audit().purgeStatementTimeout().toMillis());
                    guard.execute("SET LOCAL relais.audit_purge = 'on'");
                    delete.setTimestamp(1, Timestamp.from(cutoff));
                    delete.setInt(2, PURGE_BATCH);
                    batch = delete.executeUpdate();
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
                purged += batch;
                if (batch < PURGE_BATCH) {
                    break;
                }
            }
            Log.infof("Audit retention: purged %d events older than %s", purged, cutoff);
            return purged;
        } catch (SQLException e) {
            Log.warnf("Audit retention purge postponed after %d events (database not writable?): %s", purged, e.getMessage());
            return purged;
        }
    }

    /** The schema owner's connection (the migrations' credentials), or the service's own where it has no other. */
    private Connection ownerConnection() throws SQLException {
        if (ownerUsername.isEmpty() || ownerUsername.get().equals(runtimeUsername)) {
            return dataSource.getConnection();
        }
        return DriverManager.getConnection(jdbcUrl, ownerUsername.get(), ownerPassword.orElse(""));
    }
}
