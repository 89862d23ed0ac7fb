package io.relais.records.patient;

import io.relais.common.concurrency.EntityTags;
import io.relais.common.paging.PageRequest;
import io.relais.common.problem.ProblemException;
import io.relais.common.problem.ProblemType;
import io.relais.common.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PatientService {

    @Inject
    PatientRepository patients;

    @Inject
    Caller caller;

    @Transactional
    public PatientView create(UUID id, PatientInput input) {
        checkIns(input.ins(), id);
        if (patients.ippExists(input.ipp())) {
            throw new ProblemException(ProblemType.CONFLICT, "A patient with IPP " + input.ipp()
                    + " already exists; search for it instead of creating a duplicate.");
        }
        Instant now = Instant.now();
        Patient p = new Patient();
        p.id = id;
        p.ipp = input.ipp();
        p.version = 1;
        p.createdAt = now;
        p.createdBy = caller.subject();
        apply(p, input, now);
        patients.persist(p);
        return PatientView.of(p);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public PatientView get(UUID id) {
        return PatientView.of(require(id));
    }

    @Transactional
    public PatientView update(UUID id, String ifMatch, PatientInput input) {
        Patient p = patients.findForUpdate(id).orElseThrow(() -> notFound(id));
        EntityTags.requireMatch(ifMatch, p.version);
        if (!p.ipp.equals(input.ipp())) {
            throw ProblemException.invalid("ipp", "the IPP of a patient cannot change (it is " + p.ipp + ")");
        }
        checkIns(input.ins(), id);
        p.version++;
        apply(p, input, Instant.now());
        return PatientView.of(p);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PatientView> search(String name, LocalDate birthDate, String identifier, PageRequest page) {
        String trimmedId = identifier == null || identifier.isBlank() ? null : identifier.trim();
        return search(new PatientSearch(nameCriterion("name", name), null, null, birthDate,
                birthDate == null ? null : birthDate.plusDays(1), trimmedId, PatientSearch.IdentifierScope.ANY, page));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PatientView> search(PatientSearch search) {
        if (search.empty()) {
            throw ProblemException.invalid("name", "give at least one of name, birthDate or identifier");
        }
        return patients.search(search).stream().map(PatientView::of).toList();
    }

    /** A name criterion trimmed, or null when absent; a 400 naming {@code field} when too long. */
    public static String nameCriterion(String field, String value) {
        String trimmed = value == null || value.isBlank() ? null : value.trim();
        if (trimmed != null && trimmed.length() > 100) {
            throw ProblemException.invalid(field, "must be at most 100 characters");
        }
        return trimmed;
    }

    /** The patient, or a 404 problem. */
    public Patient require(UUID id) {
        return patients.findByIdOptional(id).orElseThrow(() -> notFound(id));
    }

    /** The patient, locked until the transaction ends (changes that must see each other, e.g. admissions), or a 404. */
    public Patient lock(UUID id) {
        return patients.findForUpdate(id).orElseThrow(() -> notFound(id));
    }

    private void apply(Patient p, PatientInput input, Instant now) {
        p.ins = input.ins() == null ? null : input.ins().value();
        p.insQualified = input.ins() != null && input.ins().qualified();
        p.familyName = input.familyName();
        p.givenNames = input.givenNames();
        p.birthDate = input.birthDate();
        p.sex = input.sex().code();
        p.updatedAt = now;
        p.updatedBy = caller.subject();
    }

    private void checkIns(InsInput ins, UUID patientId) {
        if (ins == null) {
            return;
        }
        if (!InsKey.matches(ins.value())) {
            throw ProblemException.invalid("ins.value", "the control key (last two digits) does not match; check the number");
        }
        if (ins.qualified() && patients.qualifiedInsExists(ins.value(), patientId)) {
            throw new ProblemException(ProblemType.CONFLICT,
                    "Another patient already holds this qualified INS; this is an identity-vigilance case for the admissions office.");
        }
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No patient with id " + id + ".");
    }
}
