package io.relais.common.concurrency;

import io.relais.common.problem.ProblemException;
import io.relais.common.problem.ProblemType;

import java.util.Arrays;

/**
 * Strong entity tags derived from a row's version number ({@code "v7"}) and the If-Match rule
 * every update follows: no If-Match is 428, a stale one is 412 (RFC 9110 §13.1.1, RFC 6585).
 */
public final class EntityTags {

    private EntityTags() {
    }

    /** A 200 answer carrying the ETag of the version it shows. */
    public static jakarta.ws.rs.core.Response ok(Object body, long version) {
        return jakarta.ws.rs.core.Response.ok(body).header(jakarta.ws.rs.core.HttpHeaders.ETAG, of(version)).build();
    }

    /** A 200 answer with a versioned view and its ETag. */
    public static jakarta.ws.rs.core.Response ok(Versioned view) {
        return ok(view, view.version());
    }

    public static String of(long version) {
        return "\"v" + version + "\"";
    }

    /** Throws unless {@code ifMatch} names {@code currentVersion} (or is {@code *}). */
    public static void requireMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED,
                    "Send If-Match with the ETag from your last read, so that you never overwrite a change you have not seen.");
        }
        String current = of(currentVersion);
        boolean matches = Arrays.stream(ifMatch.split(","))
                .map(String::trim)
                .anyMatch(tag -> tag.equals("*") || tag.equals(current));
        if (!matches) {
            throw stale(currentVersion);
        }
    }

    public static ProblemException stale(long currentVersion) {
        return new ProblemException(ProblemType.PRECONDITION_FAILED,
                "Someone changed this since you read it (current ETag " + of(currentVersion)
                        + "). Read it again, re-apply your change and retry with the new ETag.");
    }
}
