package io.relais.records.patient;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.relais.common.search.NameSearch;
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
     * Accent-, case-, prefix- and typo-tolerant name search ({@link NameSearch}), birth date and
     * identifier filters; ranked by how well the name words match, then name and id so that paging
     * is stable.
     */
    @SuppressWarnings("unchecked")
    public List<Patient> search(PatientSearch search) {
        NameSearch names = search.name() == null ? null : NameSearch.of(getEntityManager(), "name", search.name());
        if (names != null && names.matchesNothing()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT p.* FROM patient p WHERE true");
        if (names != null) {
            sql.append(names.where("p"));
        }
        if (search.birthDate() != null) {
            sql.append(" AND p.birth_date = :birthDate");
        }
        if (search.identifier() != null) {
            sql.append(" AND (p.ipp = :identifier OR (p.ins_qualified AND p.ins = :identifier))");
        }
        sql.append(" ORDER BY ");
        if (names != null) {
            sql.append(names.score("p")).append(" DESC, ");
        }
        sql.append("p.family_name, p.given_names, p.id LIMIT :limit OFFSET :offset");

        var query = getEntityManager().createNativeQuery(sql.toString(), Patient.class);
        if (names != null) {
            names.bind(query);
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
