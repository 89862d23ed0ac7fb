package io.relais.directory.person;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.relais.common.search.NameSearch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

@ApplicationScoped
public class PersonRepository implements PanacheRepositoryBase<Person, UUID> {

    public Optional<Person> findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public boolean externalIdTaken(String externalId, UUID except) {
        return count("externalId = ?1 and id <> ?2", externalId, except) > 0;
    }

    public boolean rppsTaken(String rpps, UUID except) {
        return count("rpps = ?1 and id <> ?2", rpps, except) > 0;
    }

    public long countRota(UUID personId) {
        return getEntityManager().createQuery("select count(r) from RotaEntry r where r.person.id = :id", Long.class)
                .setParameter("id", personId).getSingleResult();
    }

    public List<Person> byExternalIds(Collection<String> externalIds) {
        return list("externalId in ?1", externalIds);
    }

    /** RPPS number to external id (or id) of everyone who has one, to check an import against. */
    public Map<String, String> rppsOwners() {
        List<Object[]> rows = getEntityManager().createQuery(
                "select p.rpps, coalesce(p.externalId, cast(p.id as String)) from Person p where p.rpps is not null",
                Object[].class).getResultList();
        return rows.stream().collect(Collectors.toMap(r -> (String) r[0], r -> (String) r[1]));
    }

    /**
     * Accent-, case- and typo-tolerant search ({@link NameSearch}), ranked by how well the words
     * match, then by name and id so that paging is stable. Returns {@code size + 1} people,
     * departments and numbers loaded in batches.
     */
    @SuppressWarnings("unchecked")
    public List<Person> search(PersonSearch search) {
        NameSearch names = search.text() == null ? null : NameSearch.of(getEntityManager(), "q", search.text());
        if (names != null && names.matchesNothing()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT p.id FROM person p WHERE true");
        if (names != null) {
            sql.append(names.where("p"));
        }
        if (search.departmentId() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM person_department pd WHERE pd.person_id = p.id"
                    + " AND pd.department_id = :department)");
        }
        if (search.siteId() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM person_department pd JOIN department d ON d.id = pd.department_id"
                    + " WHERE pd.person_id = p.id AND d.site_id = :site)");
        }
        if (search.profession() != null) {
            sql.append(" AND relais_fold(p.profession) = relais_fold(:profession)");
        }
        sql.append(" ORDER BY ");
        if (names != null) {
            sql.append(names.score("p")).append(" DESC, ");
        }
        sql.append("p.family_name, p.given_names, p.id LIMIT :limit OFFSET :offset");

        var query = getEntityManager().createNativeQuery(sql.toString(), UUID.class);
        if (names != null) {
            names.bind(query);
        }
        if (search.departmentId() != null) {
            query.setParameter("department", search.departmentId());
        }
        if (search.siteId() != null) {
            query.setParameter("site", search.siteId());
        }
        if (search.profession() != null) {
            query.setParameter("profession", search.profession());
        }
        query.setParameter("limit", search.page().size() + 1);
        query.setParameter("offset", search.page().offset());
        return inOrder((List<UUID>) query.getResultList());
    }

    /** Loads the people with these ids, in the order given. */
    public List<Person> inOrder(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, Person> byId = list("id in ?1", ids).stream().collect(Collectors.toMap(p -> p.id, Function.identity()));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

}
