package io.relais.records.pack;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A unit's newest pack as the API lists it: its age, whether it is overdue (older than twice the
 * interval: regeneration is failing, print the last one and tell the IT on-call), its freshness.
 */
public record PackView(UUID unitId, String unitName, Instant generatedAt, long ageSeconds, boolean overdue,
                       Instant dataAsOf, boolean fromStandby, boolean stale, String site, int patients, String sha256,
                       long bytes) {

    static PackView of(PackManifest m, Instant now, Duration overdueAfter) {
        Duration age = Duration.between(m.generatedAt(), now);
        return new PackView(m.unitId(), m.unitName(), m.generatedAt(), age.toSeconds(), age.compareTo(overdueAfter) > 0,
                m.dataAsOf(), m.fromStandby(), m.stale(), m.site(), m.patients().size(), m.sha256(), m.bytes());
    }
}
