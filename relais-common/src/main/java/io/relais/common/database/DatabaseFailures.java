package io.relais.common.database;

import io.quarkus.logging.Log;
import io.relais.common.config.RelaisConfig;
import io.relais.common.problem.ProblemResponses;
import io.relais.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/**
 * Recognises database failures a client can do something about and answers them precisely:
 * a standby refusing writes is "read-only, retry later", a lost connection is "unavailable,
 * retry later", a concurrent change is 412/409 — never a 500 and never a hang.
 */
@ApplicationScoped
public class DatabaseFailures {

    /** SQLSTATE of "cannot execute ... in a read-only transaction", as on a hot standby. */
    static final String READ_ONLY_TRANSACTION = "25006";

    /** Marks a 503 that says "read-only right now", as opposed to "broken". */
    public static final String READ_ONLY_HEADER = "X-Relais-Read-Only";

    /**
     * Marks a 503 that says "this request lost its database connection; the next one gets a
     * fresh one": the service is healthy, so gateways retry without holding it against the
     * service's circuit breaker (a database that stays unreachable fails the readiness check,
     * which takes the service out of rotation instead).
     */
    public static final String TRANSIENT_HEADER = "X-Relais-Transient";

    @Inject
    WriteAvailability writeAvailability;

    @Inject
    RelaisConfig config;

    /**
     * @param write whether the request may have written ({@code POST}, {@code PUT}, …): a
     *              connection lost under it may have been lost during its COMMIT, after the
     *              database made it durable, so its outcome is unknown, not "nothing written"
     */
    public Optional<Response> toProblem(Throwable failure, String instance, boolean write) {
        for (Throwable t : causes(failure)) {
            String name = t.getClass().getName();
            if (name.equals("jakarta.persistence.OptimisticLockException")
                    || name.equals("org.hibernate.StaleObjectStateException")
                    || name.equals("org.hibernate.StaleStateException")) {
                return Optional.of(ProblemResponses.of(ProblemType.PRECONDITION_FAILED,
                        "Someone changed this at the same time. Read it again and retry with the new ETag.", instance));
            }
            if (t instanceof SQLException sql) {
                Optional<Response> answer = classify(sql, instance, write);
                if (answer.isPresent()) {
                    return answer;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The failure, its causes and what they suppressed, breadth first: a COMMIT that fails
     * reaches us as the transaction manager's RollbackException, with the driver's
     * SQLException only among its suppressed exceptions.
     */
    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> all = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> next = new ArrayDeque<>(List.of(failure));
        while (!next.isEmpty() && all.size() < 64) {
            Throwable t = next.poll();
            if (!seen.add(t)) {
                continue;
            }
            all.add(t);
            if (t.getCause() != null) {
                next.add(t.getCause());
            }
            next.addAll(List.of(t.getSuppressed()));
        }
        return all;
    }

    private Optional<Response> classify(SQLException sql, String instance, boolean write) {
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        String retryAfter = String.valueOf(config.database().retryAfterSeconds());
        Map<String, String> retry = Map.of(HttpHeaders.RETRY_AFTER, retryAfter);
        if (state.equals(READ_ONLY_TRANSACTION)) {
            writeAvailability.observedReadOnly();
            // Tells gateways that this service is healthy and answering on purpose: not a reason
            // to open its circuit breaker and stop sending it the reads it still serves.
            return Optional.of(ProblemResponses.of(ProblemType.READ_ONLY,
                    "The database at this site is a read-only standby (primary lost or being switched over). "
                            + "Reads keep working; nothing was written. Retry this write after the Retry-After delay.",
                    instance, null, Map.of(HttpHeaders.RETRY_AFTER, retryAfter, READ_ONLY_HEADER, "true")));
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            Log.warnf("Answered 503: database connection lost (SQLState %s: %s)", state, sql.getMessage());
            writeAvailability.observedUnreachable();
            // 08001/08004: no connection was ever made, so nothing can have been written.
            boolean neverConnected = state.equals("08001") || state.equals("08004");
            String detail = !write || neverConnected
                    ? "No database could be reached. Nothing was written. Retry after the Retry-After delay."
                    : "The database connection was lost while this write was being saved: whether it was saved is"
                    + " unknown (outcome unknown). Retry after the Retry-After delay with the same Idempotency-Key:"
                    + " if it was saved you get its answer, otherwise it is saved once.";
            return Optional.of(ProblemResponses.of(ProblemType.DATABASE_UNAVAILABLE, detail, instance, null,
                    Map.of(HttpHeaders.RETRY_AFTER, retryAfter, TRANSIENT_HEADER, "database-connection")));
        }
        if (state.isEmpty() && String.valueOf(sql.getMessage()).contains("Acquisition timeout")) {
            // Every pooled connection busy for the whole acquisition timeout: overload or a
            // database that no longer answers. Not proof of a lost connection, so the pool is
            // left alone (the periodic check flushes it if the database is really gone).
            Log.warnf("Answered 503: no database connection free in time (%s)", sql.getMessage());
            return Optional.of(ProblemResponses.of(ProblemType.DATABASE_UNAVAILABLE,
                    "No database connection became free in time. Nothing was written. Retry after the Retry-After delay.",
                    instance, null, retry));
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return Optional.of(ProblemResponses.of(ProblemType.CONFLICT,
                    "A concurrent change got in the way; nothing was written. Retry the request.", instance));
        }
        if (state.equals("23505")) {
            return Optional.of(ProblemResponses.of(ProblemType.CONFLICT,
                    "This would duplicate an existing record; nothing was written.", instance));
        }
        return Optional.empty();
    }
}
