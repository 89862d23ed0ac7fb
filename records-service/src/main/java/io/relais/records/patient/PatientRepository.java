package io.relais.records.patient;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PatientRepository implements PanacheRepositoryBase<Patient, UUID> {

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
     * Accent-, case-, prefix- and typo-tolerant search. Names are folded by the same
     * {@code relais_fold} as the indexed {@code search_name} column; a row matches when the
     * folded query appears in it (trigram-indexed LIKE) or is word-similar to one of its words
     * ({@code <%}, also trigram-indexed). Ranked by starting with the query, then similarity,
     * then name and id so that paging is stable.
     */
    @SuppressWarnings("unchecked")
    public List<Patient> search(PatientSearch search) {
        StringBuilder sql = new StringBuilder("SELECT p.* FROM patient p WHERE true");
        if (search.name() != null) {
            sql.append(" AND (p.search_name LIKE '%' || relais_fold(:likeName) || '%' ESCAPE '\\'"
                    + " OR relais_fold(:name) <% p.search_name)");
        }
        if (search.birthDate() != null) {
            sql.append(" AND p.birth_date = :birthDate");
        }
        if (search.identifier() != null) {
            sql.append(" AND (p.ipp = :identifier OR (p.ins_qualified AND p.ins = :identifier))");
        }
        sql.append(" ORDER BY ");
        if (search.name() != null) {
            sql.append("p.search_name LIKE relais_fold(:likeName) || '%' ESCAPE '\\' DESC,"
                    + " word_similarity(relais_fold(:name), p.search_name) DESC, ");
        }
        sql.append("p.family_name, p.given_names, p.id LIMIT :limit OFFSET :offset");

        var query = getEntityManager().createNativeQuery(sql.toString(), Patient.class);
        if (search.name() != null) {
            query.setParameter("name", search.name());
            query.setParameter("likeName", search.name().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"));
        }
        if (search.birthDate() != null) {
            query.setParameter("birthDate", search.birthDate());
        }
        if (search.identifier() != null) {
            query.setParameter("identifier", search.identifier());
        }
        query.setParameter("limit", search.page().size() + 1);
        query.setParameter("offset", search.page().offset());
        return query.getResultList();
    }
}
