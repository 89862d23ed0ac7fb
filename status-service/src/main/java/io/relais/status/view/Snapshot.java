package io.relais.status.view;

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

    public boolean anySiteUnreachable() {
        return sites.stream().anyMatch(SiteView::unreachable);
    }
}
