package io.relais.status.incident;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A component a timeline entry changed: as the page showed it just before, and as the entry declared it. */
@Embeddable
public class AffectedComponent {

    @Column(name = "component_id", nullable = false, length = 64)
    public String componentId;

    @Column(name = "old_status", nullable = false, length = 24)
    public String oldStatus;

    @Column(name = "new_status", nullable = false, length = 24)
    public String newStatus;
}
