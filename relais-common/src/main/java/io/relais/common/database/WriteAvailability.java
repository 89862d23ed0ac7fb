package io.relais.common.database;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Whether the database this instance is connected to accepts writes right now.
 *
 * <p>The multi-host JDBC URL ({@code targetServerType=preferPrimary}) lands on the standby while
 * no primary is reachable; the service then keeps serving reads and answers writes with 503.
 * While in that state the pool is flushed at every check so that new connections go to a
 * primary as soon as one exists again (after promotion or after the old one returns).
 */
@ApplicationScoped
public class WriteAvailability {

    public enum State { WRITABLE, READ_ONLY, UNREACHABLE }

    @Inject
    AgroalDataSource dataSource;

    private volatile State state = State.WRITABLE;
    private volatile Instant since = Instant.now();

    public State state() {
        return state;
    }

    public Instant since() {
        return since;
    }

    public boolean readOnly() {
        return state != State.WRITABLE;
    }

    @Scheduled(every = "${relais.database.check-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        State observed;
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW transaction_read_only")) {
            rs.next();
            observed = "on".equals(rs.getString(1)) ? State.READ_ONLY : State.WRITABLE;
        } catch (SQLException e) {
            observed = State.UNREACHABLE;
        }
        moveTo(observed);
        if (observed != State.WRITABLE) {
            // Pooled connections stay on the standby they found; recycle them so that a
            // returning or newly promoted primary is picked up within one check interval.
            dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
        }
    }

    /** A write was just refused as read-only: flip now rather than at the next check. */
    public void observedReadOnly() {
        moveTo(State.READ_ONLY);
    }

    /**
     * A request just lost its connection: the server it was on is gone (killed, shut down,
     * demoted), and so are the pool's other connections to it. Drop all of them — the idle ones
     * now, the ones other requests hold when they come back — so that the next request, typically
     * the gateway's retry of a read, connects afresh to whichever server is left instead of failing
     * on another dead connection. (An IDLE flush is not enough: Agroal keeps the last min-size
     * connections, each of which then fails one more request; ConnectionLossTest shows it.)
     */
    public void observedUnreachable() {
        moveTo(State.UNREACHABLE);
        dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
    }

    private synchronized void moveTo(State next) {
        if (next != state) {
            Log.warnf("Database write availability: %s -> %s", state, next);
            state = next;
            since = Instant.now();
        }
    }
}
