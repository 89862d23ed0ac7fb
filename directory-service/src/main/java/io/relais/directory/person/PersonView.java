package io.relais.directory.person;

import io.relais.common.concurrency.Versioned;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.relais.directory.department.DepartmentView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** A staff member as the API shows it; restricted numbers only to those allowed to see them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PersonView(UUID id, String externalId, String familyName, String givenNames, String profession,
                         String title, String rpps, List<DepartmentView.Ref> departments,
                         List<ContactPointView> contactPoints, long version, Instant updatedAt) implements Versioned {

    public record ContactPointView(int rank, ContactKind kind, String value, UUID siteId, Visibility visibility,
                                   String label) {
    }

    public static PersonView of(Person p, ContactVisibility visibility) {
        return new PersonView(p.id, p.externalId, p.familyName, p.givenNames, p.profession, p.title, p.rpps,
                p.departments.stream().map(DepartmentView.Ref::of)
                        .sorted(Comparator.comparing(DepartmentView.Ref::siteCode).thenComparing(DepartmentView.Ref::name))
                        .toList(),
                contactPoints(p, visibility), p.version, p.updatedAt);
    }

    /** The numbers the caller may see, in rank order (rank counts from 1). */
    public static List<ContactPointView> contactPoints(Person p, ContactVisibility visibility) {
        List<ContactPointView> shown = new ArrayList<>();
        for (int i = 0; i < p.contactPoints.size(); i++) {
            ContactPoint c = p.contactPoints.get(i);
            if (visibility.shows(c.visibility)) {
                shown.add(new ContactPointView(i + 1, ContactKind.fromCode(c.kind), c.value, c.siteId,
                        Visibility.fromCode(c.visibility), c.label));
            }
        }
        return shown;
    }
}
