package io.relais.common.database;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * How recent the data a service answers with is, as its database knows it — never the clock of
 * the service. A primary's data is current. A standby's is as recent as the last commit it
 * replayed; while it streams from a primary that is current too (to within its replay lag), but
 * once nothing feeds it (the primary's site is gone) it is a copy that may be stale, and says so.
 * A standby restarted during an outage has replayed nothing since it started: when its data
 * dates from cannot be known, and it says "unknown" rather than "now".
 *
 * @param asOf    the data is at least this recent, or null when that cannot be known
 * @param stale   true when the data may lag behind what was acknowledged elsewhere
 * @param standby true when it comes from a standby (read-only) database
 */
public record Freshness(Instant asOf, boolean stale, boolean standby) {

    /** What the label says when {@link #asOf} cannot be known. */
    public static final String UNKNOWN = "unknown";

    /**
     * @param inRecovery whether the database is a standby ({@code pg_is_in_recovery()})
     * @param replayed   its last replayed commit ({@code pg_last_xact_replay_timestamp()}), or null
     * @param streaming  whether it receives WAL from a primary now ({@code pg_stat_wal_receiver})
     * @param now        the database's own clock
     */
    public static Freshness of(boolean inRecovery, Instant replayed, boolean streaming, Instant now) {
        if (!inRecovery) {
            return new Freshness(now, false, false);
        }
        if (streaming) {
            // Fed by a live primary: what it has replayed is all there is, to within the lag.
            return new Freshness(replayed == null ? now : replayed, false, true);
        }
        return new Freshness(replayed, true, true);
    }

    /** {@code asOf} as ISO-8601, or {@value #UNKNOWN}. */
    public String asOfText() {
        return asOf == null ? UNKNOWN : DateTimeFormatter.ISO_INSTANT.format(asOf);
    }
}
