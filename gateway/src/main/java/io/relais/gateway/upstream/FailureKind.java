package io.relais.gateway.upstream;

/** Why an attempt on one upstream failed, which decides whether another site may be tried. */
public enum FailureKind {
    /** No connection: nothing reached the upstream, any request may be replayed. */
    CONNECT(true),
    /** The breaker is open or the upstream is marked down: nothing was sent. */
    NOT_SENT(true),
    /** No answer in time: the upstream may have acted on the request. */
    TIMEOUT(false),
    /**
     * 503 marked {@code X-Relais-Read-Only}: the service is healthy, its database is a standby
     * for now, and it wrote nothing. Another site may be tried; the upstream's breaker counts it
     * as a success, so the reads it keeps serving are not cut off.
     */
    READ_ONLY(true),
    /** 502, 503 or 504 from the upstream: it may have acted on the request. */
    STATUS(false),
    /** The connection broke mid-exchange. */
    RESET(false),
    /**
     * The client closed its connection (gave up, navigated away): nobody waits for an answer, so
     * no other site is tried, and the upstream's breaker does not count it.
     */
    CLIENT_GONE(false);

    private final boolean nothingSent;

    FailureKind(boolean nothingSent) {
        this.nothingSent = nothingSent;
    }

    public boolean nothingSent() {
        return nothingSent;
    }
}
