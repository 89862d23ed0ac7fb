package io.relais.launcher;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The replication lines of './relais status' for the stand-in, read from the primary's PostgreSQL. */
final class ReplicationReport {

    private ReplicationReport() {
    }

    /** What the primary itself says about its standbys, not what the stand-in last decided. */
    static String of(Site primary) {
        StringBuilder text = new StringBuilder();
        try (Connection c = primary.database.superuserConnection(); Statement s = c.createStatement()) {
            String names;
            try (ResultSet rs = s.executeQuery("SHOW synchronous_standby_names")) {
                rs.next();
                names = rs.getString(1);
            }
            StringBuilder standbys = new StringBuilder();
            boolean sync = false;
            try (ResultSet rs = s.executeQuery("SELECT application_name, state, sync_state,"
                    + " pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) FROM pg_stat_replication")) {
                while (rs.next()) {
                    sync |= "streaming".equals(rs.getString(2)) && "sync".equals(rs.getString(3));
                    standbys.append(String.format("  %s %s %s, replay lag %d bytes%n", rs.getString(1), rs.getString(2),
                            rs.getString(3), rs.getLong(4)));
                }
            }
            // What the primary itself says, not what the stand-in last decided.
            text.append("replication: ").append(sync ? "synchronous (every acknowledged write is on both sites)"
                    : "ASYNCHRONOUS: " + primary.label() + " acknowledges writes alone").append('\n');
            text.append("  ").append(primary.label()).append(" synchronous_standby_names = '").append(names).append("'\n");
            text.append(standbys.length() == 0 ? "  no standby connected\n" : standbys);
        } catch (SQLException e) {
            text.append("  replication state unavailable: ").append(e.getMessage()).append('\n');
        }
        return text.toString();
    }
}
