package io.relais.records.stay;

import io.relais.records.audit.ManyPatients;

import java.util.List;
import java.util.UUID;

/** A unit's patients now, by bed; reading it is a read of each of them (audit). */
public record Census(UUID unitId, List<StayView> stays) implements ManyPatients {

    @Override
    public List<UUID> patientIds() {
        return stays.stream().map(StayView::patientId).toList();
    }
}
