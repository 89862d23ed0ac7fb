package io.relais.records.entry;

import io.relais.common.concurrency.EntityTags;
import io.relais.common.paging.PageRequest;
import io.relais.common.problem.ProblemException;
import io.relais.common.problem.ProblemType;
import io.relais.common.security.Caller;
import io.relais.records.patient.PatientService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Clinical entries. Nothing is ever overwritten: every change writes a new version, a mistake
 * is marked {@code entered-in-error}, and the history of each entry stays readable.
 */
@ApplicationScoped
public class EntryService {

    @Inject
    EntryRepository entries;

    @Inject
    PatientService patients;

    @Inject
    Caller caller;

    @Transactional
    public EntryView create(UUID patientId, UUID entryId, EntryInput input) {
        if (input.kind() == null) {
            throw ProblemException.invalid("kind", "required: one of allergy, medication, problem, note");
        }
        patients.require(patientId);
        ClinicalEntry entry = new ClinicalEntry();
        entry.id = entryId;
        entry.patientId = patientId;
        entry.kind = input.kind().code();
        entry.version = 1;
        entry.createdAt = Instant.now();
        entry.createdBy = caller.subject();
        record(entry, input.kind(), input, entry.createdAt);
        entries.persist(entry);
        ClinicalEntryVersion.of(entry).persist();
        return EntryView.of(entry);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public EntryView get(UUID patientId, UUID entryId) {
        return EntryView.of(entries.find(patientId, entryId).orElseThrow(() -> notFound(patientId, entryId)));
    }

    /** An entry found by its id alone (FHIR reads name no patient), or a 404. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public EntryView get(UUID entryId) {
        return EntryView.of(entries.findByIdOptional(entryId)
                .orElseThrow(() -> ProblemException.notFound("No clinical entry with id " + entryId + ".")));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EntryView> list(UUID patientId, EntryKind kind, EntryStatus status, PageRequest page) {
        return list(patientId, kind, status == null ? java.util.Set.of() : java.util.Set.of(status), page);
    }

    /** One page plus one row of a patient's entries of {@code kind} in any of {@code statuses} (all when empty). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EntryView> list(UUID patientId, EntryKind kind, java.util.Set<EntryStatus> statuses, PageRequest page) {
        patients.require(patientId);
        return entries.listPagePlusOne(patientId, kind, statuses, page)
                .stream().map(EntryView::of).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EntryView> history(UUID patientId, UUID entryId) {
        ClinicalEntry entry = entries.find(patientId, entryId).orElseThrow(() -> notFound(patientId, entryId));
        return entries.history(entryId).stream().map(v -> EntryView.of(entry, v)).toList();
    }

    /** Writes a new version (a correction, a status change). */
    @Transactional
    public EntryView update(UUID patientId, UUID entryId, String ifMatch, EntryInput input) {
        ClinicalEntry entry = lockCurrent(patientId, entryId, ifMatch);
        EntryKind kind = EntryKind.fromCode(entry.kind);
        if (input.kind() != null && input.kind() != kind) {
            throw ProblemException.invalid("kind", "an entry cannot change kind (it is " + kind.code()
                    + "); mark it entered-in-error and create a new one");
        }
        entry.version++;
        record(entry, kind, input, Instant.now());
        ClinicalEntryVersion.of(entry).persist();
        return EntryView.of(entry);
    }

    /** Marks an entry as a mistake; it stays in the history but leaves every active view. */
    @Transactional
    public EntryView markEnteredInError(UUID patientId, UUID entryId, String ifMatch, String reason) {
        ClinicalEntry entry = lockCurrent(patientId, entryId, ifMatch);
        EntryContent content = entry.content.copy();
        content.status = EntryStatus.ENTERED_IN_ERROR.code();
        content.reason = reason;
        entry.content = content;
        entry.version++;
        entry.recordedAt = Instant.now();
        entry.recordedBy = caller.subject();
        ClinicalEntryVersion.of(entry).persist();
        return EntryView.of(entry);
    }

    private ClinicalEntry lockCurrent(UUID patientId, UUID entryId, String ifMatch) {
        ClinicalEntry entry = entries.findForUpdate(patientId, entryId).orElseThrow(() -> notFound(patientId, entryId));
        EntityTags.requireMatch(ifMatch, entry.version);
        if (EntryStatus.ENTERED_IN_ERROR.code().equals(entry.content.status)) {
            throw new ProblemException(ProblemType.CONFLICT,
                    "This entry was marked entered-in-error; it can no longer change. Create a new entry instead.");
        }
        return entry;
    }

    private void record(ClinicalEntry entry, EntryKind kind, EntryInput input, Instant now) {
        EntryStatus status = input.status() == null ? kind.initial() : input.status();
        if (!kind.allows(status)) {
            throw ProblemException.invalid("status", "'" + status.code() + "' does not apply to a " + kind.code()
                    + "; use one of " + kind.statuses().stream().map(EntryStatus::code).toList());
        }
        if (input.criticality() != null && kind != EntryKind.ALLERGY) {
            throw ProblemException.invalid("criticality", "only allergies have a criticality");
        }
        if (input.dosage() != null && kind != EntryKind.MEDICATION) {
            throw ProblemException.invalid("dosage", "only medications have a dosage");
        }
        EntryContent c = new EntryContent();
        c.status = status.code();
        c.display = input.display();
        c.code = input.code();
        c.codeSystem = input.codeSystem();
        c.text = input.text();
        c.criticality = input.criticality();
        c.dosage = input.dosage();
        c.onset = input.onset();
        c.reason = input.reason();
        entry.content = c;
        entry.recordedAt = now;
        entry.recordedBy = caller.subject();
    }

    private static ProblemException notFound(UUID patientId, UUID entryId) {
        return ProblemException.notFound("No entry " + entryId + " for patient " + patientId + ".");
    }
}
