package io.relais.gateway.upstream;

import io.vertx.core.http.HttpClientResponse;

/** A failed attempt, as the circuit breaker counts it; carries the upstream's answer for 5xx. */
public class UpstreamFailure extends RuntimeException {

    /** A failed attempt that says nothing against the upstream's health: its breaker skips it. */
    public static class NotTheUpstreamsFault extends UpstreamFailure {

        NotTheUpstreamsFault(FailureKind kind, String message, HttpClientResponse response) {
            super(kind, message, response);
        }
    }

    /** A deliberate read-only refusal: the service is healthy and serves reads. */
    public static final class ReadOnlyRefusal extends NotTheUpstreamsFault {

        public ReadOnlyRefusal(String message, HttpClientResponse response) {
            super(FailureKind.READ_ONLY, message, response);
        }
    }

    /**
     * A 503 marked {@code X-Relais-Transient}: the service lost the database connection this
     * request had (the primary just went away) and its next request gets a fresh one. Retried
     * like any 503; not held against the breaker, or the reads in flight at a site's power cut
     * would open the breaker of the very site that serves next.
     */
    public static final class TransientRefusal extends NotTheUpstreamsFault {

        public TransientRefusal(String message, HttpClientResponse response) {
            super(FailureKind.STATUS, message, response);
        }
    }

    /** The client closed its connection while the upstream was working on its request. */
    public static final class ClientGone extends NotTheUpstreamsFault {

        public ClientGone(String message) {
            super(FailureKind.CLIENT_GONE, message, null);
        }
    }

    private final FailureKind kind;
    private final transient HttpClientResponse response;
    private final int status;

    public UpstreamFailure(FailureKind kind, String message, HttpClientResponse response) {
        this(kind, message, response, response == null ? 0 : response.statusCode());
    }

    private UpstreamFailure(FailureKind kind, String message, HttpClientResponse response, int status) {
        super(message, null, false, false);
        this.kind = kind;
        this.response = response;
        this.status = status;
    }

    /**
     * An answer whose status is not valid HTTP (RFC 9110 §15: only 100-599 are): handled as a
     * 5xx, and never passed on, as no client would accept it.
     */
    public static UpstreamFailure invalidStatus(int status) {
        return new UpstreamFailure(FailureKind.STATUS, "answered an invalid status " + status, null, status);
    }

    public FailureKind kind() {
        return kind;
    }

    /** The upstream's 502/503/504 answer, to pass on when no other site may be tried. */
    public HttpClientResponse response() {
        return response;
    }

    /** The status the upstream answered with; 0 when it did not answer. */
    public int status() {
        return status;
    }
}
