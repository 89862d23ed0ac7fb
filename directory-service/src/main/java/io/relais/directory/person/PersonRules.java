package io.relais.directory.person;

import io.relais.common.problem.Problem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The checks on a person that bean validation cannot express, shared by the API and the CSV
 * import so that both accept exactly the same people.
 */
public final class PersonRules {

    private PersonRules() {
    }

    /** What is wrong with {@code input} beyond its annotations; empty when nothing. */
    public static List<Problem.FieldError> problems(PersonInput input) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (input.rpps() != null && input.rpps().matches("[0-9]{11}") && !luhnValid(input.rpps())) {
            errors.add(new Problem.FieldError("rpps", "the check digit (last digit) does not match; check the number"));
        }
        if (input.departmentIds() != null) {
            Set<UUID> seen = new HashSet<>();
            for (int i = 0; i < input.departmentIds().size(); i++) {
                UUID id = input.departmentIds().get(i);
                if (id != null && !seen.add(id)) {
                    errors.add(new Problem.FieldError("departmentIds[" + i + "]", "listed twice"));
                }
            }
        }
        if (input.contactPoints() != null) {
            for (int i = 0; i < input.contactPoints().size(); i++) {
                ContactPointInput c = input.contactPoints().get(i);
                if (c == null || c.kind() == null || c.value() == null || c.value().isBlank()) {
                    continue;
                }
                String problem = c.kind().problemWith(c.value());
                if (problem != null) {
                    errors.add(new Problem.FieldError("contactPoints[" + i + "].value", problem));
                }
            }
        }
        return errors;
    }

    /** RPPS numbers end with a Luhn check digit. */
    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
