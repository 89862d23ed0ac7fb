package io.relais.records.pack;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What is known about one stored pack, written beside it: which unit, when, how fresh its data
 * was and where it came from, which patients it shows, and the PDF's SHA-256 (to check a copy
 * on a downtime PC against the original).
 */
public record PackManifest(UUID unitId, String unitName, String file, Instant generatedAt, Instant dataAsOf,
                           boolean fromStandby, boolean stale, String site, List<UUID> patients, String sha256,
                           long bytes) {
}
