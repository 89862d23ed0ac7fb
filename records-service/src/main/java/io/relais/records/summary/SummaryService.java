package io.relais.records.summary;

import io.relais.common.database.DataFreshness;
import io.relais.common.database.Freshness;

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
import jakarta.transaction.Transactional;

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
    WriteAvailability writeAvailability;

    @Inject
    RelaisConfig relais;

    @Inject
    RecordsConfig config;

    @Inject
    DataFreshness freshness;

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
        Freshness fresh = freshness.current();
        return new PatientSummary(patient,
                byKind.getOrDefault(EntryKind.ALLERGY, List.of()),
                byKind.getOrDefault(EntryKind.MEDICATION, List.of()),
                byKind.getOrDefault(EntryKind.PROBLEM, List.of()),
                byKind.getOrDefault(EntryKind.NOTE, List.of()),
                fresh.asOfText(), fresh.stale(), readOnly, relais.site());
    }
}
