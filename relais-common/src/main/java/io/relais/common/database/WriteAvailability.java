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
 * While in that state the pool's idle connections are dropped at every check so that new
 * connections go to a primary as soon as one exists again (after promotion or after the old one
 * returns).
 */
@ApplicationScoped
public class WriteAvailability {

    public enum State { WRITABLE, READ_ONLY, UNREACHABLE }

    @Inject
    AgroalDataSource dataSource;

    /** Flushes at most this often: a burst of lost connections needs one flush, not one each. */
    private static final long FLUSH_SPACING_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private volatile State state = State.WRITABLE;
    private final java.util.concurrent.atomic.AtomicLong lastFlush = new java.util.concurrent.atomic.AtomicLong(System.nanoTime()
            - FLUSH_SPACING_NANOS);
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
            // returning or newly promoted primary is picked up within a check interval or two.
            flushPool();
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
     * on another dead connection. (The pool's min-size is 0, or an idle flush would keep that many
     * dead connections, each of which then fails one more request; ConnectionLossTest shows it.)
     */
    public void observedUnreachable() {
        moveTo(State.UNREACHABLE);
        flushPool();
    }

    /**
     * Drops every idle connection, at most once a second; a connection in use is dropped at a
     * later flush, once returned. Not Agroal's GRACEFUL flush: it re-queues itself for as long as
     * one connection is being validated — for the whole socket timeout behind a partition, where
     * packets are dropped rather than refused — and queues a refill at every pass; under the
     * Patroni partition drill that filled a 128 MB heap within 15 s, and leaked 195 connections
     * into a server's 200 slots.
     */
    private void flushPool() {
        long now = System.nanoTime();
        long last = lastFlush.get();
        if (now - last >= FLUSH_SPACING_NANOS && lastFlush.compareAndSet(last, now)) {
            dataSource.flush(AgroalDataSource.FlushMode.IDLE);
        }
    }

    private synchronized void moveTo(State next) {
        if (next != state) {
            Log.warnf("Database write availability: %s -> %s", state, next);
            state = next;
            since = Instant.now();
        }
    }
}
