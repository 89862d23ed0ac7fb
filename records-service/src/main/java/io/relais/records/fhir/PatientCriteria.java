package io.relais.records.fhir;

import io.relais.common.paging.PageRequest;
import io.relais.common.problem.ProblemException;
import io.relais.records.patient.PatientSearch;
import io.relais.records.patient.PatientSearch.IdentifierScope;
import io.relais.records.patient.PatientService;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * FHIR Patient search parameters as a {@link PatientSearch}: {@code identifier} as
 * {@code [system]|value}, {@code birthdate} with the eq/ge/gt/le/lt prefixes at year, month or day
 * precision (repeat it for a range), {@code name}/{@code family}/{@code given} through the
 * accent- and typo-tolerant name search.
 */
public final class PatientCriteria {

    private PatientCriteria() {
    }

    /** Empty when the criteria can match nobody (an identifier system this hospital does not use). */
    public static Optional<PatientSearch> parse(String name, String family, String given, List<String> birthdates,
                                                String identifier, String ippSystem, PageRequest page) {
        LocalDate from = null;
        LocalDate before = null;
        for (String raw : birthdates) {
            LocalDate[] range = birthdate(raw);
            from = range[0] == null ? from : from == null || range[0].isAfter(from) ? range[0] : from;
            before = range[1] == null ? before : before == null || range[1].isBefore(before) ? range[1] : before;
        }
        String value = null;
        IdentifierScope scope = IdentifierScope.ANY;
        if (identifier != null && !identifier.isBlank()) {
            int bar = identifier.indexOf('|');
            value = identifier.substring(bar + 1).trim();
            if (value.isEmpty()) {
                throw ProblemException.invalid("identifier", "give a value: [system]|value");
            }
            if (bar >= 0) {
                String system = identifier.substring(0, bar).trim();
                if (system.equals(PatientResources.INS_SYSTEM)) {
                    scope = IdentifierScope.QUALIFIED_INS;
                } else if (system.equals(ippSystem)) {
                    scope = IdentifierScope.IPP;
                } else {
                    return Optional.empty();
                }
            }
        }
        PatientSearch search = new PatientSearch(PatientService.nameCriterion("name", name),
                PatientService.nameCriterion("family", family), PatientService.nameCriterion("given", given),
                from, before, value, scope, page);
        if (search.empty()) {
            throw ProblemException.invalid("name", "give at least one of name, family, given, birthdate or identifier");
        }
        return Optional.of(search);
    }

    /** [from, before) for one {@code birthdate} value; null where unbounded. */
    static LocalDate[] birthdate(String raw) {
        String value = raw.trim();
        String prefix = value.length() > 2 && Character.isLetter(value.charAt(0)) ? value.substring(0, 2) : "eq";
        String date = prefix.equals("eq") && !value.startsWith("eq") ? value : value.substring(2);
        LocalDate start;
        LocalDate end;
        try {
            if (date.matches("\\d{4}")) {
                start = LocalDate.of(Integer.parseInt(date), 1, 1);
                end = start.plusYears(1);
            } else if (date.matches("\\d{4}-\\d{2}")) {
                start = YearMonth.parse(date).atDay(1);
                end = start.plusMonths(1);
            } else {
                start = LocalDate.parse(date);
                end = start.plusDays(1);
            }
        } catch (java.time.DateTimeException e) {
            throw ProblemException.invalid("birthdate", "'" + raw + "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD,"
                    + " optionally prefixed by eq, ge, gt, le or lt)");
        }
        return switch (prefix) {
            case "eq" -> new LocalDate[] {start, end};
            case "ge" -> new LocalDate[] {start, null};
            case "gt" -> new LocalDate[] {end, null};
            case "le" -> new LocalDate[] {null, end};
            case "lt" -> new LocalDate[] {null, start};
            default -> throw ProblemException.invalid("birthdate", "prefix '" + prefix
                    + "' is not supported; use eq, ge, gt, le or lt");
        };
    }
}
