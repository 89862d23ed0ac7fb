package io.relais.records.pack;

import io.relais.common.database.Freshness;
import io.relais.print.PrintedList;
import io.relais.records.entry.ClinicalEntry;
import io.relais.records.entry.EntryRepository;
import io.relais.records.patient.Patient;
import io.relais.records.stay.Stay;
import io.relais.records.stay.StayRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a unit's downtime pack says: the census (bed, name, birth date, IPP and INS, admission),
 * then for each patient the allergies with their criticality, active medications, active
 * problems and latest notes.
 */
@ApplicationScoped
public class PackContent {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    /** Relative widths of the four columns every page shows. */
    private static final float[] WIDTHS = {11, 31, 36, 22};

    private final StayRepository stays;
    private final EntryRepository entries;

    PackContent(StayRepository stays, EntryRepository entries) {
        this.stays = stays;
        this.entries = entries;
    }

    /** A unit's pack: the list to print and the patients it shows (for the audit of whoever reads it). */
    public record Pack(PrintedList printed, String unitName, List<UUID> patients) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Pack of(UUID unitId, String site, Freshness freshness, boolean alone, int notes, ZoneId zone) {
        List<Stay> census = stays.census(unitId);
        String unitName = census.isEmpty() ? "Unité " + unitId : census.get(0).unitName;
        List<List<String>> censusRows = new ArrayList<>();
        List<PrintedList.Section> sections = new ArrayList<>();
        List<UUID> patients = new ArrayList<>();
        for (Stay stay : census) {
            Patient p = Patient.findById(stay.patientId);
            if (p == null) {
                continue;
            }
            patients.add(p.id);
            String name = p.familyName.toUpperCase(java.util.Locale.FRENCH) + " " + p.givenNames;
            String bed = stay.bed == null ? "—" : stay.bed;
            censusRows.add(List.of(bed, name, identity(p), MINUTE.format(stay.admittedAt.atZone(zone))));
            List<List<String>> rows = new ArrayList<>();
            for (ClinicalEntry e : entries.summary(p.id, notes)) {
                rows.add(row(e, zone));
            }
            if (rows.stream().noneMatch(r -> r.get(0).equals("Allergie"))) {
                rows.add(0, List.of("Allergie", "Aucune allergie connue", "", ""));
            }
            sections.add(new PrintedList.Section("Lit " + bed + " — " + name + " — " + identity(p), rows));
        }
        List<PrintedList.Section> all = new ArrayList<>();
        all.add(new PrintedList.Section("Patients présents (" + censusRows.size() + ")", censusRows));
        all.addAll(sections);
        Instant now = Instant.now();
        PrintedList printed = new PrintedList("Dossier de secours — " + unitName, "site " + site.toUpperCase(), site,
                "pack-" + unitId, now, freshness.asOf(), freshness.standby(), "Unité",
                List.of("Lit / type", "Patient / élément", "Identité / détail", "Admission / date"), WIDTHS, all,
                notice(freshness, alone));
        return new Pack(printed, unitName, List.copyOf(patients));
    }

    /**
     * "COPIE DE SECOURS", and where the data came from when that matters: a read-only copy (that
     * may no longer receive updates), or a primary that no other site copies — the survivor after
     * a failover, or a site whose partner is lost: its data is current, and nowhere else.
     */
    static String notice(Freshness freshness, boolean alone) {
        if (!freshness.standby()) {
            return alone ? "COPIE DE SECOURS · générée sur la seule base en service (après une bascule, ou l'autre site"
                    + " ne reçoit plus les écritures)" : "COPIE DE SECOURS";
        }
        return "COPIE DE SECOURS · générée depuis une copie en lecture seule"
                + (freshness.stale() ? " qui ne reçoit plus de mises à jour : des saisies récentes peuvent manquer" : "");
    }

    private static String identity(Patient p) {
        return "né(e) le " + DAY.format(p.birthDate) + " · IPP " + p.ipp
                + (p.ins == null ? "" : " · INS " + p.ins + (p.insQualified ? " (qualifié)" : " (non qualifié)"));
    }

    private static List<String> row(ClinicalEntry e, ZoneId zone) {
        String when = e.recordedAt == null ? "" : MINUTE.format(e.recordedAt.atZone(zone));
        return switch (e.kind) {
            case "allergy" -> List.of("Allergie", e.content.display, "criticité : " + criticality(e.content.criticality), when);
            case "medication" -> List.of("Traitement", e.content.display, e.content.dosage == null ? "" : e.content.dosage, when);
            case "problem" -> List.of("Problème", e.content.display, e.content.onset == null ? "" : "depuis le "
                    + DAY.format(e.content.onset), when);
            default -> List.of("Note", e.content.display, e.content.text == null ? "" : e.content.text, when);
        };
    }

    private static String criticality(String code) {
        return code == null ? "non précisée" : switch (code) {
            case "high" -> "ÉLEVÉE";
            case "low" -> "faible";
            default -> "non évaluable";
        };
    }
}
