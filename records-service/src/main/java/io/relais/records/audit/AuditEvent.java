package io.relais.records.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.UUID;

/**
 * One access to patient data: who (token subject and roles), what (action, resource, query),
 * which patient, the outcome, when, the request id, the site that served it and the client: the
 * address that connected, and the address a proxy said it was forwarding for ({@code
 * 10.0.0.7 for 192.168.4.20}); the first is a fact, the second a claim.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(UUID id, Instant occurredAt, String actor, String roles, String action, UUID patientId,
                         String resource, String query, String outcome, int status, String requestId, String site,
                         String client) {

    /** Outcome of a request from its HTTP status. */
    public static String outcomeOf(int status) {
        if (status < 400) {
            return "success";
        }
        return switch (status) {
            case 401 -> "unauthenticated";
            case 403 -> "denied";
            case 404 -> "not-found";
            case 409, 412, 422, 428 -> "conflict";
            default -> status >= 500 ? "failed" : "rejected";
        };
    }
}
