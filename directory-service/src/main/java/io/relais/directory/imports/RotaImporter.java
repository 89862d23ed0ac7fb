package io.relais.directory.imports;

import io.quarkus.logging.Log;
import io.relais.common.problem.Problem;
import io.relais.directory.config.DirectoryConfig;
import io.relais.directory.department.Department;
import io.relais.directory.department.DepartmentRepository;
import io.relais.directory.person.Person;
import io.relais.directory.person.PersonRepository;
import io.relais.directory.rota.RotaEntry;
import io.relais.directory.rota.RotaRepository;
import io.relais.directory.rota.RotaService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A rota as planning spreadsheets publish it: one row per slot
 * ({@code site, department, role, person, starts_at, ends_at}; {@code person} is the HR
 * external id). Times are ISO-8601 with an offset, or local times in the hospitals' zone written
 * {@code 2026-12-01 08:30} or {@code 01/12/2026 08:30}. All-or-nothing; a slot already present
 * (same department, role, person and times) is left as it is, so a re-sent file adds nothing.
 */
@ApplicationScoped
public class RotaImporter implements ImportJobs.Importer {

    static final Set<String> REQUIRED = Set.of("site", "department", "role", "person", "starts_at", "ends_at");
    private static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    private static final DateTimeFormatter ISO_LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm[:ss]");

    @Inject
    RotaRepository rota;

    @Inject
    DepartmentRepository departments;

    @Inject
    PersonRepository people;

    @Inject
    DirectoryConfig config;


    private record Slot(UUID departmentId, String role, UUID personId, Instant startsAt, Instant endsAt) {
    }

    @Override
    public List<String> tables() {
        return List.of("rota_entry");
    }

    @Override
    public int rows(byte[] body) {
        return CsvTable.parse(body, REQUIRED, Set.of(), config.imports().maxRows()).rows().size();
    }

    /**
     * Checks the file as the import will, reading only. It ran in a transaction marked rollback-only,
     * which QuarkusTransaction then tried to commit: every rota sent as a job failed with a 500.
     */
    @Override
    public void check(byte[] body) {
        slots(body);
    }

    private record Checked(CsvTable table, List<Slot> slots) {
    }

    private Checked slots(byte[] body) {
        CsvTable table = CsvTable.parse(body, REQUIRED, Set.of(), config.imports().maxRows());
        Map<String, Department> byCode = departments.byQualifiedCode();
        Set<String> externalIds = table.rows().stream().map(r -> r.get("person")).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        Map<String, UUID> personIds = new HashMap<>();
        List<String> ids = new ArrayList<>(externalIds);
        for (int i = 0; i < ids.size(); i += 1000) {
            people.byExternalIds(ids.subList(i, Math.min(ids.size(), i + 1000)))
                    .forEach(p -> personIds.put(p.externalId, p.id));
        }

        List<Problem.FieldError> errors = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        ZoneId zone = config.zone();
        for (CsvTable.Row row : table.rows()) {
            String prefix = "rows[" + row.number() + "].";
            int before = errors.size();
            String code = row.get("site") + "/" + row.get("department");
            Department department = byCode.get(code);
            if (department == null) {
                errors.add(new Problem.FieldError(prefix + "department", "no department '" + code + "'"));
            }
            String role = row.get("role");
            if (role == null || role.length() > 100 || role.chars().anyMatch(Character::isISOControl)) {
                errors.add(new Problem.FieldError(prefix + "role", "required, at most 100 characters, no control characters"));
            }
            UUID personId = row.get("person") == null ? null : personIds.get(row.get("person"));
            if (personId == null) {
                errors.add(new Problem.FieldError(prefix + "person", "no person with external_id '" + row.get("person") + "'"));
            }
            Instant startsAt = time(row.get("starts_at"), zone, prefix + "starts_at", errors);
            Instant endsAt = time(row.get("ends_at"), zone, prefix + "ends_at", errors);
            if (startsAt != null && endsAt != null) {
                String problem = RotaService.problemWithTimes(startsAt, endsAt);
                if (problem != null) {
                    errors.add(new Problem.FieldError(prefix + "ends_at", problem));
                }
            }
            if (errors.size() == before) {
                slots.add(new Slot(department.id, role, personId, startsAt, endsAt));
            }
        }
        CsvTable.rejectIfAny(errors, table.rows().size(), config.imports().maxReportedErrors());
        return new Checked(table, slots);
    }

    @Override
    @Transactional
    public ImportReport importFile(byte[] body, String actor, IntConsumer progress) {
        long started = System.nanoTime();
        Checked checked = slots(body);
        CsvTable table = checked.table();
        List<Slot> slots = checked.slots();
        Set<UUID> scope = slots.stream().map(Slot::departmentId).collect(Collectors.toSet());
        Instant from = slots.stream().map(Slot::startsAt).min(Instant::compareTo).orElseThrow();
        Instant to = slots.stream().map(Slot::endsAt).max(Instant::compareTo).orElseThrow();
        Set<Slot> present = new HashSet<>();
        for (RotaEntry r : rota.overlapping(scope, from, to, null)) {
            present.add(new Slot(r.department.id, r.roleLabel, r.person.id, r.startsAt, r.endsAt));
        }
        Instant now = Instant.now();
        int created = 0;
        for (Slot slot : slots) {
            if (!present.add(slot)) {
                continue;
            }
            RotaEntry r = new RotaEntry();
            r.id = UUID.randomUUID();
            r.department = departments.getEntityManager().getReference(Department.class, slot.departmentId());
            r.person = people.getEntityManager().getReference(Person.class, slot.personId());
            r.roleLabel = slot.role();
            r.startsAt = slot.startsAt();
            r.endsAt = slot.endsAt();
            r.version = 1;
            r.updatedAt = now;
            r.updatedBy = actor;
            rota.persist(r);
            created++;
            if (created % 500 == 0) {
                progress.accept(created);
            }
        }
        progress.accept(slots.size());
        Log.infof("Rota import: %d rows, %d created in %d ms", slots.size(), created, (System.nanoTime() - started) / 1_000_000);
        return new ImportReport(slots.size(), created, 0, slots.size() - created, table.encoding());
    }

    private static Instant time(String raw, ZoneId zone, String field, List<Problem.FieldError> errors) {
        if (raw == null) {
            errors.add(new Problem.FieldError(field, "required"));
            return null;
        }
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException notOffset) {
            for (DateTimeFormatter local : List.of(ISO_LOCAL, FRENCH)) {
                try {
                    // A local time that falls in the autumn overlap takes the earlier offset, as wall clocks do.
                    return LocalDateTime.parse(raw, local).atZone(zone).toInstant();
                } catch (DateTimeParseException ignored) {
                    // try the next format
                }
            }
        }
        errors.add(new Problem.FieldError(field, "'" + raw + "' is not a time: write 2026-12-01T08:30:00+01:00, "
                + "2026-12-01 08:30 or 01/12/2026 08:30 (local time)"));
        return null;
    }
}
