package io.relais.common.request;

import io.relais.common.problem.ProblemException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * Parses path and query parameters taken as raw strings, so that a malformed one is a 400
 * problem naming the parameter (JAX-RS would turn a bad path parameter into a bare 404).
 */
public final class Params {

    private Params() {
    }

    public static UUID uuid(String name, String raw) {
        try {
            UUID id = UUID.fromString(raw);
            if (!id.toString().equalsIgnoreCase(raw)) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.invalid(name, "'" + raw + "' is not a UUID");
        }
    }

    public static LocalDate optionalDate(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "'" + raw + "' is not a valid date (YYYY-MM-DD)");
        }
    }

    public static Instant optionalInstant(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "'" + raw + "' is not a valid timestamp (e.g. 2026-01-31T08:00:00Z)");
        }
    }

    /** Parses an enum from its API code ({@code entered-in-error} for {@code ENTERED_IN_ERROR}). */
    public static <E extends Enum<E>> E optionalEnum(String name, String raw, Class<E> type) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(name, "'" + raw + "' is not one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
        }
    }
}
