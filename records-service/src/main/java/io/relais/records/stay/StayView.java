package io.relais.records.stay;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.relais.common.concurrency.Versioned;
import io.relais.records.audit.PatientScoped;

import java.time.Instant;
import java.util.UUID;

/** A stay as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StayView(UUID id, UUID patientId, UUID unitId, String unitName, String bed, Instant admittedAt,
                       Instant dischargedAt, long version, Instant updatedAt, String updatedBy)
        implements PatientScoped, Versioned {

    public static StayView of(Stay s) {
        return new StayView(s.id, s.patientId, s.unitId, s.unitName, s.bed, s.admittedAt, s.dischargedAt, s.version,
                s.updatedAt, s.updatedBy);
    }
}
