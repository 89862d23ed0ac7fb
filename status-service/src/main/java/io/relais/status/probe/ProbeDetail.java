package io.relais.status.probe;

import java.util.Locale;

/**
 * Why a component is not plainly operational, as a kind and a number, never as exception text:
 * the page says it in its reader's language ({@code detail_<kind>} in PageText), the JSON API in
 * English.
 *
 * @param value the milliseconds of a timeout or a slow answer, the HTTP status of a failed one
 */
public record ProbeDetail(Kind kind, long value) {

    public enum Kind { REFUSED, TIMEOUT, UNKNOWN_HOST, HTTP_STATUS, FAILED, DEGRADED, PACKS_OVERDUE, SLOW }

    public static ProbeDetail of(Kind kind) {
        return new ProbeDetail(kind, 0);
    }

    /** The key of its text in PageText, whose {@code {0}} is {@link #value}. */
    public String key() {
        return "detail_" + kind.name().toLowerCase(Locale.ROOT);
    }

    /** For the Statuspage-shaped JSON and the log. */
    public String english() {
        return switch (kind) {
            case REFUSED -> "connection refused";
            case TIMEOUT -> "no answer within " + value + " ms";
            case UNKNOWN_HOST -> "unknown host";
            case HTTP_STATUS -> "answered HTTP " + value;
            case FAILED -> "health check failed";
            case DEGRADED -> "degraded: writes suspended, or audit journal filling up";
            case PACKS_OVERDUE -> "downtime packs overdue: print the last ones you have and call the IT on-call";
            case SLOW -> "slow (" + value + " ms)";
        };
    }
}
