package io.relais.directory.imports;

import io.relais.common.problem.Problem;
import io.relais.common.problem.ProblemMappers;
import io.relais.directory.config.DirectoryConfig;
import io.relais.directory.department.Department;
import io.relais.directory.department.DepartmentRepository;
import io.relais.directory.person.ContactKind;
import io.relais.directory.person.ContactPointInput;
import io.relais.directory.person.Person;
import io.relais.directory.person.PersonInput;
import io.relais.directory.person.PersonRepository;
import io.relais.directory.person.PersonRules;
import io.relais.directory.person.PersonService;
import io.relais.directory.person.Visibility;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * The HR feed: one row per staff member, matched on {@code external_id}. The whole file is
 * checked before anything is written and written in one transaction, so a bad file changes
 * nothing. Sending the same file twice changes nothing the second time.
 *
 * <p>Columns: {@code external_id, family_name, given_names, profession, departments} (codes
 * {@code site/department} separated by {@code |}) and optionally {@code title, rpps, contacts}
 * ({@code kind:value[:restricted]} separated by {@code |}, in the order to try them; a number
 * works at the site of the person's first department).
 */
@ApplicationScoped
public class PeopleImporter implements ImportJobs.Importer {

    static final Set<String> REQUIRED = Set.of("external_id", "family_name", "given_names", "profession", "departments");
    static final Set<String> OPTIONAL = Set.of("title", "rpps", "contacts");
    private static final int CHUNK = 500;
    /** API field names as the file's columns. */
    private static final Map<String, String> COLUMNS = Map.of("externalId", "external_id", "familyName", "family_name",
            "givenNames", "given_names", "profession", "profession", "title", "title", "rpps", "rpps",
            "departmentIds", "departments", "contactPoints", "contacts");

    @Inject
    PersonRepository people;

    @Inject
    DepartmentRepository departments;

    @Inject
    PersonService personService;

    @Inject
    Validator validator;

    @Inject
    DirectoryConfig config;

    /** The file's rows, once it parses: the cheap part of a check, to decide whether to run it now or as a job. */
    @Override
    public int rows(byte[] body) {
        return CsvTable.parse(body, REQUIRED, OPTIONAL, config.imports().maxRows()).rows().size();
    }

    @Override
    public void check(byte[] body) {
        validate(body);
    }

    private record Validated(CsvTable table, List<PersonInput> inputs) {
    }

    /**
     * Checks every row, writes nothing, and throws the 400 problem of a bad file (its rows'
     * errors); the people it reads are read again, locked, by the import itself.
     */
    private Validated validate(byte[] body) {
        CsvTable table = CsvTable.parse(body, REQUIRED, OPTIONAL, config.imports().maxRows());
        Map<String, Department> byCode = departments.byQualifiedCode();
        Map<UUID, Department> byId = byCode.values().stream().collect(Collectors.toMap(d -> d.id, Function.identity()));
        Map<String, String> rppsOwners = people.rppsOwners();

        List<Problem.FieldError> errors = new ArrayList<>();
        List<PersonInput> inputs = new ArrayList<>();
        Map<String, Integer> externalIdRows = new HashMap<>();
        Map<String, Integer> rppsRows = new HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            int before = errors.size();
            PersonInput input = toInput(row, byCode, errors);
            String prefix = "rows[" + row.number() + "].";
            if (input.externalId() == null) {
                errors.add(new Problem.FieldError(prefix + "external_id", "required: the import matches people on it"));
            }
            for (ConstraintViolation<PersonInput> v : validator.validate(input)) {
                errors.add(new Problem.FieldError(prefix + column(ProblemMappers.fieldOf(v)), v.getMessage()));
            }
            for (Problem.FieldError e : PersonRules.problems(input)) {
                errors.add(new Problem.FieldError(prefix + column(e.field()), e.message()));
            }
            if (input.externalId() != null) {
                Integer first = externalIdRows.putIfAbsent(input.externalId(), row.number());
                if (first != null) {
                    errors.add(new Problem.FieldError(prefix + "external_id", "same as row " + first));
                }
            }
            if (input.rpps() != null) {
                Integer first = rppsRows.putIfAbsent(input.rpps(), row.number());
                String owner = rppsOwners.get(input.rpps());
                if (first != null) {
                    errors.add(new Problem.FieldError(prefix + "rpps", "same RPPS number as row " + first));
                } else if (owner != null && !owner.equals(input.externalId())) {
                    errors.add(new Problem.FieldError(prefix + "rpps", "already belongs to " + owner + " in the directory"));
                }
            }
            if (errors.size() == before) {
                inputs.add(input);
            }
        }
        CsvTable.rejectIfAny(errors, table.rows().size(), config.imports().maxReportedErrors());
        return new Validated(table, inputs);
    }

    /**
     * Checks, then writes the whole file in this one transaction. The people it changes are
     * locked as it reads them: an edit through the API waits for the import (then its If-Match
     * no longer matches, and it is told so), and an edit committed just before is what the import
     * compares with — never a write made on a stale copy.
     */
    @Override
    public List<String> tables() {
        return List.of("person", "person_department", "contact_point", "relais_name_word");
    }

    @Override
    @Transactional
    public ImportReport importFile(byte[] body, String actor, IntConsumer progress) {
        long started = System.nanoTime();
        Validated validated = validate(body);
        CsvTable table = validated.table();
        List<PersonInput> inputs = validated.inputs();
        Map<UUID, Department> byId = departments.byQualifiedCode().values().stream()
                .collect(Collectors.toMap(d -> d.id, Function.identity()));
        int created = 0;
        int updated = 0;
        for (int from = 0; from < inputs.size(); from += CHUNK) {
            List<PersonInput> chunk = inputs.subList(from, Math.min(inputs.size(), from + CHUNK));
            Map<String, Person> existing = people.byExternalIdsForUpdate(chunk.stream().map(PersonInput::externalId).toList())
                    .stream().collect(Collectors.toMap(p -> p.externalId, Function.identity()));
            for (PersonInput input : chunk) {
                Person person = existing.get(input.externalId());
                if (person == null) {
                    person = new Person();
                    person.id = UUID.randomUUID();
                    person.version = 1;
                    personService.apply(person, input, byId);
                    people.persist(person);
                    created++;
                } else if (!normalized(PersonService.inputOf(person)).equals(normalized(input))) {
                    person.version++;
                    personService.apply(person, input, byId);
                    updated++;
                }
            }
            people.flush();
            people.getEntityManager().clear();
            progress.accept(Math.min(inputs.size(), from + CHUNK));
        }
        int unchanged = inputs.size() - created - updated;
        Log.infof("People import: %d rows, %d created, %d updated, %d unchanged in %d ms", inputs.size(), created,
                updated, unchanged, (System.nanoTime() - started) / 1_000_000);
        return new ImportReport(inputs.size(), created, updated, unchanged, table.encoding());
    }

    private static PersonInput toInput(CsvTable.Row row, Map<String, Department> byCode, List<Problem.FieldError> errors) {
        String prefix = "rows[" + row.number() + "].";
        List<UUID> departmentIds = new ArrayList<>();
        String departmentsCell = row.get("departments");
        for (String code : split(departmentsCell)) {
            Department d = byCode.get(code);
            if (d == null) {
                errors.add(new Problem.FieldError(prefix + "departments", "no department '" + code
                        + "' (write site-code/department-code, e.g. necker/rea)"));
            } else if (!departmentIds.contains(d.id)) {
                departmentIds.add(d.id);
            }
        }
        UUID site = departmentIds.isEmpty() ? null : byCode.get(split(departmentsCell).get(0)).site.id;
        List<ContactPointInput> contacts = new ArrayList<>();
        for (String contact : split(row.get("contacts"))) {
            String[] parts = contact.split(":");
            Visibility visibility = Visibility.PUBLIC;
            int valueEnd = parts.length;
            if (parts.length >= 3 && (parts[parts.length - 1].trim().equalsIgnoreCase("restricted")
                    || parts[parts.length - 1].trim().equalsIgnoreCase("public"))) {
                visibility = Visibility.fromCode(parts[parts.length - 1].trim());
                valueEnd--;
            }
            ContactKind kind = parts.length < 2 ? null : Arrays.stream(ContactKind.values())
                    .filter(k -> k.code().equalsIgnoreCase(parts[0].trim())).findFirst().orElse(null);
            if (kind == null) {
                errors.add(new Problem.FieldError(prefix + "contacts", "'" + contact + "' is not kind:value[:restricted] with a kind among "
                        + Arrays.stream(ContactKind.values()).map(ContactKind::code).toList()));
                continue;
            }
            String value = String.join(":", Arrays.copyOfRange(parts, 1, valueEnd)).trim();
            contacts.add(new ContactPointInput(kind, value, site, visibility, null));
        }
        return new PersonInput(row.get("external_id"), row.get("family_name"), row.get("given_names"),
                row.get("profession"), row.get("title"), row.get("rpps"), departmentIds, contacts);
    }

    private static List<String> split(String cell) {
        return cell == null ? List.of() : Arrays.stream(cell.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Departments are a set: their order in the file or the database means nothing. */
    private static PersonInput normalized(PersonInput in) {
        return new PersonInput(in.externalId(), in.familyName(), in.givenNames(), in.profession(), in.title(), in.rpps(),
                in.departmentIds().stream().sorted().toList(), in.contactPoints());
    }

    /** {@code contactPoints[2].value} → {@code contacts}, {@code familyName} → {@code family_name}. */
    private static String column(String field) {
        String head = field.replaceAll("[\\[.].*", "");
        return COLUMNS.getOrDefault(head, head);
    }
}
