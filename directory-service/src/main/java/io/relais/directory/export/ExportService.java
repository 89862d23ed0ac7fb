package io.relais.directory.export;

import io.relais.print.PrintedList;
import io.relais.common.database.WriteAvailability;
import io.relais.common.problem.ProblemException;
import io.relais.directory.config.DirectoryConfig;
import io.relais.directory.department.DepartmentRepository;
import io.relais.directory.person.ContactPoint;
import io.relais.directory.person.ContactVisibility;
import io.relais.directory.person.Person;
import io.relais.directory.rota.RotaEntry;
import io.relais.directory.rota.RotaRepository;
import io.relais.directory.rota.RotaService;
import io.relais.directory.site.Site;
import io.relais.directory.site.SiteService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.relais.common.database.DataFreshness;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Builds the printable phone book and on-call list of a site. */
@ApplicationScoped
public class ExportService {

    private static final Map<String, String> KIND_LABELS = Map.of("extension", "Poste", "dect", "DECT",
            "mobile", "Mobile", "pager", "Bip", "fax", "Fax", "email", "Courriel", "radio", "Radio", "other", "Autre");
    /** Numbers that reach the person wherever they are; the others only work at their own site. */
    private static final List<String> SITE_INDEPENDENT = List.of("mobile", "email");
    private static final DateTimeFormatter SLOT_TIME = DateTimeFormatter.ofPattern("EEE dd/MM HH:mm", Locale.FRENCH);

    @Inject
    EntityManager em;

    @Inject
    DataFreshness freshness;

    @Inject
    SiteService sites;

    @Inject
    DepartmentRepository departments;

    @Inject
    RotaRepository rota;

    @Inject
    ContactVisibility visibility;

    @Inject
    WriteAvailability writes;

    @Inject
    DirectoryConfig config;

    /** Everyone of the site, by department then name, with the numbers that work there. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PrintedList phoneBook(UUID siteId) {
        Site site = sites.require(siteId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT d.id, d.name, p.id, p.family_name, p.given_names, p.profession, p.title,
                       c.kind, c.value, c.label
                  FROM department d
                  JOIN person_department pd ON pd.department_id = d.id
                  JOIN person p ON p.id = pd.person_id
                  LEFT JOIN contact_point c ON c.person_id = p.id
                       AND (c.visibility = 'public' OR :restricted)
                       AND (c.site_id IS NULL OR c.site_id = :site OR c.kind IN ('mobile', 'email'))
                 WHERE d.site_id = :site
                 ORDER BY relais_fold(d.name), d.id, relais_fold(p.family_name), relais_fold(p.given_names), p.id, c.contact_rank
                """).setParameter("site", siteId).setParameter("restricted", visibility.seesRestricted()).getResultList();
        Map<Object, String> headings = new LinkedHashMap<>();
        Map<Object, Map<Object, Entry>> byDepartment = new LinkedHashMap<>();
        for (Object[] r : rows) {
            headings.putIfAbsent(r[0], (String) r[1]);
            Entry entry = byDepartment.computeIfAbsent(r[0], k -> new LinkedHashMap<>())
                    .computeIfAbsent(r[2], k -> new Entry(name((String) r[3], (String) r[4]),
                            r[6] == null ? (String) r[5] : r[5] + " — " + r[6], new ArrayList<>()));
            if (r[7] != null) {
                entry.numbers.add(number((String) r[7], (String) r[8], (String) r[9]));
            }
        }
        List<PrintedList.Section> sections = new ArrayList<>();
        byDepartment.forEach((department, people) -> sections.add(new PrintedList.Section(headings.get(department),
                people.values().stream().map(e -> List.of(e.name, e.role, String.join("\n", e.numbers))).toList())));
        return new PrintedList("Annuaire téléphonique", site.name, site.code,
                "annuaire-" + site.code + "-" + LocalDate.now(config.zone()), Instant.now(), dataAsOf(), writes.readOnly(),
                "Service", List.of("Nom", "Profession / fonction", "Numéros"), new float[]{30, 32, 38}, sections, null);
    }

    /** Every on-call slot of the site's departments overlapping the days {@code from} to {@code to}, inclusive. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PrintedList onCallList(UUID siteId, LocalDate from, LocalDate to) {
        Site site = sites.require(siteId);
        LocalDate first = from == null ? LocalDate.now(config.zone()) : from;
        LocalDate last = to == null ? first.plusDays(6) : to;
        if (last.isBefore(first)) {
            throw ProblemException.invalid("to", "must not be before from");
        }
        Instant start = first.atStartOfDay(config.zone()).toInstant();
        Instant end = last.plusDays(1).atStartOfDay(config.zone()).toInstant();
        RotaService.checkPeriod(start, end, Duration.ofDays(config.exports().maxDays() + 1L));
        List<UUID> scope = departments.atSite(siteId).stream().map(d -> d.id).toList();
        Map<String, List<List<String>>> byDepartment = new java.util.TreeMap<>(java.text.Collator.getInstance(Locale.FRENCH));
        if (!scope.isEmpty()) {
            for (RotaEntry r : rota.overlapping(scope, start, end, null)) {
                byDepartment.computeIfAbsent(r.department.name, k -> new ArrayList<>()).add(List.of(
                        SLOT_TIME.format(r.startsAt.atZone(config.zone())), SLOT_TIME.format(r.endsAt.atZone(config.zone())),
                        r.roleLabel, name(r.person.familyName, r.person.givenNames), String.join("\n", numbers(r.person, siteId))));
            }
        }
        List<PrintedList.Section> sections = new ArrayList<>();
        byDepartment.forEach((department, slots) -> sections.add(new PrintedList.Section(department, slots)));
        return new PrintedList("Gardes et astreintes du " + first.format(DateTimeFormatter.ofPattern("dd/MM/yyyy"))
                + " au " + last.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")), site.name, site.code,
                "gardes-" + site.code + "-" + first + "-" + last, Instant.now(), dataAsOf(), writes.readOnly(), "Service",
                List.of("Début", "Fin", "Rôle", "Nom", "Numéros"), new float[]{14, 14, 22, 22, 28}, sections, null);
    }

    private List<String> numbers(Person p, UUID siteId) {
        List<String> numbers = new ArrayList<>();
        for (ContactPoint c : p.contactPoints) {
            boolean worksHere = c.siteId == null || c.siteId.equals(siteId) || SITE_INDEPENDENT.contains(c.kind);
            if (worksHere && visibility.shows(c.visibility)) {
                numbers.add(number(c.kind, c.value, c.label));
            }
        }
        return numbers;
    }

    /** How fresh the data is, as the database knows it (null when a standby cannot tell). */
    private Instant dataAsOf() {
        return freshness.current().asOf();
    }

    private static String name(String family, String given) {
        return family.toUpperCase(Locale.FRENCH) + " " + given;
    }

    private static String number(String kind, String value, String label) {
        return KIND_LABELS.getOrDefault(kind, kind) + " " + value + (label == null ? "" : " (" + label + ")");
    }

    private record Entry(String name, String role, List<String> numbers) {
    }
}
