package io.relais.status.component;

import java.time.Instant;

/** A component row as kept in memory. */
public record CachedComponent(String id, String name, String description, String fallback, ComponentStatus status,
                              String groupId, int position, boolean manual, long version, Instant createdAt,
                              Instant updatedAt) {

    public static CachedComponent of(Component c) {
        return new CachedComponent(c.id, c.name, c.description, c.fallback,
                c.status == null ? null : ComponentStatus.fromCode(c.status), c.groupId, c.position, c.manual, c.version,
                c.createdAt, c.updatedAt);
    }
}
