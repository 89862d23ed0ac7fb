package io.relais.records.patient;

import io.relais.common.concurrency.Versioned;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.relais.records.audit.PatientScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A patient as the API shows it (maps onto FHIR R4 Patient). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatientView(UUID id, String ipp, Ins ins, String familyName, String givenNames,
                          LocalDate birthDate, Sex sex, long version, Instant createdAt, Instant updatedAt)
        implements PatientScoped, Versioned {

    @Override
    @JsonIgnore
    public UUID patientId() {
        return id;
    }


    public record Ins(String value, boolean qualified) {
    }

    public static PatientView of(Patient p) {
        return new PatientView(p.id, p.ipp, p.ins == null ? null : new Ins(p.ins, p.insQualified),
                p.familyName, p.givenNames, p.birthDate, Sex.fromCode(p.sex), p.version, p.createdAt, p.updatedAt);
    }
}
