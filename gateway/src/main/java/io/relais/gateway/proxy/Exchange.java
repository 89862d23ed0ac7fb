package io.relais.gateway.proxy;

import io.relais.gateway.upstream.FailureKind;
import io.relais.gateway.upstream.Upstream;
import io.relais.gateway.upstream.UpstreamRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One client request across its attempts. */
final class Exchange {

private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    final HttpServerRequest request;
    final Context context;
    final UpstreamRegistry.Route route;
    final RequestPath target;
    final String requestId;
    final List<Upstream> tried = new ArrayList<>();
    /** Each failed attempt as "site outcome after n ms", for the log line of a request that fails. */
    final List<String> trail = new ArrayList<>();
    final boolean safe;
    /** The client's trace (its traceparent), parent of every attempt's span. */
    final io.opentelemetry.context.Context trace;
    /** The trace id every attempt of this request is part of (the client's, or a new one). */
    String traceId;
    /** A POST with an Idempotency-Key: the services store the key, so a replay is answered, not re-applied. */
    final boolean keyedPost;
    Buffer body;
    boolean streaming;
    boolean bodySent;
    boolean budgetExhausted;
    FailureKind lastKind;
    /**
     * The last upstream that answered 503 — read-only (a write while no primary exists) or not
     * (a read that lost its database connection) — and its Retry-After.
     */
    Upstream unavailable;
    FailureKind unavailableKind;
    String retryAfter;
    int retryRounds;
    /** The upstream whose answer the client got, for the access log. */
    Upstream servedBy;
    /** When delivery of that answer began (System.nanoTime): how long a small one took to break off. */
    long answeredAt;
    /** Where the current round starts in {@link #tried}: a retry round may try every site again. */
    int roundStart;

    Exchange(HttpServerRequest request, Context context, UpstreamRegistry.Route route, RequestPath target, String requestId,
             io.opentelemetry.context.Context trace) {
        this.request = request;
        this.context = context;
        this.route = route;
        this.target = target;
        this.requestId = requestId;
        this.safe = SAFE.contains(request.method());
        this.keyedPost = request.method() == HttpMethod.POST && request.getHeader(ProxyHeaders.IDEMPOTENCY_KEY) != null;
        this.trace = trace;
    }

    /**
     * The next upstream untried in this round, in the route's order: the first healthy one, or
     * when none is healthy the first at all (all unhealthy means try them anyway). Plain loops: a
     * stream here was a pipeline and its lambdas built on every request.
     */
    Upstream nextCandidate() {
        Upstream firstUntried = null;
        for (Upstream u : route.upstreams()) {
            if (!triedThisRound(u)) {
                if (u.healthy()) {
                    return u;
                }
                if (firstUntried == null) {
                    firstUntried = u;
                }
            }
        }
        return firstUntried;
    }

    private boolean triedThisRound(Upstream upstream) {
        for (int i = roundStart; i < tried.size(); i++) {
            if (tried.get(i) == upstream) {
                return true;
            }
        }
        return false;
    }

    boolean allBreakersOpen() {
        return route.upstreams().stream().allMatch(u -> u.breakerState() == CircuitBreakerState.OPEN || !u.healthy());
    }

    /** The facts {@link FailoverPolicy} decides on, once this attempt's failure is recorded. */
    FailoverPolicy.Facts facts(FailureKind kind, boolean answered, int maxRetryRounds) {
        return new FailoverPolicy.Facts(kind, answered, safe, keyedPost, streaming && bodySent, nextCandidate() != null,
                unavailableKind, retryRounds, maxRetryRounds);
    }
}
