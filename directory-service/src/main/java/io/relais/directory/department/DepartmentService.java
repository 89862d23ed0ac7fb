package io.relais.directory.department;

import io.relais.common.concurrency.EntityTags;
import io.relais.common.paging.PageRequest;
import io.relais.common.problem.ProblemException;
import io.relais.common.problem.ProblemType;
import io.relais.common.security.Caller;
import io.relais.directory.site.SiteService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DepartmentService {

    @Inject
    DepartmentRepository departments;

    @Inject
    SiteService sites;

    @Inject
    Caller caller;

    @Transactional
    public DepartmentView create(UUID id, DepartmentInput input) {
        Department d = new Department();
        d.id = id;
        d.version = 1;
        apply(d, input);
        departments.persist(d);
        return DepartmentView.of(d);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public DepartmentView get(UUID id) {
        return DepartmentView.of(require(id));
    }

    /** Every department, by site and name (hundreds at most). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DepartmentView> all() {
        return departments.list("order by site.name, name, id").stream().map(DepartmentView::of).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DepartmentView> list(UUID siteId, PageRequest page) {
        if (siteId != null) {
            sites.require(siteId);
        }
        return departments.list(siteId, page).stream().map(DepartmentView::of).toList();
    }

    @Transactional
    public DepartmentView update(UUID id, String ifMatch, DepartmentInput input) {
        Department d = departments.findForUpdate(id).orElseThrow(() -> notFound(id));
        EntityTags.requireMatch(ifMatch, d.version);
        d.version++;
        apply(d, input);
        return DepartmentView.of(d);
    }

    @Transactional
    public void delete(UUID id, String ifMatch) {
        Department d = departments.findForUpdate(id).orElseThrow(() -> notFound(id));
        EntityTags.requireMatch(ifMatch, d.version);
        long members = departments.countMembers(id);
        long rota = departments.countRota(id);
        if (members > 0 || rota > 0) {
            throw new ProblemException(ProblemType.CONFLICT, "Department " + d.code + " still has " + members
                    + " member(s) and " + rota + " rota entr(ies); move or delete them first.");
        }
        departments.delete(d);
    }

    /** The department, or a 404 problem. */
    /** The department with this id, if any. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.Optional<DepartmentView> find(UUID id) {
        return departments.findByIdOptional(id).map(DepartmentView::of);
    }

    public Department require(UUID id) {
        return departments.findByIdOptional(id).orElseThrow(() -> notFound(id));
    }

    /** The department a request refers to in a body field, or a 400 naming that field. */
    public Department requireReferenced(String field, UUID id) {
        return departments.findByIdOptional(id)
                .orElseThrow(() -> ProblemException.invalid(field, "no department with id " + id));
    }

    private void apply(Department d, DepartmentInput input) {
        d.site = sites.requireReferenced("siteId", input.siteId());
        if (departments.codeTaken(input.siteId(), input.code(), d.id)) {
            throw new ProblemException(ProblemType.CONFLICT, "Site " + d.site.code + " already has a department with code "
                    + input.code() + ".");
        }
        d.code = input.code();
        d.name = input.name();
        d.updatedAt = Instant.now();
        d.updatedBy = caller.subject();
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No department with id " + id + ".");
    }
}
