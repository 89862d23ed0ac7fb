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
import java.util.Comparator;
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

    @Transactional
    public PatientSummary summary(UUID patientId) {
        PatientView patient = PatientView.of(patients.require(patientId));
        Map<EntryKind, List<EntryView>> byKind = entries.summary(patientId, config.summaryNotes()).stream()
                .map(EntryView::of)
                .sorted(Comparator.comparing(EntryView::recordedAt).reversed())
                .collect(Collectors.groupingBy(EntryView::kind));
        Instant asOf = (Instant) em.createNativeQuery("""
                SELECT CASE WHEN pg_is_in_recovery() THEN coalesce(pg_last_xact_replay_timestamp(), now())
                            ELSE now() END""").getSingleResult();
        return new PatientSummary(patient,
                byKind.getOrDefault(EntryKind.ALLERGY, List.of()),
                byKind.getOrDefault(EntryKind.MEDICATION, List.of()),
                byKind.getOrDefault(EntryKind.PROBLEM, List.of()),
                byKind.getOrDefault(EntryKind.NOTE, List.of()),
                asOf, writeAvailability.readOnly(), relais.site());
    }
}
