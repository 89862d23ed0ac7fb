package io.relais.records;

import io.relais.records.audit.AuditEvent;
import io.relais.testing.SharedPostgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/** Audit rows written and counted directly in the records database, as a replay's sink would. */
final class AuditRows {

    private AuditRows() {
    }

    static void insert(List<AuditEvent> batch) throws SQLException {
        try (Connection c = SharedPostgres.get().superuserConnection("records");
             PreparedStatement insert = c.prepareStatement("INSERT INTO audit_event (id, occurred_at, actor, roles, action,"
                     + " resource, outcome, status, request_id, site) VALUES (?, now(), ?, ?, ?, ?, ?, ?, ?, ?)"
                     + " ON CONFLICT (id) DO NOTHING")) {
            for (AuditEvent e : batch) {
                insert.setObject(1, e.id());
                insert.setString(2, e.actor());
                insert.setString(3, e.roles());
                insert.setString(4, e.action());
                insert.setString(5, e.resource());
                insert.setString(6, e.outcome());
                insert.setInt(7, e.status());
                insert.setString(8, e.requestId());
                insert.setString(9, e.site());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static boolean stored(UUID id) throws SQLException {
        return count("id = '" + id + "'") == 1;
    }

    static long count(String where) throws SQLException {
        try (Connection c = SharedPostgres.get().superuserConnection("records"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_event WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
