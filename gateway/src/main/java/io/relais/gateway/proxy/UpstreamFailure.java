package io.relais.gateway.proxy;

import io.vertx.httpproxy.ProxyResponse;

/** A failed attempt, as the circuit breaker counts it; carries the upstream's answer for 5xx. */
public class UpstreamFailure extends RuntimeException {

    /** A failed attempt that says nothing against the upstream's health: its breaker skips it. */
    public static class NotTheUpstreamsFault extends UpstreamFailure {

        NotTheUpstreamsFault(FailureKind kind, String message, ProxyResponse response) {
            super(kind, message, response);
        }
    }

    /** A deliberate read-only refusal: the service is healthy and serves reads. */
    public static final class ReadOnlyRefusal extends NotTheUpstreamsFault {

        public ReadOnlyRefusal(String message, ProxyResponse response) {
            super(FailureKind.READ_ONLY, message, response);
        }
    }

    /** The client closed its connection while the upstream was working on its request. */
    public static final class ClientGone extends NotTheUpstreamsFault {

        public ClientGone(String message) {
            super(FailureKind.CLIENT_GONE, message, null);
        }
    }

    private final FailureKind kind;
    private final transient ProxyResponse response;

    public UpstreamFailure(FailureKind kind, String message, ProxyResponse response) {
        super(message, null, false, false);
        this.kind = kind;
        this.response = response;
    }

    public FailureKind kind() {
        return kind;
    }

    /** The upstream's 502/503/504 answer, to pass on when no other site may be tried. */
    public ProxyResponse response() {
        return response;
    }
}
