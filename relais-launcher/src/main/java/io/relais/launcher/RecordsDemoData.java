package io.relais.launcher;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

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

    private final ApiClient api;

    RecordsDemoData(ApiClient api) {
        this.api = api;
    }

    /**
     * Creates {@code count} patients, about seven in ten of them admitted to one of {@code units}
     * (a bed each, admitted in the last ten days); returns the id of the first, for the URL table.
     */
    String seed(int count, List<DirectoryDemoData.Unit> units) throws IOException, InterruptedException {
        Random random = new Random(20240818L);
        java.util.Map<String, Integer> beds = new java.util.HashMap<>();
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        String first = null;
        for (int i = 0; i < count; i++) {
            boolean female = random.nextBoolean();
            String given = ApiClient.pick(random, female ? GIVEN_F : GIVEN_M);
            LocalDate birth = LocalDate.of(1930 + random.nextInt(90), 1 + random.nextInt(12), 1 + random.nextInt(28));
            String patient = """
                    {"ipp":"DEMO%06d","familyName":"%s","givenNames":"%s","birthDate":"%s","sex":"%s"}"""
                    .formatted(i + 1, ApiClient.pick(random, FAMILY), given, birth, female ? "female" : "male");
            String id = api.create("/api/records/patients", patient, "demo-patient-" + i);
            if (first == null) {
                first = id;
            }
            String entries = "/api/records/patients/" + id + "/entries";
            if (random.nextInt(3) == 0) {
                String[] a = ApiClient.pick(random, ALLERGIES);
                api.create(entries, "{\"kind\":\"allergy\",\"display\":\"%s\",\"criticality\":\"%s\"}".formatted(a[0], a[1]),
                        "demo-allergy-" + i);
            }
            for (int m = 0; m < random.nextInt(3); m++) {
                String[] med = ApiClient.pick(random, MEDICATIONS);
                api.create(entries, "{\"kind\":\"medication\",\"display\":\"%s\",\"dosage\":\"%s\"}".formatted(med[0], med[1]),
                        "demo-med-" + i + "-" + m);
            }
            if (random.nextBoolean()) {
                api.create(entries, "{\"kind\":\"problem\",\"display\":\"%s\"}".formatted(ApiClient.pick(random, PROBLEMS)), "demo-problem-" + i);
            }
            if (!units.isEmpty() && random.nextInt(10) < 7) {
                DirectoryDemoData.Unit unit = ApiClient.pick(random, units);
                int bed = beds.merge(unit.id(), 1, Integer::sum);
                api.create("/api/records/patients/" + id + "/stays", "{\"unitId\":\"%s\",\"unitName\":\"%s\",\"bed\":\"%d\",\"admittedAt\":\"%s\"}"
                        .formatted(unit.id(), unit.name(), bed, now.minusSeconds(3600L * (1 + random.nextInt(240)))), "demo-stay-" + i);
            }
            for (int n = 0; n < 1 + random.nextInt(3); n++) {
                api.create(entries, "{\"kind\":\"note\",\"display\":\"Note\",\"text\":\"%s\"}".formatted(ApiClient.pick(random, NOTES)),
                        "demo-note-" + i + "-" + n);
            }
            if ((i + 1) % 50 == 0 || i + 1 == count) {
                System.out.printf("\r  records      %d/%d demo patients", i + 1, count);
            }
        }
        System.out.println();
        return first;
    }
}
