package io.relais.common.paging;

import io.relais.common.problem.ProblemException;

/**
 * Which page a client asks for: {@code page} counts from 0, {@code size} is 1 to {@value #MAX_SIZE}
 * (default {@value #DEFAULT_SIZE}). Parsed from raw query strings so that a bad value is a
 * precise 400 naming the parameter rather than a framework 404.
 */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    /** Deep offsets are a scan, not a lookup; clients narrow their search instead. */
    public static final int MAX_PAGE = 10_000;

    public static PageRequest parse(String page, String size) {
        return new PageRequest(parseInt("page", page, 0, 0, MAX_PAGE),
                parseInt("size", size, DEFAULT_SIZE, 1, MAX_SIZE));
    }

    public int offset() {
        return page * size;
    }

    /** A query parameter as an integer in [min, max], {@code fallback} when absent; else a 400 naming it. */
    public static int parseInt(String name, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(name, "'" + raw + "' is not an integer");
        }
        if (value < min || value > max) {
            throw ProblemException.invalid(name, "must be between " + min + " and " + max);
        }
        return value;
    }
}
