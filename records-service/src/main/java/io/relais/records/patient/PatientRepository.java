package io.relais.records.patient;

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
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PatientRepository implements PanacheRepositoryBase<Patient, UUID> {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    NameLexicon lexicon;

    /** Locks the row until the transaction ends, so that concurrent updates queue instead of racing. */
    public Optional<Patient> findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public boolean ippExists(String ipp) {
        return count("ipp", ipp) > 0;
    }

    public boolean qualifiedInsExists(String ins, UUID except) {
        return count("ins = ?1 and insQualified = true and id <> ?2", ins, except) > 0;
    }

    /**
     * Accent-, case-, prefix- and typo-tolerant name search ({@link NameSearch}), birth date and
     * identifier filters; ranked by how well the name words match, then name and id so that paging
     * is stable.
     */
    public List<Patient> search(PatientSearch search) {
        List<UUID> ids;
        try (Connection connection = dataSource.getConnection()) {
            // Each name criterion is matched on all the name's words (indexed), then narrowed to its part.
            List<Map.Entry<NameSearch, String>> names = new java.util.ArrayList<>();
            for (String[] part : new String[][] {{"name", search.name(), null},
                    {"family", search.family(), "relais_name_words(p.family_name)"},
                    {"given", search.given(), "relais_name_words(p.given_names)"}}) {
                if (part[1] != null) {
                    NameSearch words = lexicon.lookup(connection, part[0], part[1]);
                    if (words.matchesNothing()) {
                        return List.of();
                    }
                    names.add(new java.util.AbstractMap.SimpleImmutableEntry<>(words, part[2]));
                }
            }
            SqlQuery query = new SqlQuery().append("SELECT p.id FROM patient p WHERE true");
            for (Map.Entry<NameSearch, String> criterion : names) {
                criterion.getKey().where(query, "p");
                if (criterion.getValue() != null) {
                    criterion.getKey().whereWords(query, criterion.getValue());
                }
            }
            if (search.bornFrom() != null) {
                query.append(" AND p.birth_date >= ?", search.bornFrom());
            }
            if (search.bornBefore() != null) {
                query.append(" AND p.birth_date < ?", search.bornBefore());
            }
            if (search.identifier() != null) {
                switch (search.identifierScope()) {
                    case ANY -> query.append(" AND (p.ipp = ? OR (p.ins_qualified AND p.ins = ?))",
                            search.identifier(), search.identifier());
                    case IPP -> query.append(" AND p.ipp = ?", search.identifier());
                    case QUALIFIED_INS -> query.append(" AND p.ins_qualified AND p.ins = ?", search.identifier());
                }
            }
            query.append(" ORDER BY ");
            for (Map.Entry<NameSearch, String> criterion : names) {
                criterion.getKey().score(query, "p");
                query.append(" DESC, ");
            }
            query.append("p.family_name, p.given_names, p.id LIMIT ? OFFSET ?", search.page().size() + 1,
                    search.page().offset());
            ids = query.ids(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, Patient> byId = list("id in ?1", ids).stream().collect(Collectors.toMap(p -> p.id, Function.identity()));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }
}
