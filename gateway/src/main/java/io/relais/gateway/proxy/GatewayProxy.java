package io.relais.gateway.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.relais.gateway.config.GatewayConfig;
import io.relais.gateway.upstream.Upstream;
import io.relais.gateway.upstream.UpstreamRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.HostAndPort;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import jakarta.annotation.PostConstruct;
import java.util.concurrent.atomic.AtomicLong;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The reverse proxy: checks and decodes the request target once, routes by path prefix to the
 * route's upstream at this site first, then at the other sites, on connect failure, timeout,
 * 502/503/504 or open breaker. Safe methods (GET, HEAD, OPTIONS) are always replayed; any other
 * method only when nothing reached the upstream, or — for a POST — when an Idempotency-Key makes
 * the replay safe. A PUT or DELETE that may have reached a site is never replayed at another:
 * there it would meet its own effect (a 412 for a change that succeeded). Never more than one
 * attempt per site and round; failovers within the retry budget.
 */
@ApplicationScoped
public class GatewayProxy {

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Set<Integer> FAILOVER_STATUSES = Set.of(502, 503, 504);
    private static final long RETRY_ROUND_DELAY_MS = 100;
    private static final int MAX_RETRY_ROUNDS = 2;
    /** Set by Relais services on a write refused because their database is a standby (relais-common DatabaseFailures). */
    private static final String READ_ONLY_HEADER = "X-Relais-Read-Only";
    /** Set by Relais services on a request that lost its database connection (relais-common DatabaseFailures). */
    private static final String TRANSIENT_HEADER = "X-Relais-Transient";
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Inject
    UpstreamRegistry registry;

    @Inject
    RetryBudget budget;

    @Inject
    GatewayConfig config;

    @Inject
    MeterRegistry meters;

    @Inject
    UpstreamMeters upstreamMeters;

    private final AtomicLong bufferedBytes = new AtomicLong();
    private TrustedProxies trustedProxies = TrustedProxies.of(List.of());

    @PostConstruct
    void init() {
        trustedProxies = TrustedProxies.of(config.trustedProxies().orElse(List.of()));
    }

    /** Every client request, on the event loop of its connection. */
    public void handle(HttpServerRequest request) {
        String offered = request.getHeader("X-Request-Id");
        String requestId = offered != null && REQUEST_ID.matcher(offered).matches() ? offered : newRequestId();
        String site = config.site();
        RequestPath target;
        try {
            target = RequestPath.parse(request.uri());
        } catch (RequestPath.Refused refused) {
            meters.counter("relais_gateway_requests_refused", "reason", "path").increment();
            GatewayProblems.badRequest(request.response(), site, refused.getMessage(), null, requestId);
            return;
        }
        String named = ProxyHeaders.endToEndNamedAsHopByHop(request.headers());
        if (named != null) {
            meters.counter("relais_gateway_requests_refused", "reason", "connection-header").increment();
            GatewayProblems.badRequest(request.response(), site, "The Connection header names '" + named
                    + "', an end-to-end header that a proxy would then remove. Send it without naming it in Connection.",
                    target.path(), requestId);
            return;
        }
        String transferEncoding = request.getHeader("Transfer-Encoding");
        if (transferEncoding != null && !transferEncoding.trim().equalsIgnoreCase("chunked")) {
            // RFC 9112 §6.3: a body whose length cannot be determined reliably is refused, never
            // guessed at (a proxy in front that read it otherwise would smuggle a request past us).
            meters.counter("relais_gateway_requests_refused", "reason", "transfer-encoding").increment();
            GatewayProblems.badRequest(request.response(), site, "Transfer-Encoding '" + transferEncoding
                    + "' is not supported: send the body with Content-Length or 'Transfer-Encoding: chunked'.",
                    target.path(), requestId);
            return;
        }
        UpstreamRegistry.Route route = registry.routeFor(target.path());
        if (route == null) {
            GatewayProblems.notFound(request.response(), site, target.path(), requestId);
            return;
        }
        long length = parseLength(request.getHeader("Content-Length"));
        if (length > config.maxBodyBytes()) {
            GatewayProblems.tooLarge(request.response(), site, length, config.maxBodyBytes(), target.path(), requestId);
            return;
        }
        boolean chunked = transferEncoding != null;
        boolean hasBody = length > 0 || chunked;
        budget.onRequest();
        Exchange exchange = new Exchange(request, Vertx.currentContext(), route, target, requestId);
        if (hasBody && length >= 0 && length <= config.bufferLimitBytes() && reserveBuffer(length)) {
            request.response().endHandler(v -> bufferedBytes.addAndGet(-length));
            request.response().closeHandler(v -> bufferedBytes.addAndGet(-length));
            request.body().onSuccess(body -> {
                exchange.body = body;
                attempt(exchange);
            }).onFailure(e -> GatewayProblems.badRequest(request.response(), site,
                    "The request body could not be read: " + e.getMessage(), target.path(), requestId));
        } else {
            // Bodies over the buffer limit (or of unknown length, or while the buffer budget is
            // spent) are streamed: only replayable while nothing has been sent.
            exchange.streaming = hasBody;
            request.pause();
            attempt(exchange);
        }
    }

    private boolean reserveBuffer(long length) {
        if (bufferedBytes.addAndGet(length) <= config.bufferBudgetBytes()) {
            return true;
        }
        bufferedBytes.addAndGet(-length);
        meters.counter("relais_gateway_buffer_budget_exhausted").increment();
        return false;
    }

    private void attempt(Exchange exchange) {
        if (exchange.request.response().closed()) {
            return; // the client left during a retry's pause: nobody would read the answer
        }
        Upstream next = exchange.nextCandidate();
        if (next == null) {
            giveUp(exchange);
            return;
        }
        if (!exchange.tried.isEmpty()) {
            exchange.tried.get(exchange.tried.size() - 1).recordFailover();
            meters.counter("relais_gateway_failovers", "route", exchange.route.name(), "to", next.site()).increment();
        }
        exchange.tried.add(next);
        long started = System.nanoTime();
        CompletionStage<ProxyResponse> outcome;
        try {
            outcome = next.attempt(() -> send(exchange, next));
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((response, failure) -> exchange.context.runOnContext(v -> {
            long elapsed = System.nanoTime() - started;
            next.recordLatency(elapsed / 1000);
            upstreamMeters.latency(next).record(elapsed, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (failure == null) {
                deliver(exchange, next, response);
                return;
            }
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            FailureKind kind = cause instanceof UpstreamFailure uf ? uf.kind()
                    : cause instanceof CircuitBreakerOpenException ? FailureKind.NOT_SENT
                    : FailureKind.RESET;
            if (kind == FailureKind.CLIENT_GONE) {
                meters.counter("relais_gateway_client_gone", "route", next.route(), "site", next.site()).increment();
                return;
            }
            next.recordFailure(kind);
            String kindName = kind.name().toLowerCase(java.util.Locale.ROOT);
            exchange.trail.add(next.site() + " " + (cause instanceof UpstreamFailure uf && uf.response() != null
                    ? String.valueOf(uf.response().getStatusCode()) : kindName) + " after " + elapsed / 1_000_000 + " ms");
            meters.counter("relais_gateway_upstream_failures", "route", next.route(), "site", next.site(),
                    "kind", kindName).increment();
            exchange.lastKind = kind;
            ProxyResponse upstreamAnswer = cause instanceof UpstreamFailure uf ? uf.response() : null;
            boolean another = exchange.mayTryAnother(kind) && exchange.nextCandidate() != null;
            // Only a retry after an upstream did work adds load; skipping a site that got nothing
            // (refused connection, open breaker) is routing, not retrying.
            if (another && !kind.nothingSent() && !budget.tryRetry()) {
                exchange.budgetExhausted = true;
                another = false;
            }
            if (upstreamAnswer != null && upstreamAnswer.getStatusCode() == 503) {
                exchange.unavailable = next;
                exchange.unavailableKind = kind;
                exchange.retryAfter = upstreamAnswer.headers().get("Retry-After");
            }
            if (another) {
                if (upstreamAnswer != null) {
                    upstreamAnswer.release();
                }
                attempt(exchange);
            } else if (retryUnavailable(exchange)) {
                if (upstreamAnswer != null) {
                    upstreamAnswer.release();
                }
            } else if (upstreamAnswer != null) {
                deliver(exchange, next, upstreamAnswer);
            } else {
                giveUp(exchange);
            }
        }));
    }

    /**
     * Every site has been tried and one answered 503 for a read: try the sites again, shortly, in
     * the route's order — a new round, at most two. A service whose database connections died
     * under it (the primary's site lost power or was shut down a moment ago) fails the requests
     * that picked up one of those connections, then answers from a fresh connection to whichever
     * server is left; without this, the reads in flight at the cut would fail. The whole round,
     * not only the site that answered last: that one's breaker may have opened on those very 503s
     * (seen in the switchover drill), and a site out of rotation is skipped for free. Spends the
     * retry budget.
     */
    private boolean retryUnavailable(Exchange exchange) {
        // A read-only refusal is a write refused on purpose: asking again would not change it.
        if (exchange.unavailable == null || exchange.unavailableKind != FailureKind.STATUS || !exchange.safe
                || exchange.retryRounds >= MAX_RETRY_ROUNDS || !budget.tryRetry()) {
            return false;
        }
        exchange.retryRounds++;
        exchange.roundStart = exchange.tried.size();
        meters.counter("relais_gateway_retry_rounds", "route", exchange.route.name()).increment();
        exchange.context.owner().setTimer(RETRY_ROUND_DELAY_MS * exchange.retryRounds,
                t -> exchange.context.runOnContext(v -> attempt(exchange)));
        return true;
    }

    private CompletionStage<ProxyResponse> send(Exchange exchange, Upstream upstream) {
        HttpServerRequest request = exchange.request;
        GatewayConfig.Route route = exchange.route.config();
        RequestOptions options = new RequestOptions()
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setSsl(upstream.ssl())
                .setMethod(request.method())
                .setURI(exchange.target.forwardTarget())
                .setConnectTimeout(route.connectTimeout().toMillis())
                .setIdleTimeout(route.responseTimeout().toMillis());
        Future<ProxyResponse> response = registry.client().request(options)
                .recover(e -> Future.failedFuture(new UpstreamFailure(FailureKind.CONNECT,
                        "cannot connect to " + upstream.base() + ": " + e.getMessage(), null)))
                .compose(clientRequest -> forward(exchange, upstream, clientRequest))
                .compose(r -> !FAILOVER_STATUSES.contains(r.getStatusCode()) ? Future.succeededFuture(r)
                        : r.getStatusCode() == 503 && "true".equals(r.headers().get(READ_ONLY_HEADER))
                        ? Future.failedFuture(new UpstreamFailure.ReadOnlyRefusal("answered 503 read-only", r))
                        : r.getStatusCode() == 503 && r.headers().contains(TRANSIENT_HEADER)
                        ? Future.failedFuture(new UpstreamFailure.TransientRefusal("answered 503 transient", r))
                        : Future.failedFuture(new UpstreamFailure(FailureKind.STATUS, "answered " + r.getStatusCode(), r)));
        return response.toCompletionStage();
    }

    private Future<ProxyResponse> forward(Exchange exchange, Upstream upstream, HttpClientRequest clientRequest) {
        HttpServerRequest request = exchange.request;
        ProxyRequest proxyRequest = ProxyRequest.reverseProxy(request);
        proxyRequest.setURI(exchange.target.forwardTarget());
        if (exchange.body != null) {
            proxyRequest.setBody(Body.body(exchange.body));
        } else if (!exchange.streaming) {
            proxyRequest.setBody(null);
        }
        if (exchange.streaming) {
            // From here on the body is being consumed: this attempt is the only one possible.
            exchange.bodySent = true;
        }
        // The upstream's own authority, as nginx's proxy_pass does: nothing downstream may build
        // a link from what a client put in Host (the services use their configured public URL).
        proxyRequest.setAuthority(HostAndPort.create(upstream.host(), upstream.port()));
        ProxyHeaders.removeHopByHop(proxyRequest.headers());
        String clientAddress = request.remoteAddress().hostAddress();
        ProxyHeaders.addForwarded(proxyRequest.headers(), trustedProxies.contains(clientAddress), clientAddress,
                request.authority() == null ? null : request.authority().toString(), request.scheme());
        proxyRequest.headers().set("X-Request-Id", exchange.requestId);
        return proxyRequest.send(clientRequest).recover(e -> Future.failedFuture(
                // The proxy resets the upstream request when the client leaves; that is no failure
                // of the upstream, and nobody would read another site's answer.
                request.response().closed() ? new UpstreamFailure.ClientGone(upstream.base() + ": client closed the connection")
                : new UpstreamFailure(isTimeout(e)
                        ? FailureKind.TIMEOUT : FailureKind.RESET, upstream.base() + ": " + e.getMessage(), null)));
    }

    private void deliver(Exchange exchange, Upstream upstream, ProxyResponse response) {
        ProxyHeaders.removeHopByHop(response.headers());
        response.headers().set("X-Relais-Site", upstream.site());
        response.headers().set("X-Request-Id", exchange.requestId);
        if (!response.headers().contains("X-Content-Type-Options")) {
            response.headers().set("X-Content-Type-Options", "nosniff");
        }
        upstreamMeters.requests(upstream, response.getStatusCode()).increment();
        response.send();
    }

    /**
     * A version-4 UUID from ThreadLocalRandom: a correlation id, not a secret, so it need not
     * queue every event loop on the one SecureRandom behind UUID.randomUUID() (seen in JFR).
     */
    private static String newRequestId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    private void giveUp(Exchange exchange) {
        List<String> sites = exchange.tried.stream().map(Upstream::site).toList();
        int status;
        String detail;
        if (exchange.tried.isEmpty() || exchange.lastKind == FailureKind.NOT_SENT && exchange.allBreakersOpen()) {
            status = 503;
            detail = "Every site of route '" + exchange.route.name() + "' is out of rotation (breakers open or health"
                    + " checks failing). Retry after the Retry-After delay.";
        } else if (exchange.unavailable != null) {
            // One site answered "unavailable, retry later" and no other could do better: that is
            // the answer the client can act on, not a bare 502 about the site that is gone.
            status = 503;
            detail = "Site " + exchange.unavailable.site() + " answered that it cannot serve this request now (for a write:"
                    + " no primary database reachable) and no other site could (tried " + sites + ")."
                    + " Retry after the Retry-After delay; with the same Idempotency-Key it is never applied twice.";
        } else if (exchange.lastKind == FailureKind.TIMEOUT) {
            status = 504;
            detail = "No site of route '" + exchange.route.name() + "' answered in time (tried " + sites + ")."
                    + (exchange.safe ? "" : " The request may have been applied: check before sending it again,"
                    + " or send it with an Idempotency-Key.");
        } else {
            status = 502;
            detail = "No site of route '" + exchange.route.name() + "' could serve the request (tried " + sites + ")"
                    + (exchange.budgetExhausted ? "; the failover budget is exhausted" : "")
                    + (exchange.streaming && exchange.bodySent ? "; the body was too large to replay" : "")
                    + (exchange.safe || exchange.lastKind.nothingSent() ? "" : "; it may have been applied at site "
                    + sites.get(sites.size() - 1) + ", so it was not replayed elsewhere: check before sending it again")
                    + ".";
        }
        // What each site did, in order: the line an operator greps for with the client's request id.
        Log.warnf("%s %s -> %d [req=%s] attempts: %s", exchange.request.method(), exchange.target.path(),
                status, exchange.requestId, String.join(", ", exchange.trail));
        var response = exchange.request.response();
        if (status == 503 && !response.headWritten()) {
            response.putHeader("Retry-After", exchange.retryAfter != null ? exchange.retryAfter
                    : String.valueOf(Math.max(1, config.breaker().delay().toSeconds())));
        }
        GatewayProblems.send(response, config.site(), exchange.requestId, GatewayProblems.upstream(status, detail,
                exchange.target.path(), exchange.requestId, exchange.route.name(), sites), false);
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static long parseLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One client request across its attempts. */
    private static final class Exchange {
        final HttpServerRequest request;
        final Context context;
        final UpstreamRegistry.Route route;
        final RequestPath target;
        final String requestId;
        final List<Upstream> tried = new ArrayList<>();
        /** Each failed attempt as "site outcome after n ms", for the log line of a request that fails. */
        final List<String> trail = new ArrayList<>();
        final boolean safe;
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
        /** Where the current round starts in {@link #tried}: a retry round may try every site again. */
        int roundStart;

        Exchange(HttpServerRequest request, Context context, UpstreamRegistry.Route route, RequestPath target, String requestId) {
            this.request = request;
            this.context = context;
            this.route = route;
            this.target = target;
            this.requestId = requestId;
            this.safe = SAFE.contains(request.method());
            this.keyedPost = request.method() == HttpMethod.POST && request.getHeader("Idempotency-Key") != null;
        }

        /** The next untried upstream, preferring healthy ones; all unhealthy means try them anyway. */
        Upstream nextCandidate() {
            List<Upstream> thisRound = tried.subList(roundStart, tried.size());
            boolean anyHealthyLeft = route.upstreams().stream().anyMatch(u -> !thisRound.contains(u) && u.healthy());
            for (Upstream u : route.upstreams()) {
                if (!thisRound.contains(u) && (u.healthy() || !anyHealthyLeft)) {
                    return u;
                }
            }
            return null;
        }

        boolean mayTryAnother(FailureKind kind) {
            if (kind.nothingSent()) {
                return true;
            }
            if (streaming && bodySent) {
                return false;
            }
            return safe || keyedPost;
        }

        boolean allBreakersOpen() {
            return route.upstreams().stream().allMatch(u -> u.breakerState() == CircuitBreakerState.OPEN || !u.healthy());
        }
    }
}
