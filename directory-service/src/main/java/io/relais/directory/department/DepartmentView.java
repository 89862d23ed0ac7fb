package io.relais.directory.department;

import io.relais.common.concurrency.Versioned;

import java.time.Instant;
import java.util.UUID;

public record DepartmentView(UUID id, UUID siteId, String siteCode, String code, String name, long version,
                             Instant updatedAt) implements Versioned {

    public static DepartmentView of(Department d) {
        return new DepartmentView(d.id, d.site.id, d.site.code, d.code, d.name, d.version, d.updatedAt);
    }

    /** How a department is shown inside a person or a rota entry. */
    public record Ref(UUID id, String code, String name, UUID siteId, String siteCode) {

        public static Ref of(Department d) {
            return new Ref(d.id, d.code, d.name, d.site.id, d.site.code);
        }
    }
}
