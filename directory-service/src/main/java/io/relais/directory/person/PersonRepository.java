package io.relais.directory.person;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.agroal.api.AgroalDataSource;
import io.relais.common.search.NameLexicon;
import io.relais.common.search.NameSearch;
import io.relais.common.search.SqlQuery;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.relais.directory.department.DepartmentView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
    /** The ids of one page of a search ({@code size + 1} of them: the extra one says there is more). */
    public List<UUID> search(PersonSearch search) {
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
            return query.ids(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * A page of people as the API shows them, in the order of {@code ids}: three plain queries
     * (people, their departments, their numbers) instead of hydrating entities, which cost most of
     * a search's time at 50,000 people.
     */
    public List<PersonView> views(List<UUID> ids, ContactVisibility visibility) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<DepartmentView.Ref>> departments = new HashMap<>();
        Map<UUID, List<ContactPoint>> numbers = new HashMap<>();
        Map<UUID, PersonView> views = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            UUID[] keys = ids.toArray(UUID[]::new);
            try (PreparedStatement st = c.prepareStatement("""
                    SELECT pd.person_id, d.id, d.code, d.name, s.id, s.code FROM person_department pd
                      JOIN department d ON d.id = pd.department_id JOIN site s ON s.id = d.site_id
                     WHERE pd.person_id = ANY(?)""")) {
                st.setArray(1, c.createArrayOf("uuid", keys));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        departments.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(new DepartmentView.Ref(
                                rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getObject(5, UUID.class),
                                rs.getString(6)));
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement("""
                    SELECT person_id, kind, value, site_id, visibility, label FROM contact_point
                     WHERE person_id = ANY(?) ORDER BY person_id, contact_rank""")) {
                st.setArray(1, c.createArrayOf("uuid", keys));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        ContactPoint point = new ContactPoint();
                        point.kind = rs.getString(2);
                        point.value = rs.getString(3);
                        point.siteId = rs.getObject(4, UUID.class);
                        point.visibility = rs.getString(5);
                        point.label = rs.getString(6);
                        numbers.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(point);
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement("""
                    SELECT id, external_id, family_name, given_names, profession, title, rpps, version, updated_at
                      FROM person WHERE id = ANY(?)""")) {
                st.setArray(1, c.createArrayOf("uuid", keys));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        views.put(id, PersonView.of(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), departments.getOrDefault(id, List.of()),
                                numbers.getOrDefault(id, List.of()), rs.getLong(8),
                                rs.getObject(9, java.time.OffsetDateTime.class).toInstant(), visibility));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return ids.stream().map(views::get).filter(java.util.Objects::nonNull).toList();
    }

}
