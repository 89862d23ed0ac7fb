package io.relais.records.summary;

import io.relais.common.config.RelaisConfig;
import io.relais.common.database.WriteAvailability;
import io.relais.records.config.RecordsConfig;
import io.relais.records.entry.EntryKind;
import io.relais.records.entry.EntryRepository;
import io.relais.records.entry.EntryView;
import io.relais.records.patient.PatientService;
import io.relais.records.patient.PatientView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class SummaryService {

    @Inject
    PatientService patients;

    @Inject
    EntryRepository entries;

    @Inject
    EntityManager em;

    @Inject
    WriteAvailability writeAvailability;

    @Inject
    RelaisConfig relais;

    @Inject
    RecordsConfig config;

    /**
     * Three indexed lookups without a surrounding transaction: the summary must keep working on
     * a standby and stay cheap (it is the downtime hot path); a note committed between two of the
     * lookups changes nothing a clinician could misread.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PatientSummary summary(UUID patientId) {
        PatientView patient = PatientView.of(patients.require(patientId));
        Map<EntryKind, List<EntryView>> byKind = entries.summary(patientId, config.summaryNotes()).stream()
                .map(EntryView::of)
                .collect(Collectors.groupingBy(EntryView::kind));
        boolean readOnly = writeAvailability.readOnly();
        // A primary's data is current; a standby's is as recent as the last transaction it replayed.
        Instant asOf = readOnly ? (Instant) em.createNativeQuery(
                "SELECT coalesce(pg_last_xact_replay_timestamp(), now())").getSingleResult() : Instant.now();
        return new PatientSummary(patient,
                byKind.getOrDefault(EntryKind.ALLERGY, List.of()),
                byKind.getOrDefault(EntryKind.MEDICATION, List.of()),
                byKind.getOrDefault(EntryKind.PROBLEM, List.of()),
                byKind.getOrDefault(EntryKind.NOTE, List.of()),
                asOf, readOnly, relais.site());
    }
}
