package io.relais.directory.site;

import io.relais.common.concurrency.EntityTags;
import io.relais.common.paging.PageRequest;
import io.relais.common.problem.ProblemException;
import io.relais.common.problem.ProblemType;
import io.relais.common.security.Caller;
import io.relais.directory.department.DepartmentRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class SiteService {

    @Inject
    SiteRepository sites;

    @Inject
    DepartmentRepository departments;

    @Inject
    Caller caller;

    @Transactional
    public SiteView create(UUID id, SiteInput input) {
        checkCode(input.code(), id);
        Site site = new Site();
        site.id = id;
        site.version = 1;
        apply(site, input);
        sites.persist(site);
        return SiteView.of(site);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public SiteView get(UUID id) {
        return SiteView.of(require(id));
    }

    /** Every site, by name (a hospital group has a handful). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<SiteView> all() {
        return sites.list("order by name, id").stream().map(SiteView::of).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<SiteView> list(PageRequest page) {
        return sites.list(page).stream().map(SiteView::of).toList();
    }

    @Transactional
    public SiteView update(UUID id, String ifMatch, SiteInput input) {
        Site site = sites.findForUpdate(id).orElseThrow(() -> notFound(id));
        EntityTags.requireMatch(ifMatch, site.version);
        checkCode(input.code(), id);
        site.version++;
        apply(site, input);
        return SiteView.of(site);
    }

    @Transactional
    public void delete(UUID id, String ifMatch) {
        Site site = sites.findForUpdate(id).orElseThrow(() -> notFound(id));
        EntityTags.requireMatch(ifMatch, site.version);
        long count = departments.countAtSite(id);
        if (count > 0) {
            throw new ProblemException(ProblemType.CONFLICT, "Site " + site.code + " still has " + count
                    + " department(s); delete or move them first.");
        }
        sites.delete(site);
    }

    /** The site, or a 404 problem. */
    /** The site with this id, if any. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.Optional<SiteView> find(UUID id) {
        return sites.findByIdOptional(id).map(SiteView::of);
    }

    public Site require(UUID id) {
        return sites.findByIdOptional(id).orElseThrow(() -> notFound(id));
    }

    /** The site a request refers to in a body field, or a 400 naming that field. */
    public Site requireReferenced(String field, UUID id) {
        return sites.findByIdOptional(id).orElseThrow(() -> ProblemException.invalid(field, "no site with id " + id));
    }

    private void checkCode(String code, UUID id) {
        if (sites.codeTaken(code, id)) {
            throw new ProblemException(ProblemType.CONFLICT, "Another site already has code " + code + ".");
        }
    }

    private void apply(Site site, SiteInput input) {
        site.code = input.code();
        site.name = input.name();
        site.updatedAt = Instant.now();
        site.updatedBy = caller.subject();
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No site with id " + id + ".");
    }
}
