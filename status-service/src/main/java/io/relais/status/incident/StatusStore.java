package io.relais.status.incident;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.relais.status.component.CachedComponent;
import io.relais.status.component.Component;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The last copy of incidents, maintenances and component texts read from the database. The page
 * is built from this copy only: while the database is unreachable it keeps serving it, marked
 * stale, and catches up at the next successful refresh.
 */
@ApplicationScoped
public class StatusStore {

    /** Incidents older than this and over are history the page no longer lists. */
    static final Duration HISTORY = Duration.ofDays(90);

    public record Contents(Map<String, CachedComponent> components, List<CachedIncident> incidents, Instant loadedAt) {
    }

    private volatile Contents contents = new Contents(Map.of(), List.of(), null);
    private volatile boolean stale = true;
    private final AtomicLong generation = new AtomicLong();

    void load(@Observes StartupEvent event) {
        refresh();
    }

    @Scheduled(every = "${status.cache-refresh:5s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        refresh();
    }

    /** Re-reads everything; on failure keeps the last copy and marks it stale. */
    public void refresh() {
        try {
            Contents fresh = QuarkusTransaction.requiringNew().timeout(5).call(this::read);
            if (!fresh.components().equals(contents.components()) || !fresh.incidents().equals(contents.incidents()) || stale) {
                generation.incrementAndGet();
            }
            contents = fresh;
            if (stale) {
                Log.info("Incidents and component texts loaded from the database");
            }
            stale = false;
        } catch (RuntimeException e) {
            if (!stale) {
                Log.warnf("Database unreachable; serving the incidents as of %s, marked stale: %s",
                        contents.loadedAt(), e.getMessage());
                generation.incrementAndGet();
            }
            stale = true;
        }
    }

    private Contents read() {
        Map<String, CachedComponent> components = Component.<Component>listAll().stream().map(CachedComponent::of)
                .collect(Collectors.toMap(CachedComponent::id, Function.identity()));
        List<Incident> incidents = Panache.getEntityManager().createQuery("""
                        select distinct i from Incident i left join fetch i.updates
                         where i.createdAt > :since or i.status not in ('resolved', 'postmortem', 'completed')
                        """, Incident.class)
                .setParameter("since", Instant.now().minus(HISTORY)).getResultList();
        List<CachedIncident> cached = incidents.stream().map(CachedIncident::of)
                .sorted((a, b) -> b.createdAt().compareTo(a.createdAt())).toList();
        return new Contents(components, cached, Instant.now());
    }

    public Contents contents() {
        return contents;
    }

    public boolean stale() {
        return stale;
    }

    public long generation() {
        return generation.get();
    }
}
