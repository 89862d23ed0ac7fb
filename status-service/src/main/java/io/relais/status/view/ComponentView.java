package io.relais.status.view;

import io.relais.status.probe.ProbeDetail;

import io.relais.status.component.ComponentStatus;

import java.time.Instant;
import java.util.List;

/**
 * A component as shown right now: its status derived from probes, hand-set values, incidents
 * and maintenance; {@code detail} says what the probes saw when it is not operational.
 */
public record ComponentView(String id, String name, String description, String fallback, ComponentStatus status,
                            String groupId, List<String> children, int position, Instant since, ProbeDetail detail,
                            Instant createdAt, Instant updatedAt) {

    public boolean group() {
        return children != null;
    }
}
