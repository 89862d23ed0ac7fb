package io.relais.directory.oncall;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.relais.directory.department.DepartmentView;
import io.relais.directory.person.PersonView;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Who is on call at {@code at}, department by department. A department with nobody on call says
 * so explicitly ({@code nobodyOnCall}) and when its next slot starts, so that a gap is never
 * mistaken for an empty answer.
 */
public record OnCallBoard(Instant at, List<DepartmentOnCall> departments) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DepartmentOnCall(DepartmentView.Ref department, boolean nobodyOnCall, Instant nextSlotStartsAt,
                                   List<OnCall> onCall) {
    }

    public record OnCall(UUID rotaEntryId, String roleLabel, Instant startsAt, Instant endsAt, Who person,
                         List<PersonView.ContactPointView> contactPoints) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Who(UUID id, String familyName, String givenNames, String profession, String title) {
    }
}
