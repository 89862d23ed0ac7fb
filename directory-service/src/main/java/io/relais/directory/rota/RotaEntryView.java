package io.relais.directory.rota;

import io.relais.common.concurrency.Versioned;

import io.relais.directory.department.DepartmentView;

import java.time.Instant;
import java.util.UUID;

public record RotaEntryView(UUID id, DepartmentView.Ref department, String roleLabel, PersonRef person,
                            Instant startsAt, Instant endsAt, long version, Instant updatedAt) implements Versioned {

    public record PersonRef(UUID id, String familyName, String givenNames, String profession) {
    }

    public static RotaEntryView of(RotaEntry r) {
        return new RotaEntryView(r.id, DepartmentView.Ref.of(r.department), r.roleLabel,
                new PersonRef(r.person.id, r.person.familyName, r.person.givenNames, r.person.profession),
                r.startsAt, r.endsAt, r.version, r.updatedAt);
    }
}
