package io.relais.directory.site;

import io.relais.common.concurrency.Versioned;

import java.time.Instant;
import java.util.UUID;

public record SiteView(UUID id, String code, String name, long version, Instant updatedAt) implements Versioned {

    public static SiteView of(Site s) {
        return new SiteView(s.id, s.code, s.name, s.version, s.updatedAt);
    }
}
