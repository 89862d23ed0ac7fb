package io.relais.launcher;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Entirely fictitious patients with French names, allergies, treatments, problems and notes,
 * created through the public API (with Idempotency-Keys, so seeding twice creates nothing twice).
 */
final class RecordsDemoData {

    private static final List<String> FAMILY = List.of("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard",
            "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand",
            "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert",
            "Bonnet", "François", "Martinez", "Bussière", "Chevalier", "Gauthier", "Perrin", "Nguyen", "Benali",
            "Da Silva", "Le Gall", "Müller", "Haddad");
    private static final List<String> GIVEN_F = List.of("Marie", "Camille", "Léa", "Chloé", "Inès", "Manon", "Élodie",
            "Anaïs", "Noémie", "Zoé", "Jeanne", "Hélène", "Françoise", "Aïcha", "Maëlle");
    private static final List<String> GIVEN_M = List.of("Jean", "Pierre", "Lucas", "Hugo", "Théo", "Louis", "Jules",
            "François", "Jean-François", "Noël", "Mathéo", "Karim", "René", "Étienne", "Loïc");
    private static final List<String[]> ALLERGIES = List.of(new String[] {"Pénicilline", "high"},
            new String[] {"Latex", "low"}, new String[] {"Iode", "high"}, new String[] {"Arachide", "high"},
            new String[] {"Ibuprofène", "low"});
    private static final List<String[]> MEDICATIONS = List.of(new String[] {"Metformine 1000 mg", "1 cp matin et soir"},
            new String[] {"Apixaban 5 mg", "1 cp matin et soir"}, new String[] {"Lévothyroxine 75 µg", "1 cp le matin à jeun"},
            new String[] {"Bisoprolol 2,5 mg", "1 cp le matin"}, new String[] {"Insuline glargine", "18 UI le soir"});
    private static final List<String> PROBLEMS = List.of("Diabète de type 2", "Hypertension artérielle",
            "Fibrillation atriale", "Insuffisance rénale chronique stade 3", "BPCO", "Hypothyroïdie", "Asthme");
    private static final List<String> NOTES = List.of("Consultation de suivi : état stable.",
            "Transmissions IDE : nuit calme, douleur 2/10.", "Bilan biologique à contrôler dans 3 mois.",
            "Passage aux urgences : malaise sans perte de connaissance.", "Éducation thérapeutique réalisée.");

    /** Clients at once: enough to fill the wait for the standby, few enough to leave the services' pools room. */
    private static final int CLIENTS = 6;

    private final ApiClient api;

    RecordsDemoData(ApiClient api) {
        this.api = api;
    }

    /** One patient's requests, in order: the patient, then what is filed under it ({@code %s} is its id). */
    private record Plan(String patient, String key, List<String[]> filed) {
    }

    /**
     * Creates {@code count} patients, about seven in ten of them admitted to one of {@code units}
     * (a bed each, admitted in the last ten days); returns the id of the first, for the URL table.
     * Planned in one pass (the same patients every time), created by a few clients at once: each
     * write waits for the synchronous standby, so one client at a time spent most of the start waiting.
     */
    String seed(int count, List<DirectoryDemoData.Unit> units) throws Exception {
        List<Plan> plans = plan(count, units);
        String[] ids = new String[count];
        AtomicInteger done = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                work.add(clients.submit(() -> {
                    Plan plan = plans.get(index);
                    String id = api.create("/api/records/patients", plan.patient(), plan.key());
                    for (String[] filed : plan.filed()) {
                        api.create(filed[0].formatted(id), filed[1], filed[2]);
                    }
                    ids[index] = id;
                    int created = done.incrementAndGet();
                    if (created % 50 == 0 || created == count) {
                        System.out.printf("  records      %d/%d demo patients%n", created, count);
                    }
                    return null;
                }));
            }
            for (Future<?> patient : work) {
                try {
                    patient.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            clients.shutdownNow();
        }
        return count == 0 ? null : ids[0];
    }

    private static List<Plan> plan(int count, List<DirectoryDemoData.Unit> units) {
        Random random = new Random(20240818L);
        Map<String, Integer> beds = new HashMap<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        List<Plan> plans = new ArrayList<>();
        String entries = "/api/records/patients/%s/entries";
        for (int i = 0; i < count; i++) {
            boolean female = random.nextBoolean();
            String given = ApiClient.pick(random, female ? GIVEN_F : GIVEN_M);
            LocalDate birth = LocalDate.of(1930 + random.nextInt(90), 1 + random.nextInt(12), 1 + random.nextInt(28));
            String patient = """
                    {"ipp":"DEMO%06d","familyName":"%s","givenNames":"%s","birthDate":"%s","sex":"%s"}"""
                    .formatted(i + 1, ApiClient.pick(random, FAMILY), given, birth, female ? "female" : "male");
            List<String[]> filed = new ArrayList<>();
            if (random.nextInt(3) == 0) {
                String[] a = ApiClient.pick(random, ALLERGIES);
                filed.add(new String[] {entries, "{\"kind\":\"allergy\",\"display\":\"%s\",\"criticality\":\"%s\"}"
                        .formatted(a[0], a[1]), "demo-allergy-" + i});
            }
            for (int m = 0; m < random.nextInt(3); m++) {
                String[] med = ApiClient.pick(random, MEDICATIONS);
                filed.add(new String[] {entries, "{\"kind\":\"medication\",\"display\":\"%s\",\"dosage\":\"%s\"}"
                        .formatted(med[0], med[1]), "demo-med-" + i + "-" + m});
            }
            if (random.nextBoolean()) {
                filed.add(new String[] {entries, "{\"kind\":\"problem\",\"display\":\"%s\"}"
                        .formatted(ApiClient.pick(random, PROBLEMS)), "demo-problem-" + i});
            }
            if (!units.isEmpty() && random.nextInt(10) < 7) {
                DirectoryDemoData.Unit unit = ApiClient.pick(random, units);
                int bed = beds.merge(unit.id(), 1, Integer::sum);
                filed.add(new String[] {"/api/records/patients/%s/stays",
                        "{\"unitId\":\"%s\",\"unitName\":\"%s\",\"bed\":\"%d\",\"admittedAt\":\"%s\"}".formatted(unit.id(),
                                unit.name(), bed, now.minusSeconds(3600L * (1 + random.nextInt(240)))), "demo-stay-" + i});
            }
            for (int n = 0; n < 1 + random.nextInt(3); n++) {
                filed.add(new String[] {entries, "{\"kind\":\"note\",\"display\":\"Note\",\"text\":\"%s\"}"
                        .formatted(ApiClient.pick(random, NOTES)), "demo-note-" + i + "-" + n});
            }
            plans.add(new Plan(patient, "demo-patient-" + i, filed));
        }
        return plans;
    }
}
