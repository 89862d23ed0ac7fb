package io.relais.records.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.relais.records.config.RecordsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Makes every audit event durable before the answer it describes leaves the service.
 *
 * <p>Requests hand their event to one writer thread, which inserts whatever has queued up in a
 * single batch and transaction (group commit: more load, bigger batches, same latency), then
 * completes every waiting request. When the database refuses the batch (read-only standby,
 * unreachable) the batch goes to the fsync'ed {@link AuditJournal} instead, and is replayed into
 * the database once it accepts writes again. Only when neither can take it does the request fail.
 */
@ApplicationScoped
public class AuditWriter {

    private static final String INSERT = """
            INSERT INTO audit_event (id, occurred_at, actor, roles, action, patient_id, resource, query,
                                     outcome, status, request_id, site, client)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO NOTHING""";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditJournal journal;

    @Inject
    RecordsConfig config;

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
    private volatile boolean running;
    private Thread writer;

    void start(@Observes StartupEvent event) {
        running = true;
        writer = new Thread(this::writeLoop, "audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        writer.join(5_000);
    }

    /** Completes once the event is in the database or in the local journal. */
    public CompletionStage<Void> record(AuditEvent event) {
        Pending pending = new Pending(event, new CompletableFuture<>());
        if (!queue.offer(pending)) {
            pending.done().completeExceptionally(new IllegalStateException("audit queue full"));
        }
        return pending.done();
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, config.audit().batchSize() - 1);
                persist(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void persist(List<Pending> batch) {
        List<AuditEvent> events = batch.stream().map(Pending::event).toList();
        try {
            if (journal.pending()) {
                // Keep the trail in order: nothing new reaches the database before the backlog.
                throw new SQLException("audit journal backlog not yet replayed");
            }
            insert(events);
        } catch (SQLException | RuntimeException | AssertionError e) {
            // Whatever the driver throws on a dying connection, the events go to the journal:
            // this thread must never die, or every audited request would wait forever.
            try {
                journal.append(events);
                Log.debugf("Audit batch of %d journaled locally: %s", events.size(), e.getMessage());
            } catch (RuntimeException journalFailure) {
                Log.errorf(journalFailure, "Audit batch of %d could be stored neither in the database nor in the journal",
                        events.size());
                batch.forEach(p -> p.done().completeExceptionally(journalFailure));
                return;
            }
        }
        batch.forEach(p -> p.done().complete(null));
    }

    /** Moves journaled events into the database once it accepts writes again, a batch at a time. */
    @Scheduled(every = "${records.audit.replay-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void replayJournal() {
        replayNow();
    }

    /** One replay attempt now; a failed one is tried again at the next interval. */
    public synchronized void replayNow() {
        if (!journal.pending()) {
            return;
        }
        try {
            long replayed = journal.replay(config.audit().batchSize(), this::insert);
            Log.infof("Replayed %d audit events from the local journal into the database", replayed);
        } catch (Exception | AssertionError e) {
            Log.debugf("Audit journal replay postponed: %s", e.getMessage());
        }
    }

    private void insert(List<AuditEvent> events) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                for (AuditEvent e : events) {
                    insert.setObject(1, e.id());
                    insert.setTimestamp(2, Timestamp.from(e.occurredAt()));
                    insert.setString(3, e.actor());
                    insert.setString(4, e.roles());
                    insert.setString(5, e.action());
                    insert.setObject(6, e.patientId());
                    insert.setString(7, e.resource());
                    insert.setString(8, e.query());
                    insert.setString(9, e.outcome());
                    insert.setInt(10, e.status());
                    insert.setString(11, e.requestId());
                    insert.setString(12, e.site());
                    insert.setString(13, e.client());
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
            } catch (SQLException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }
    }

    private record Pending(AuditEvent event, CompletableFuture<Void> done) {
    }
}
