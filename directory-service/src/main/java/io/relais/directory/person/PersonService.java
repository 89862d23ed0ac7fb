package io.relais.directory.person;

import io.relais.common.concurrency.EntityTags;
import io.relais.common.paging.PageRequest;
import io.relais.common.problem.Problem;
import io.relais.common.problem.ProblemException;
import io.relais.common.problem.ProblemType;
import io.relais.common.security.Caller;
import io.relais.directory.department.Department;
import io.relais.directory.department.DepartmentService;
import io.relais.directory.site.SiteService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

@ApplicationScoped
public class PersonService {

    @Inject
    PersonRepository people;

    @Inject
    DepartmentService departments;

    @Inject
    SiteService sites;

    @Inject
    ContactVisibility visibility;

    @Inject
    Caller caller;

    @Transactional
    public PersonView create(UUID id, PersonInput input) {
        Person p = new Person();
        p.id = id;
        p.version = 1;
        checkAndApply(p, input);
        people.persist(p);
        return PersonView.of(p, visibility);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public PersonView get(UUID id) {
        return PersonView.of(require(id), visibility);
    }

    @Transactional
    public PersonView update(UUID id, String ifMatch, PersonInput input) {
        Person p = people.findForUpdate(id).orElseThrow(() -> notFound(id));
        EntityTags.requireMatch(ifMatch, p.version);
        p.version++;
        checkAndApply(p, input);
        return PersonView.of(p, visibility);
    }

    @Transactional
    public void delete(UUID id, String ifMatch) {
        Person p = people.findForUpdate(id).orElseThrow(() -> notFound(id));
        EntityTags.requireMatch(ifMatch, p.version);
        long rota = people.countRota(id);
        if (rota > 0) {
            // Deleting them would silently open gaps in the on-call board.
            throw new ProblemException(ProblemType.CONFLICT, p.givenNames + " " + p.familyName + " is on " + rota
                    + " rota entr(ies); reassign or delete those first so that no on-call slot silently empties.");
        }
        people.delete(p);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PersonView> search(String text, UUID siteId, UUID departmentId, String profession, PageRequest page) {
        String trimmed = text == null || text.isBlank() ? null : text.trim();
        if (trimmed != null && trimmed.length() > 100) {
            throw ProblemException.invalid("q", "must be at most 100 characters");
        }
        if (profession != null && profession.length() > 100) {
            throw ProblemException.invalid("profession", "must be at most 100 characters");
        }
        if (siteId != null) {
            sites.require(siteId);
        }
        if (departmentId != null) {
            departments.require(departmentId);
        }
        String prof = profession == null || profession.isBlank() ? null : profession.trim();
        return people.search(new PersonSearch(trimmed, siteId, departmentId, prof, page)).stream()
                .map(p -> PersonView.of(p, visibility)).toList();
    }

    /** The person with this RPPS number, if any. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.Optional<PersonView> byRpps(String rpps) {
        return people.find("rpps", rpps).firstResultOptional().map(p -> PersonView.of(p, visibility));
    }

    /** The person, or a 404 problem. */
    public Person require(UUID id) {
        return people.findByIdOptional(id).orElseThrow(() -> notFound(id));
    }

    /** The person a request refers to in a body field, or a 400 naming that field. */
    public Person requireReferenced(String field, UUID id) {
        return people.findByIdOptional(id).orElseThrow(() -> ProblemException.invalid(field, "no person with id " + id));
    }

    private void checkAndApply(Person p, PersonInput input) {
        List<Problem.FieldError> errors = new ArrayList<>(PersonRules.problems(input));
        Map<UUID, Department> resolved = new java.util.HashMap<>();
        for (int i = 0; i < input.departmentIds().size(); i++) {
            UUID id = input.departmentIds().get(i);
            try {
                resolved.put(id, departments.requireReferenced("departmentIds[" + i + "]", id));
            } catch (ProblemException e) {
                errors.addAll(e.errors());
            }
        }
        for (int i = 0; i < input.contactPoints().size(); i++) {
            UUID site = input.contactPoints().get(i).siteId();
            if (site != null) {
                try {
                    sites.requireReferenced("contactPoints[" + i + "].siteId", site);
                } catch (ProblemException e) {
                    errors.addAll(e.errors());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, errors.stream()
                    .map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElseThrow(), errors, Map.of());
        }
        if (input.externalId() != null && people.externalIdTaken(input.externalId(), p.id)) {
            throw new ProblemException(ProblemType.CONFLICT, "Another person already has externalId " + input.externalId() + ".");
        }
        if (input.rpps() != null && people.rppsTaken(input.rpps(), p.id)) {
            throw new ProblemException(ProblemType.CONFLICT, "Another person already has RPPS number " + input.rpps()
                    + "; one professional is one person in the directory.");
        }
        apply(p, input, resolved);
    }

    /**
     * Copies an already checked {@code input} onto {@code p}, departments given resolved.
     * A number without a site works at the site of the person's first department.
     */
    public void apply(Person p, PersonInput input, Map<UUID, Department> resolvedDepartments) {
        p.externalId = input.externalId();
        p.familyName = input.familyName();
        p.givenNames = input.givenNames();
        p.profession = input.profession();
        p.title = input.title();
        p.rpps = input.rpps();
        p.departments = new LinkedHashSet<>();
        input.departmentIds().forEach(id -> p.departments.add(Objects.requireNonNull(resolvedDepartments.get(id))));
        UUID defaultSite = input.departmentIds().isEmpty() ? null : resolvedDepartments.get(input.departmentIds().get(0)).site.id;
        p.contactPoints.clear();
        for (ContactPointInput c : input.contactPoints()) {
            ContactPoint point = new ContactPoint();
            point.kind = c.kind().code();
            point.value = c.value().trim();
            point.siteId = c.siteId() != null ? c.siteId() : defaultSite;
            point.visibility = c.visibility().code();
            point.label = c.label();
            p.contactPoints.add(point);
        }
        p.updatedAt = Instant.now();
        p.updatedBy = caller.subject();
    }

    /** The input that would produce {@code p} as it is now: an import compares it to its row. */
    public static PersonInput inputOf(Person p) {
        return new PersonInput(p.externalId, p.familyName, p.givenNames, p.profession, p.title, p.rpps,
                p.departments.stream().map(d -> d.id).toList(),
                p.contactPoints.stream().map(c -> new ContactPointInput(ContactKind.fromCode(c.kind), c.value, c.siteId,
                        Visibility.fromCode(c.visibility), c.label)).toList());
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No person with id " + id + ".");
    }
}
