package io.relais.records.entry;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.relais.common.paging.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class EntryRepository implements PanacheRepositoryBase<ClinicalEntry, UUID> {

    public Optional<ClinicalEntry> findForUpdate(UUID patientId, UUID entryId) {
        return findByIdOptional(entryId, LockModeType.PESSIMISTIC_WRITE)
                .filter(e -> e.patientId.equals(patientId));
    }

    public Optional<ClinicalEntry> find(UUID patientId, UUID entryId) {
        return findByIdOptional(entryId).filter(e -> e.patientId.equals(patientId));
    }

    /** One page plus one row, so that the caller can tell whether there is a next page. */
    public List<ClinicalEntry> listPagePlusOne(UUID patientId, EntryKind kind, java.util.Set<EntryStatus> statuses,
                                               PageRequest page) {
        StringBuilder where = new StringBuilder("patientId = :patient");
        Parameters params = Parameters.with("patient", patientId);
        if (kind != null) {
            where.append(" and kind = :kind");
            params.and("kind", kind.code());
        }
        if (!statuses.isEmpty()) {
            where.append(" and content.status in :statuses");
            params.and("statuses", statuses.stream().map(EntryStatus::code).toList());
        }
        return find(where.toString(), Sort.descending("recordedAt").and("id"), params)
                .range(page.offset(), page.offset() + page.size())  // inclusive bounds: size + 1 rows
                .list();
    }

    /**
     * What a clinician needs during a downtime: the active allergies, medications and problems
     * and the latest notes of one patient, both answered from the {@code clinical_entry_summary}
     * index. JPQL rather than native SQL so that Hibernate caches the plans and result mappings.
     */
    public List<ClinicalEntry> summary(UUID patientId, int latestNotes) {
        List<ClinicalEntry> entries = new java.util.ArrayList<>(find(
                "patientId = ?1 and kind in ('allergy', 'medication', 'problem') and content.status = 'active'",
                Sort.descending("recordedAt"), patientId).list());
        entries.addAll(find("patientId = ?1 and kind = 'note' and content.status = 'current'",
                Sort.descending("recordedAt"), patientId).page(0, latestNotes).list());
        return entries;
    }

    public List<ClinicalEntryVersion> history(UUID entryId) {
        return ClinicalEntryVersion.list("key.entryId", Sort.ascending("key.version"), entryId);
    }
}
