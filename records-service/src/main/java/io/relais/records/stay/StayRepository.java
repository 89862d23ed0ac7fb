package io.relais.records.stay;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class StayRepository implements PanacheRepositoryBase<Stay, UUID> {

    public Optional<Stay> find(UUID patientId, UUID stayId) {
        return findByIdOptional(stayId).filter(s -> s.patientId.equals(patientId));
    }

    public Optional<Stay> findForUpdate(UUID patientId, UUID stayId) {
        return findByIdOptional(stayId, LockModeType.PESSIMISTIC_WRITE).filter(s -> s.patientId.equals(patientId));
    }

    /** The patient's open stay, if any (at most one: a unique index says so). */
    public Optional<Stay> openStay(UUID patientId) {
        return find("patientId = ?1 and dischargedAt is null", patientId).firstResultOptional();
    }

    public List<Stay> ofPatient(UUID patientId) {
        return list("patientId", Sort.descending("admittedAt").and("id"), patientId);
    }

    /** A unit's patients now, by bed (beds sort as text: the unit's own labels). */
    public List<Stay> census(UUID unitId) {
        return list("unitId = ?1 and dischargedAt is null", Sort.ascending("bed").and("admittedAt"), unitId);
    }

    /** Every unit with at least one patient in it now. */
    public List<UUID> unitsWithPatients() {
        return getEntityManager().createQuery("select distinct s.unitId from Stay s where s.dischargedAt is null", UUID.class)
                .getResultList();
    }
}
