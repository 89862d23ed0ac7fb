package io.relais.directory.department;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.relais.common.paging.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class DepartmentRepository implements PanacheRepositoryBase<Department, UUID> {

    public Optional<Department> findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public long countAtSite(UUID siteId) {
        return count("site.id", siteId);
    }

    public boolean codeTaken(UUID siteId, String code, UUID except) {
        return count("site.id = ?1 and code = ?2 and id <> ?3", siteId, code, except) > 0;
    }

    public List<Department> list(UUID siteId, PageRequest page) {
        var query = siteId == null ? find("order by site.name, name, id")
                : find("site.id = ?1 order by name, id", siteId);
        return query.range(page.offset(), page.offset() + page.size()).list();
    }

    public List<Department> atSite(UUID siteId) {
        return list("site.id = ?1 order by name, id", siteId);
    }

    /** Every department keyed by {@code site-code/department-code}, as imports name them. */
    public java.util.Map<String, Department> byQualifiedCode() {
        java.util.Map<String, Department> all = new java.util.HashMap<>();
        for (Department d : listAll()) {
            all.put(d.site.code + "/" + d.code, d);
        }
        return all;
    }

    public long countMembers(UUID departmentId) {
        return getEntityManager().createQuery(
                        "select count(p) from Person p join p.departments d where d.id = :id", Long.class)
                .setParameter("id", departmentId).getSingleResult();
    }

    public long countRota(UUID departmentId) {
        return getEntityManager().createQuery("select count(r) from RotaEntry r where r.department.id = :id", Long.class)
                .setParameter("id", departmentId).getSingleResult();
    }
}
