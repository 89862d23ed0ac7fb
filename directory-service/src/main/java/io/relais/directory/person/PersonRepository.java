package io.relais.directory.person;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.agroal.api.AgroalDataSource;
import io.relais.common.search.NameLexicon;
import io.relais.common.search.NameSearch;
import io.relais.common.search.SqlQuery;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

@ApplicationScoped
public class PersonRepository implements PanacheRepositoryBase<Person, UUID> {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    NameLexicon lexicon;

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

    /** As {@link #byExternalIds}, locked until the transaction ends (an import about to change them). */
    public List<Person> byExternalIdsForUpdate(Collection<String> externalIds) {
        return find("externalId in ?1", externalIds).withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).list();
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
    public List<Person> search(PersonSearch search) {
        try (Connection connection = dataSource.getConnection()) {
            NameSearch names = search.text() == null ? null : lexicon.lookup(connection, "q", search.text());
            if (names != null && names.matchesNothing()) {
                return List.of();
            }
            SqlQuery query = new SqlQuery().append("SELECT p.id FROM person p WHERE true");
            if (names != null) {
                names.where(query, "p");
            }
            if (search.departmentId() != null) {
                query.append(" AND EXISTS (SELECT 1 FROM person_department pd WHERE pd.person_id = p.id"
                        + " AND pd.department_id = ?)", search.departmentId());
            }
            if (search.siteId() != null) {
                query.append(" AND EXISTS (SELECT 1 FROM person_department pd JOIN department d ON d.id = pd.department_id"
                        + " WHERE pd.person_id = p.id AND d.site_id = ?)", search.siteId());
            }
            if (search.profession() != null) {
                query.append(" AND relais_fold(p.profession) = relais_fold(?)", search.profession());
            }
            query.append(" ORDER BY ");
            if (names != null) {
                names.score(query, "p");
                query.append(" DESC, ");
            }
            query.append("p.family_name, p.given_names, p.id LIMIT ? OFFSET ?", search.page().size() + 1,
                    search.page().offset());
            return inOrder(query.ids(connection));
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Loads the people with these ids, in the order given. */
    public List<Person> inOrder(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        // One round trip for a page: departments, their sites and the ranked numbers together.
        // list(), not stream(): a streamed result fills a fetched collection from the rows it has
        // seen so far, and the rows of one person are not adjacent unless the plan makes them so —
        // after a bulk import (stale statistics, another join order) the ranked numbers came back
        // with holes, and every search answered 500 until autovacuum analysed the tables.
        Map<UUID, Person> byId = find("select distinct p from Person p left join fetch p.departments d left join fetch d.site"
                + " left join fetch p.contactPoints where p.id in ?1", ids).list().stream()
                .collect(Collectors.toMap(p -> p.id, Function.identity(), (a, b) -> a));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

}
