package io.relais.records.stay;

import io.relais.common.concurrency.EntityTags;
import io.relais.common.problem.ProblemException;
import io.relais.common.problem.ProblemType;
import io.relais.common.security.Caller;
import io.relais.records.patient.PatientService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where patients are: admissions, transfers and discharges. A patient has at most one open stay;
 * a change needs the version last read (If-Match), so that two clerks moving the same patient
 * at once cannot both win.
 */
@ApplicationScoped
public class StayService {

    private final StayRepository stays;
    private final PatientService patients;
    private final Caller caller;

    StayService(StayRepository stays, PatientService patients, Caller caller) {
        this.stays = stays;
        this.patients = patients;
        this.caller = caller;
    }

    @Transactional
    public StayView admit(UUID patientId, UUID stayId, StayInput input) {
        // The patient's row, locked: two admissions of one patient at once wait for each other,
        // and the second finds the first's open stay (a clear 409, not a unique-index error).
        patients.lock(patientId);
        checkTimes(input);
        if (input.dischargedAt() == null) {
            stays.openStay(patientId).ifPresent(open -> {
                throw new ProblemException(ProblemType.CONFLICT, "This patient is already in " + open.unitName
                        + (open.bed == null ? "" : ", bed " + open.bed) + " (stay " + open.id + "): transfer or"
                        + " discharge that stay (PUT with If-Match) instead of admitting again.");
            });
        }
        Instant now = Instant.now();
        Stay stay = new Stay();
        stay.id = stayId;
        stay.patientId = patientId;
        stay.version = 1;
        stay.createdAt = now;
        stay.createdBy = caller.subject();
        apply(stay, input, now);
        stays.persist(stay);
        return StayView.of(stay);
    }

    /** A transfer (unit, bed) or a discharge: the stay as it now is, whole. */
    @Transactional
    public StayView change(UUID patientId, UUID stayId, String ifMatch, StayInput input) {
        patients.lock(patientId);
        Stay stay = stays.findForUpdate(patientId, stayId).orElseThrow(() -> notFound(patientId, stayId));
        EntityTags.requireMatch(ifMatch, stay.version);
        checkTimes(input);
        if (input.dischargedAt() == null && stay.dischargedAt != null) {
            stays.openStay(patientId).filter(open -> !open.id.equals(stayId)).ifPresent(open -> {
                throw new ProblemException(ProblemType.CONFLICT, "This patient has another open stay (" + open.id
                        + "): discharge it before reopening this one.");
            });
        }
        stay.version++;
        apply(stay, input, Instant.now());
        return StayView.of(stay);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public StayView get(UUID patientId, UUID stayId) {
        return StayView.of(stays.find(patientId, stayId).orElseThrow(() -> notFound(patientId, stayId)));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StayView> ofPatient(UUID patientId) {
        patients.require(patientId);
        return stays.ofPatient(patientId).stream().map(StayView::of).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StayView> census(UUID unitId) {
        return stays.census(unitId).stream().map(StayView::of).toList();
    }

    private static void checkTimes(StayInput input) {
        if (input.dischargedAt() != null && input.dischargedAt().isBefore(input.admittedAt())) {
            throw ProblemException.invalid("dischargedAt", "must not be before admittedAt (" + input.admittedAt() + ")");
        }
    }

    private void apply(Stay stay, StayInput input, Instant now) {
        stay.unitId = input.unitId();
        stay.unitName = input.unitName().strip();
        stay.bed = input.bed() == null || input.bed().isBlank() ? null : input.bed().strip();
        stay.admittedAt = input.admittedAt();
        stay.dischargedAt = input.dischargedAt();
        stay.updatedAt = now;
        stay.updatedBy = caller.subject();
    }

    private static ProblemException notFound(UUID patientId, UUID stayId) {
        return ProblemException.notFound("No stay " + stayId + " for patient " + patientId + ".");
    }
}
