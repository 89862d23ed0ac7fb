package io.relais.records.fhir;

import io.relais.common.problem.ProblemException;
import io.relais.common.request.Params;
import io.relais.records.entry.EntryKind;
import io.relais.records.entry.EntryStatus;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Search parameters of the clinical resources: {@code patient} (required: Relais lists one
 * patient's entries, never everyone's) and the status token, named {@code clinical-status} for
 * AllergyIntolerance and Condition and {@code status} for MedicationStatement and
 * DocumentReference, as R4 names them.
 */
public final class ClinicalCriteria {

    /** The FHIR codes of each status parameter, and the Relais status each stands for (null: never recorded). */
    private static final Map<String, EntryStatus> ALLERGY = codes(
            "active", EntryStatus.ACTIVE, "inactive", EntryStatus.INACTIVE, "resolved", EntryStatus.RESOLVED);
    private static final Map<String, EntryStatus> CONDITION = codes(
            "active", EntryStatus.ACTIVE, "recurrence", null, "relapse", null, "inactive", EntryStatus.INACTIVE,
            "remission", null, "resolved", EntryStatus.RESOLVED);
    private static final Map<String, EntryStatus> MEDICATION = codes(
            "active", EntryStatus.ACTIVE, "completed", EntryStatus.COMPLETED, "entered-in-error", EntryStatus.ENTERED_IN_ERROR,
            "intended", null, "stopped", EntryStatus.STOPPED, "on-hold", EntryStatus.ON_HOLD, "unknown", null,
            "not-taken", null);
    private static final Map<String, EntryStatus> DOCUMENT = codes(
            "current", EntryStatus.CURRENT, "superseded", null, "entered-in-error", EntryStatus.ENTERED_IN_ERROR);

    private ClinicalCriteria() {
    }

    public static String statusParameter(EntryKind kind) {
        return kind == EntryKind.ALLERGY || kind == EntryKind.PROBLEM ? "clinical-status" : "status";
    }

    public static Set<String> codes(EntryKind kind) {
        return table(kind).keySet();
    }

    /** {@code Patient/{id}}, {@code {id}} or an absolute URL ending in {@code Patient/{id}}. */
    public static UUID patient(String reference) {
        if (reference == null || reference.isBlank()) {
            throw ProblemException.invalid("patient", "required: Patient/{id} (entries are listed one patient at a time)");
        }
        String id = reference.trim().replaceFirst("^.*Patient/", "");
        return Params.uuid("patient", id);
    }

    /**
     * The Relais statuses a status parameter asks for: empty for "any", absent when it asks only
     * for codes Relais never records (nothing can match).
     */
    public static Optional<Set<EntryStatus>> statuses(EntryKind kind, String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.of(Set.of());
        }
        Map<String, EntryStatus> table = table(kind);
        Set<EntryStatus> wanted = EnumSet.noneOf(EntryStatus.class);
        for (String token : raw.split(",")) {
            String code = token.substring(token.indexOf('|') + 1).trim();
            if (!table.containsKey(code)) {
                throw ProblemException.invalid(statusParameter(kind), "'" + code + "' is not one of " + table.keySet());
            }
            if (table.get(code) != null) {
                wanted.add(table.get(code));
            }
        }
        return wanted.isEmpty() ? Optional.empty() : Optional.of(wanted);
    }

    private static Map<String, EntryStatus> table(EntryKind kind) {
        return switch (kind) {
            case ALLERGY -> ALLERGY;
            case PROBLEM -> CONDITION;
            case MEDICATION -> MEDICATION;
            case NOTE -> DOCUMENT;
        };
    }

    private static Map<String, EntryStatus> codes(Object... pairs) {
        Map<String, EntryStatus> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (EntryStatus) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
