package io.relais.directory.imports;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ImportJobRepository implements PanacheRepositoryBase<ImportJob, UUID> {

    /**
     * Takes the oldest waiting job — queued, or running with a heartbeat older than
     * {@code stale} (its instance died) — for this instance, skipping any another instance is
     * taking at the same moment.
     */
    @SuppressWarnings("unchecked")
    public Optional<UUID> claimNext(Duration stale) {
        List<UUID> ids = getEntityManager().createNativeQuery("""
                UPDATE import_job SET state = 'running', started_at = coalesce(started_at, now()), heartbeat_at = now()
                 WHERE id = (SELECT id FROM import_job
                              WHERE state = 'queued' OR state = 'running' AND heartbeat_at < now() - make_interval(secs => ?1)
                              ORDER BY submitted_at FOR UPDATE SKIP LOCKED LIMIT 1)
                RETURNING id""", UUID.class).setParameter(1, (double) stale.toSeconds()).getResultList();
        return ids.stream().findFirst();
    }

    public void progress(UUID id, int rowsDone) {
        update("rowsDone = ?1, heartbeatAt = ?2 where id = ?3", rowsDone, Instant.now(), id);
    }

    public void finish(UUID id, ImportJob.State state, String outcome) {
        update("state = ?1, outcome = ?2, finishedAt = ?3, file = null where id = ?4",
                state.name().toLowerCase(java.util.Locale.ROOT), outcome, Instant.now(), id);
    }

    /** Back in the queue (the database refused writes mid-import; nothing of it was written). */
    public void requeue(UUID id) {
        update("state = 'queued', heartbeatAt = null where id = ?1", id);
    }
}
