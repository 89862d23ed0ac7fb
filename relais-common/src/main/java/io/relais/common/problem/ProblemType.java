package io.relais.common.problem;

/** The kinds of problem Relais services report, with their status and a human title. */
public enum ProblemType {
    VALIDATION(400, "The request is invalid"),
    MALFORMED_REQUEST(400, "The request body is not valid JSON"),
    UNAUTHENTICATED(401, "A valid bearer token is required"),
    FORBIDDEN(403, "Your role does not allow this"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    CONFLICT(409, "Conflict with the current state"),
    IDEMPOTENCY_KEY_IN_USE(409, "A request with this Idempotency-Key is still being processed"),
    PRECONDITION_FAILED(412, "The resource changed since you read it"),
    PAYLOAD_TOO_LARGE(413, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "This Idempotency-Key was used for a different request"),
    PRECONDITION_REQUIRED(428, "If-Match is required"),
    INTERNAL(500, "Internal error"),
    READ_ONLY(503, "Read-only: the database accepts no writes right now"),
    DATABASE_UNAVAILABLE(503, "The database is unreachable right now");

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** URN of this type, stable across services and versions. */
    public String uri() {
        return "urn:relais:problem:" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
