package io.relais.directory.rota;

import io.relais.common.concurrency.EntityTags;
import io.relais.common.paging.PageRequest;
import io.relais.common.problem.ProblemException;
import io.relais.common.security.Caller;
import io.relais.directory.department.Department;
import io.relais.directory.department.DepartmentRepository;
import io.relais.directory.department.DepartmentService;
import io.relais.directory.person.PersonService;
import io.relais.directory.site.SiteService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class RotaService {

    /** Longer slots are almost always a typo in a date. */
    static final Duration LONGEST_SLOT = Duration.ofDays(31);

    @Inject
    RotaRepository rota;

    @Inject
    DepartmentService departments;

    @Inject
    DepartmentRepository departmentRepository;

    @Inject
    SiteService sites;

    @Inject
    PersonService people;

    @Inject
    Caller caller;

    @Transactional
    public RotaEntryView create(UUID id, RotaEntryInput input) {
        RotaEntry r = new RotaEntry();
        r.id = id;
        r.version = 1;
        apply(r, input);
        rota.persist(r);
        return RotaEntryView.of(r);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public RotaEntryView get(UUID id) {
        return RotaEntryView.of(require(id));
    }

    @Transactional
    public RotaEntryView update(UUID id, String ifMatch, RotaEntryInput input) {
        RotaEntry r = rota.findForUpdate(id).orElseThrow(() -> notFound(id));
        EntityTags.requireMatch(ifMatch, r.version);
        r.version++;
        apply(r, input);
        return RotaEntryView.of(r);
    }

    @Transactional
    public void delete(UUID id, String ifMatch) {
        RotaEntry r = rota.findForUpdate(id).orElseThrow(() -> notFound(id));
        EntityTags.requireMatch(ifMatch, r.version);
        rota.delete(r);
    }

    /** The slots of a department, or of every department of a site, overlapping [from, to). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<RotaEntryView> list(UUID departmentId, UUID siteId, Instant from, Instant to, PageRequest page) {
        List<UUID> scope = scope(departmentId, siteId).stream().map(d -> d.id).toList();
        if (from == null || to == null) {
            throw ProblemException.invalid(from == null ? "from" : "to", "give the period to list (from and to)");
        }
        checkPeriod(from, to, Duration.ofDays(366));
        return scope.isEmpty() ? List.of() : rota.overlapping(scope, from, to, page).stream().map(RotaEntryView::of).toList();
    }

    /** The department asked for, or every department of the site asked for (in name order): exactly one of the two. */
    public List<Department> scope(UUID departmentId, UUID siteId) {
        if ((departmentId == null) == (siteId == null)) {
            throw ProblemException.invalid(departmentId == null ? "department" : "site",
                    "give either department or site (exactly one)");
        }
        if (departmentId != null) {
            return List.of(departments.require(departmentId));
        }
        sites.require(siteId);
        return departmentRepository.atSite(siteId);
    }

    public static void checkPeriod(Instant from, Instant to, Duration longest) {
        if (!to.isAfter(from)) {
            throw ProblemException.invalid("to", "must be after from");
        }
        if (Duration.between(from, to).compareTo(longest) > 0) {
            throw ProblemException.invalid("to", "the period can be at most " + longest.toDays() + " days");
        }
    }

    /** The check every slot passes, from the API or an import: why it is wrong, or null. */
    public static String problemWithTimes(Instant startsAt, Instant endsAt) {
        if (!endsAt.isAfter(startsAt)) {
            return "must be after startsAt";
        }
        if (Duration.between(startsAt, endsAt).compareTo(LONGEST_SLOT) > 0) {
            return "a slot lasts at most " + LONGEST_SLOT.toDays() + " days";
        }
        return null;
    }

    public RotaEntry require(UUID id) {
        return rota.findByIdOptional(id).orElseThrow(() -> notFound(id));
    }

    private void apply(RotaEntry r, RotaEntryInput input) {
        String timeProblem = problemWithTimes(input.startsAt(), input.endsAt());
        if (timeProblem != null) {
            throw ProblemException.invalid("endsAt", timeProblem);
        }
        Department department = departments.requireReferenced("departmentId", input.departmentId());
        r.person = people.requireReferenced("personId", input.personId());
        r.department = department;
        r.roleLabel = input.roleLabel().trim();
        r.startsAt = input.startsAt();
        r.endsAt = input.endsAt();
        r.updatedAt = Instant.now();
        r.updatedBy = caller.subject();
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No rota entry with id " + id + ".");
    }
}
