package io.relais.gateway.proxy;

import io.vertx.httpproxy.ProxyResponse;

/** A failed attempt, as the circuit breaker counts it; carries the upstream's answer for 5xx. */
public class UpstreamFailure extends RuntimeException {

    /** A deliberate read-only refusal, which the breaker must not count against the upstream. */
    public static final class ReadOnlyRefusal extends UpstreamFailure {

        public ReadOnlyRefusal(String message, ProxyResponse response) {
            super(FailureKind.READ_ONLY, message, response);
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
