package io.relais.records.summary;

import io.relais.records.entry.EntryView;
import io.relais.records.patient.PatientView;

import java.util.List;

/**
 * Everything a clinician needs about a patient during a downtime, in one answer.
 *
 * @param asOf     the data is at least this recent (ISO-8601; on a standby: its last replayed
 *                 commit), or {@code "unknown"} when the standby cannot tell — never the clock
 * @param stale    true when the data may lag behind what was acknowledged elsewhere (a standby
 *                 that no primary feeds)
 * @param readOnly true while this site's database accepts no writes
 * @param site     the site whose database answered
 */
public record PatientSummary(PatientView patient, List<EntryView> allergies, List<EntryView> medications,
                             List<EntryView> problems, List<EntryView> latestNotes, String asOf,
                             boolean stale, boolean readOnly, String site) {
}
