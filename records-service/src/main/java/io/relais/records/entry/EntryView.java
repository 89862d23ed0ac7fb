package io.relais.records.entry;

import io.relais.common.concurrency.Versioned;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.relais.records.audit.PatientScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A clinical entry (or one version of it) as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntryView(UUID id, UUID patientId, EntryKind kind, EntryStatus status, String display,
                        String code, String codeSystem, String text, String criticality, String dosage,
                        LocalDate onset, String reason, long version, Instant recordedAt, String recordedBy)
        implements PatientScoped, Versioned {

    public static EntryView of(ClinicalEntry e) {
        return of(e.id, e.patientId, e.kind, e.content, e.version, e.recordedAt, e.recordedBy);
    }

    public static EntryView of(ClinicalEntry entry, ClinicalEntryVersion v) {
        return of(entry.id, entry.patientId, entry.kind, v.content, v.key.version(), v.recordedAt, v.recordedBy);
    }

    private static EntryView of(UUID id, UUID patientId, String kind, EntryContent c, long version,
                                Instant recordedAt, String recordedBy) {
        return new EntryView(id, patientId, EntryKind.fromCode(kind), EntryStatus.fromCode(c.status), c.display,
                c.code, c.codeSystem, c.text, c.criticality, c.dosage, c.onset, c.reason, version, recordedAt, recordedBy);
    }
}
