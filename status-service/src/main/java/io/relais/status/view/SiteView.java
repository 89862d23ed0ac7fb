package io.relais.status.view;

import io.relais.status.component.ComponentStatus;

import java.time.Instant;
import java.util.List;

/**
 * A site and its components. {@code unreachable} when every probed component of the site is
 * down at once: the page then shows one site outage rather than a dozen unrelated alerts.
 */
public record SiteView(ComponentView group, boolean unreachable, Instant since, List<ComponentView> components) {

    public String name() {
        return group.name();
    }

    public ComponentStatus status() {
        return group.status();
    }
}
