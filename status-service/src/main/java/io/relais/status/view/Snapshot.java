package io.relais.status.view;

import io.relais.status.component.ComponentStatus;
import io.relais.status.incident.CachedIncident;

import java.time.Instant;
import java.util.List;

/**
 * Everything the page and the v2 API show, built from memory only (probe states and the last
 * copy of the database). {@code stale} when that copy could not be refreshed.
 */
public record Snapshot(Instant builtAt, String indicator, String description, boolean stale, Instant dataLoadedAt,
                       List<SiteView> sites, List<ComponentView> ungrouped, List<ComponentView> components,
                       List<CachedIncident> unresolved, List<CachedIncident> incidents,
                       List<CachedIncident> activeMaintenances, List<CachedIncident> upcomingMaintenances,
                       List<CachedIncident> maintenances) {

    /** A component's status as shown (operational for an id the page does not show). */
    public ComponentStatus statusOf(String componentId) {
        return components.stream().filter(c -> c.id().equals(componentId)).map(ComponentView::status).findFirst()
                .orElse(ComponentStatus.OPERATIONAL);
    }

    public boolean anySiteUnreachable() {
        return sites.stream().anyMatch(SiteView::unreachable);
    }
}
