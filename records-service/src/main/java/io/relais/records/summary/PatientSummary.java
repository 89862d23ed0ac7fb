package io.relais.records.summary;

import io.relais.records.entry.EntryView;
import io.relais.records.patient.PatientView;

import java.time.Instant;
import java.util.List;

/**
 * Everything a clinician needs about a patient during a downtime, in one answer.
 *
 * @param asOf     the data is at least this recent (on a standby: its last replayed transaction)
 * @param readOnly true while this site's database accepts no writes
 * @param site     the site whose database answered
 */
public record PatientSummary(PatientView patient, List<EntryView> allergies, List<EntryView> medications,
                             List<EntryView> problems, List<EntryView> latestNotes, Instant asOf,
                             boolean readOnly, String site) {
}
