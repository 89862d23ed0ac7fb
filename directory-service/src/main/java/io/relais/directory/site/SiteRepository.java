package io.relais.directory.site;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.relais.common.paging.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SiteRepository implements PanacheRepositoryBase<Site, UUID> {

    public Optional<Site> findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public boolean codeTaken(String code, UUID except) {
        return count("code = ?1 and id <> ?2", code, except) > 0;
    }

    public List<Site> list(PageRequest page) {
        return find("order by name, id").range(page.offset(), page.offset() + page.size()).list();
    }
}
