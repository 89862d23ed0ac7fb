package io.relais.status.incident;

import io.relais.common.concurrency.Versioned;
import io.relais.status.component.ComponentStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An incident or maintenance as kept in memory, so that the page never needs the database to answer. */
public record CachedIncident(UUID id, String kind, String name, String status, String impact, Instant startedAt,
                             Instant monitoringAt, Instant resolvedAt, Instant scheduledFor, Instant scheduledUntil,
                             long version, Instant createdAt, Instant updatedAt, List<Update> updates,
                             Map<String, ComponentStatus> components) implements Versioned {

    /** A timeline entry; newest first in {@link #updates}. {@code affected} is what it changed, in order. */
    public record Update(UUID id, String status, String body, Instant createdAt, List<Change> affected) {
    }

    /** One component's status as the page showed it before an entry, and as the entry declared it. */
    public record Change(String componentId, ComponentStatus oldStatus, ComponentStatus newStatus) {
    }

    public boolean maintenance() {
        return kind.equals("maintenance");
    }

    public boolean over() {
        return IncidentStatus.over(status);
    }

    /** A maintenance puts its components under maintenance while in progress or verifying, or inside its window. */
    public boolean maintenanceActive(Instant now) {
        if (!maintenance() || over()) {
            return false;
        }
        return status.equals("in_progress") || status.equals("verifying")
                || !now.isBefore(scheduledFor) && now.isBefore(scheduledUntil);
    }

    public boolean maintenanceUpcoming(Instant now) {
        return maintenance() && status.equals("scheduled") && now.isBefore(scheduledFor);
    }

    public static CachedIncident of(Incident i) {
        return new CachedIncident(i.id, i.kind, i.name, i.status, i.impact, i.startedAt, i.monitoringAt, i.resolvedAt,
                i.scheduledFor, i.scheduledUntil, i.version, i.createdAt, i.updatedAt,
                i.updates.stream().map(u -> new Update(u.id, u.status, u.body, u.createdAt, u.affected.stream()
                        .map(a -> new Change(a.componentId, ComponentStatus.fromCode(a.oldStatus), ComponentStatus.fromCode(a.newStatus)))
                        .toList())).toList(),
                i.components.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        e -> ComponentStatus.fromCode(e.getValue()), (a, b) -> a, java.util.LinkedHashMap::new)));
    }
}
