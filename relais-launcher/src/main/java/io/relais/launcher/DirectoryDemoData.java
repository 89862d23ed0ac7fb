package io.relais.launcher;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An entirely fictitious hospital group: four hospitals, a dozen departments each, staff with
 * French names and every kind of number, and a month of on-call rotas with a few deliberate gaps.
 * Sites and departments go through the JSON API (with Idempotency-Keys); staff and rotas through
 * the CSV imports, as an HR system and a planning spreadsheet would send them. Seeding twice
 * changes nothing the second time.
 */
final class DirectoryDemoData {

    private static final String[][] SITES = {
            {"tilleuls", "Hôpital des Tilleuls"}, {"ste-helene", "Hôpital Sainte-Hélène"},
            {"val-fleuri", "Centre hospitalier du Val-Fleuri"}, {"bois-joli", "Hôpital du Bois-Joli"}};
    private static final String[][] DEPARTMENTS = {
            {"urg", "Urgences adultes", "Urgentiste"}, {"rea", "Réanimation médicale", "Réanimateur"},
            {"cardio", "Cardiologie", "Cardiologue"}, {"pneumo", "Pneumologie", "Pneumologue"},
            {"neuro", "Neurologie", "Neurologue"}, {"ped", "Pédiatrie", "Pédiatre"},
            {"mater", "Maternité", "Obstétricien"}, {"chir-dig", "Chirurgie digestive", "Chirurgien viscéral"},
            {"ortho", "Chirurgie orthopédique", "Chirurgien orthopédiste"}, {"radio", "Imagerie médicale", "Radiologue"},
            {"anesth", "Anesthésie", "Anesthésiste"}, {"geria", "Gériatrie", "Gériatre"},
            {"psy", "Psychiatrie", "Psychiatre"}, {"pharma", "Pharmacie", "Pharmacien"}};
    private static final String[][] PROFESSIONS = { // profession, weight, title
            {"Médecin", "18", "Praticien hospitalier"}, {"Interne", "6", ""}, {"Infirmier(e)", "38", ""},
            {"Aide-soignant(e)", "24", ""}, {"Cadre de santé", "3", "Cadre du service"},
            {"Secrétaire médicale", "6", ""}, {"Sage-femme", "2", ""}, {"Manipulateur radio", "3", ""}};
    private static final List<String> FAMILY = List.of("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard",
            "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand",
            "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert",
            "Bonnet", "François", "Martinez", "Bussière", "Chevalier", "Gauthier", "Perrin", "Nguyen", "Benali",
            "Da Silva", "Le Gall", "Müller", "Haddad", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel",
            "Nicolas", "Perrot", "Mathieu", "Clément", "Gaillard", "Barbier", "Arnaud", "Martel", "Rolland", "Lemaire",
            "Dupuis", "Brun", "Renaud", "Fabre", "Noël", "Meyer", "Aubert", "Schmitt", "Caron", "Lacroix", "Huet",
            "Besnard", "Hoarau", "Le Goff", "Texier", "Maillard", "Cordier", "Pichon", "Bouvier", "Ferrand", "Coste",
            "N'Diaye", "Traoré", "Benmoussa", "Çelik", "Kowalski", "Dos Santos", "Pereira", "Ollivier", "Jacquet");
    private static final List<String> GIVEN = List.of("Marie", "Camille", "Léa", "Chloé", "Inès", "Manon", "Élodie",
            "Anaïs", "Noémie", "Zoé", "Jeanne", "Hélène", "Françoise", "Aïcha", "Maëlle", "Sophie", "Nathalie",
            "Isabelle", "Céline", "Aurélie", "Jean", "Pierre", "Lucas", "Hugo", "Théo", "Louis", "Jules", "François",
            "Jean-François", "Noël", "Mathéo", "Karim", "René", "Étienne", "Loïc", "Nicolas", "Julien", "Stéphane",
            "Sébastien", "Olivier", "Anne-Sophie", "Marie-Claire", "Jérôme", "Benoît", "Thibault", "Yasmine", "Amadou");
    private static final int IMPORT_CHUNK = 2000;
    /** The rotas' days are the hospitals' days. */
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private final ApiClient api;

    DirectoryDemoData(ApiClient api) {
        this.api = api;
    }

    private record Member(String externalId, String profession, String siteCode, String departmentCode) {
    }

    /** A department where patients stay, as records names it. */
    record Unit(String id, String name) {
    }

    private final List<Unit> units = new ArrayList<>();

    /** The departments created by {@link #seed}, where the demo patients are admitted. */
    List<Unit> units() {
        return List.copyOf(units);
    }

    /** Creates the group with {@code staff} people; returns the id of the first site, for the URL table. */
    private final Map<String, String> siteIds = new LinkedHashMap<>();
    private final List<String[]> departments = new ArrayList<>(); // site code, department code, specialist

    /** The hospitals and their departments; returns the first hospital's id, for the URL table. */
    String seedPlaces() throws IOException, InterruptedException {
        for (String[] site : SITES) {
            String siteId = api.create("/api/directory/sites", "{\"code\":\"%s\",\"name\":\"%s\"}".formatted(site[0], site[1]),
                    "demo-site-" + site[0]);
            siteIds.put(site[0], siteId);
            for (int d = 0; d < DEPARTMENTS.length; d++) {
                // Each hospital lacks a couple of specialities, as real ones do.
                if ((d + site[0].length()) % 7 == 3) {
                    continue;
                }
                String[] dep = DEPARTMENTS[d];
                String departmentId = api.create("/api/directory/departments", "{\"siteId\":\"%s\",\"code\":\"%s\",\"name\":\"%s\"}"
                        .formatted(siteId, dep[0], dep[1]), "demo-dep-" + site[0] + "-" + dep[0]);
                units.add(new Unit(departmentId, dep[1] + ", " + site[1]));
                departments.add(new String[]{site[0], dep[0], dep[2]});
            }
        }
        System.out.printf("  directory    %d sites, %d departments%n", SITES.length, departments.size());
        return siteIds.values().iterator().next();
    }

    /** {@code staff} people in those departments (CSV imports), then a month of on-call slots. */
    void seedStaff(int staff) throws IOException, InterruptedException {
        Random random = new Random(19870421L);
        int totalWeight = 0;
        for (String[] p : PROFESSIONS) {
            totalWeight += Integer.parseInt(p[1]);
        }
        StringBuilder header = new StringBuilder("external_id,family_name,given_names,profession,title,rpps,departments,contacts\n");
        StringBuilder rows = new StringBuilder();
        List<Member> members = new ArrayList<>();
        int imported = 0;
        for (int i = 0; i < staff; i++) {
            String[] profession = weighted(random, totalWeight);
            String[] dep = departments.get(random.nextInt(departments.size()));
            String externalId = "HR%06d".formatted(i + 1);
            boolean doctor = profession[0].equals("Médecin") || profession[0].equals("Interne");
            boolean head = profession[0].equals("Médecin") && random.nextInt(12) == 0;
            String rpps = doctor || profession[0].equals("Sage-femme") ? rpps(i) : "";
            String deps = dep[0] + "/" + dep[1];
            if (doctor && random.nextInt(10) == 0) { // a consultant who also works at another hospital
                String[] other = departments.get(random.nextInt(departments.size()));
                if (!other[0].equals(dep[0]) || !other[1].equals(dep[1])) {
                    deps += "|" + other[0] + "/" + other[1];
                }
            }
            List<String> contacts = new ArrayList<>();
            if (!profession[0].equals("Secrétaire médicale")) {
                contacts.add("dect:" + (10000 + random.nextInt(89999)));
            }
            contacts.add("extension:" + (1000 + random.nextInt(8999)));
            if (doctor) {
                contacts.add("pager:" + (100 + random.nextInt(899)));
                contacts.add("mobile:06 %02d %02d %02d %02d:restricted".formatted(random.nextInt(100), random.nextInt(100),
                        random.nextInt(100), random.nextInt(100)));
            }
            if (profession[0].equals("Secrétaire médicale")) {
                contacts.add("fax:01 45 %02d %02d %02d".formatted(random.nextInt(100), random.nextInt(100), random.nextInt(100)));
            }
            contacts.add("email:" + externalId.toLowerCase() + "@relais-demo.invalid");
            rows.append(externalId).append(',').append(csv(ApiClient.pick(random, FAMILY))).append(',')
                    .append(csv(ApiClient.pick(random, GIVEN))).append(',').append(csv(profession[0])).append(',')
                    .append(csv(head ? "Chef de service" : profession[2])).append(',').append(rpps).append(',')
                    .append(deps).append(',').append(String.join("|", contacts)).append('\n');
            members.add(new Member(externalId, profession[0], dep[0], dep[1]));
            if ((i + 1) % IMPORT_CHUNK == 0 || i + 1 == staff) {
                api.importCsv("/api/directory/import/people", header + rows.toString());
                imported = i + 1;
                rows.setLength(0);
                System.out.printf("  directory    %d/%d demo staff%n", imported, staff);
            }
        }

        int slots = seedRota(random, departments, members);
        System.out.printf("  directory    %d on-call slots over a month%n", slots);
    }

    /**
     * Nights (18:30–08:30) and days (08:30–18:30) for a month from three days ago, a junior
     * alongside the senior at night in emergencies and intensive care, and no weekend nights in
     * imaging: the board shows a real gap.
     */
    private int seedRota(Random random, List<String[]> departments, List<Member> members) throws IOException, InterruptedException {
        StringBuilder rota = new StringBuilder("site,department,role,person,starts_at,ends_at\n");
        LocalDate first = LocalDate.now(ZONE).minusDays(3);
        int slots = 0;
        for (String[] dep : departments) {
            List<Member> doctors = members.stream().filter(m -> m.siteCode.equals(dep[0]) && m.departmentCode.equals(dep[1])
                    && m.profession.equals("Médecin")).toList();
            List<Member> juniors = members.stream().filter(m -> m.siteCode.equals(dep[0]) && m.departmentCode.equals(dep[1])
                    && m.profession.equals("Interne")).toList();
            if (doctors.isEmpty()) {
                continue;
            }
            for (int day = 0; day < 31; day++) {
                LocalDate date = first.plusDays(day);
                boolean weekend = date.getDayOfWeek().getValue() >= 6;
                rota.append(slot(dep, dep[2] + " de jour", ApiClient.pick(random, doctors), date + " 08:30", date + " 18:30"));
                slots++;
                if (!(dep[1].equals("radio") && weekend)) {
                    rota.append(slot(dep, dep[2] + " de garde", ApiClient.pick(random, doctors), date + " 18:30",
                            date.plusDays(1) + " 08:30"));
                    slots++;
                }
                if ((dep[1].equals("urg") || dep[1].equals("rea")) && !juniors.isEmpty()) {
                    rota.append(slot(dep, "Interne de garde", ApiClient.pick(random, juniors), date + " 18:30", date.plusDays(1) + " 08:30"));
                    slots++;
                }
            }
        }
        api.importCsv("/api/directory/import/rota", rota.toString());
        return slots;
    }

    private static String slot(String[] dep, String role, Member who, String start, String end) {
        return dep[0] + "," + dep[1] + "," + csv(role) + "," + who.externalId + "," + start + "," + end + "\n";
    }

    private static String[] weighted(Random random, int totalWeight) {
        int roll = random.nextInt(totalWeight);
        for (String[] p : PROFESSIONS) {
            roll -= Integer.parseInt(p[1]);
            if (roll < 0) {
                return p;
            }
        }
        return PROFESSIONS[0];
    }

    /** A fictitious RPPS number: 10 digits from the row number and a Luhn check digit. */
    private static String rpps(int n) {
        String body = String.valueOf(1_900_000_000L + n);
        for (int check = 0; check < 10; check++) {
            String candidate = body + check;
            if (luhn(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException();
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
