package io.relais.records.entry;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.EnumSet;
import java.util.Set;

import static io.relais.records.entry.EntryStatus.*;

/**
 * Kinds of clinical entry, each mapping onto a FHIR R4 resource, with the statuses it allows
 * and the one it is shown under in the patient summary.
 */
public enum EntryKind {
    /** FHIR AllergyIntolerance (clinicalStatus). */
    @JsonProperty("allergy") ALLERGY(EnumSet.of(ACTIVE, INACTIVE, RESOLVED, ENTERED_IN_ERROR), ACTIVE),
    /** FHIR MedicationStatement. */
    @JsonProperty("medication") MEDICATION(EnumSet.of(ACTIVE, COMPLETED, STOPPED, ON_HOLD, ENTERED_IN_ERROR), ACTIVE),
    /** FHIR Condition (clinicalStatus). */
    @JsonProperty("problem") PROBLEM(EnumSet.of(ACTIVE, INACTIVE, RESOLVED, ENTERED_IN_ERROR), ACTIVE),
    /** FHIR DocumentReference / clinical note. */
    @JsonProperty("note") NOTE(EnumSet.of(CURRENT, ENTERED_IN_ERROR), CURRENT);

    private final Set<EntryStatus> statuses;
    private final EntryStatus initial;

    EntryKind(Set<EntryStatus> statuses, EntryStatus initial) {
        this.statuses = statuses;
        this.initial = initial;
    }

    public boolean allows(EntryStatus status) {
        return statuses.contains(status);
    }

    public Set<EntryStatus> statuses() {
        return statuses;
    }

    /** Status of a new entry when none is given; also the one the summary shows. */
    public EntryStatus initial() {
        return initial;
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static EntryKind fromCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
