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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
 * The reverse proxy: routes by path prefix to the route's upstream at this site first, then
 * at the other sites, on connect failure, timeout, 502/503/504 or open breaker — idempotent
 * methods always, POST/PATCH only when nothing reached the upstream or an Idempotency-Key makes
 * the replay safe; never more than one attempt per site; failovers within the retry budget.
 */
@ApplicationScoped
public class GatewayProxy {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE);
    private static final Set<Integer> FAILOVER_STATUSES = Set.of(502, 503, 504);
    private static final long RETRY_ROUND_DELAY_MS = 100;
    private static final int MAX_RETRY_ROUNDS = 2;
    /** Set by Relais services on a write refused because their database is a standby (relais-common DatabaseFailures). */
    private static final String READ_ONLY_HEADER = "X-Relais-Read-Only";
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Inject
    UpstreamRegistry registry;

    @Inject
    RetryBudget budget;

    @Inject
    GatewayConfig config;

    @Inject
    MeterRegistry meters;

    void install(@Observes Router router) {
        router.get("/gateway/upstreams").handler(this::upstreams);
        router.route().order(-10).handler(ctx -> {
            UpstreamRegistry.Route route = registry.routeFor(ctx.request().path());
            if (route == null) {
                ctx.next();
            } else {
                proxy(ctx, route);
            }
        });
    }

    private void proxy(RoutingContext ctx, UpstreamRegistry.Route route) {
        HttpServerRequest request = ctx.request();
        String offered = request.getHeader("X-Request-Id");
        String requestId = offered != null && REQUEST_ID.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        long length = parseLength(request.getHeader("Content-Length"));
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        boolean hasBody = length > 0 || chunked;
        budget.onRequest();
        Exchange exchange = new Exchange(ctx, route, requestId);
        if (hasBody && length >= 0 && length <= config.bufferLimitBytes()) {
            request.body().onSuccess(body -> {
                exchange.body = body;
                attempt(exchange);
            }).onFailure(e -> respondProblem(exchange, 400, "The request body could not be read: " + e.getMessage(), null));
            // Quarkus pauses every request until a handler wants its body.
            request.resume();
        } else {
            // Bodies over the buffer limit (or of unknown length) are streamed: only replayable
            // while nothing has been sent.
            exchange.streaming = hasBody;
            request.pause();
            attempt(exchange);
        }
    }

    private void attempt(Exchange exchange) {
        if (exchange.ctx.response().closed()) {
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
        outcome.whenComplete((response, failure) -> exchange.ctx.vertx().runOnContext(v -> {
            long elapsed = System.nanoTime() - started;
            next.recordLatency(elapsed / 1000);
            meters.timer("relais_gateway_upstream_latency", "route", next.route(), "site", next.site())
                    .record(elapsed, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (failure == null) {
                deliver(exchange, next, response);
                return;
            }
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            FailureKind kind = cause instanceof UpstreamFailure uf ? uf.kind()
                    : cause.getClass().getSimpleName().startsWith("CircuitBreakerOpen") ? FailureKind.NOT_SENT
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
        if (exchange.unavailable == null || exchange.unavailableKind != FailureKind.STATUS || !exchange.idempotent
                || exchange.retryRounds >= MAX_RETRY_ROUNDS || !budget.tryRetry()) {
            return false;
        }
        exchange.retryRounds++;
        exchange.roundStart = exchange.tried.size();
        meters.counter("relais_gateway_retry_rounds", "route", exchange.route.name()).increment();
        exchange.ctx.vertx().setTimer(RETRY_ROUND_DELAY_MS * exchange.retryRounds, t -> attempt(exchange));
        return true;
    }

    private CompletionStage<ProxyResponse> send(Exchange exchange, Upstream upstream) {
        HttpServerRequest request = exchange.ctx.request();
        GatewayConfig.Route route = exchange.route.config();
        RequestOptions options = new RequestOptions()
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setSsl(upstream.ssl())
                .setMethod(request.method())
                .setURI(request.uri())
                .setConnectTimeout(route.connectTimeout().toMillis())
                .setIdleTimeout(route.responseTimeout().toMillis());
        Future<ProxyResponse> response = registry.client().request(options)
                .recover(e -> Future.failedFuture(new UpstreamFailure(FailureKind.CONNECT,
                        "cannot connect to " + upstream.base() + ": " + e.getMessage(), null)))
                .compose(clientRequest -> forward(exchange, upstream, clientRequest))
                .compose(r -> !FAILOVER_STATUSES.contains(r.getStatusCode()) ? Future.succeededFuture(r)
                        : r.getStatusCode() == 503 && "true".equals(r.headers().get(READ_ONLY_HEADER))
                        ? Future.failedFuture(new UpstreamFailure.ReadOnlyRefusal("answered 503 read-only", r))
                        : Future.failedFuture(new UpstreamFailure(FailureKind.STATUS, "answered " + r.getStatusCode(), r)));
        return response.toCompletionStage();
    }

    private Future<ProxyResponse> forward(Exchange exchange, Upstream upstream, HttpClientRequest clientRequest) {
        HttpServerRequest request = exchange.ctx.request();
        ProxyRequest proxyRequest = ProxyRequest.reverseProxy(request);
        if (exchange.body != null) {
            proxyRequest.setBody(Body.body(exchange.body));
        } else if (!exchange.streaming) {
            proxyRequest.setBody(null);
        }
        if (exchange.streaming) {
            // From here on the body is being consumed: this attempt is the only one possible.
            exchange.bodySent = true;
        }
        // Keep the client's Host, so that services build Location and links the client can follow.
        if (request.authority() != null) {
            proxyRequest.setAuthority(request.authority());
        }
        ProxyHeaders.removeHopByHop(proxyRequest.headers());
        ProxyHeaders.addForwarded(proxyRequest.headers(), request.remoteAddress().hostAddress(),
                request.authority() == null ? null : request.authority().toString(), request.scheme());
        proxyRequest.headers().set("X-Request-Id", exchange.requestId);
        return proxyRequest.send(clientRequest).recover(e -> Future.failedFuture(
                // The proxy resets the upstream request when the client leaves; that is no failure
                // of the upstream, and nobody would read another site's answer.
                request.response().closed() ? new UpstreamFailure.ClientGone(upstream.base() + ": client closed the connection")
                : new UpstreamFailure(e instanceof TimeoutException || String.valueOf(e.getMessage()).contains("timeout")
                        ? FailureKind.TIMEOUT : FailureKind.RESET, upstream.base() + ": " + e.getMessage(), null)));
    }

    private void deliver(Exchange exchange, Upstream upstream, ProxyResponse response) {
        ProxyHeaders.removeHopByHop(response.headers());
        response.headers().set("X-Relais-Site", upstream.site());
        response.headers().set("X-Request-Id", exchange.requestId);
        meters.counter("relais_gateway_requests", "route", exchange.route.name(), "site", upstream.site(),
                "status", String.valueOf(response.getStatusCode())).increment();
        response.send();
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
            detail = "No site of route '" + exchange.route.name() + "' answered in time (tried " + sites + ").";
        } else {
            status = 502;
            detail = "No site of route '" + exchange.route.name() + "' could serve the request (tried " + sites + ")"
                    + (exchange.budgetExhausted ? "; the failover budget is exhausted" : "")
                    + (exchange.streaming && exchange.bodySent ? "; the body was too large to replay" : "") + ".";
        }
        // What each site did, in order: the line an operator greps for with the client's request id.
        Log.warnf("%s %s -> %d [req=%s] attempts: %s", exchange.ctx.request().method(), exchange.ctx.request().path(),
                status, exchange.requestId, String.join(", ", exchange.trail));
        respondProblem(exchange, status, detail, sites);
    }

    private void respondProblem(Exchange exchange, int status, String detail, List<String> sites) {
        var response = exchange.ctx.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        JsonObject problem = new JsonObject()
                .put("type", "urn:relais:problem:" + (status == 503 ? "upstream-unavailable"
                        : status == 504 ? "upstream-timeout" : "bad-gateway"))
                .put("title", status == 503 ? "Service unavailable at every site"
                        : status == 504 ? "Upstream timeout" : "Bad gateway")
                .put("status", status)
                .put("detail", detail)
                .put("instance", exchange.ctx.request().path())
                .put("requestId", exchange.requestId)
                .put("route", exchange.route.name())
                .put("sitesTried", new JsonArray(sites == null ? List.of() : sites));
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .putHeader("X-Relais-Site", config.site())
                .putHeader("X-Request-Id", exchange.requestId);
        if (status == 503) {
            response.putHeader("Retry-After", exchange.retryAfter != null ? exchange.retryAfter
                    : String.valueOf(Math.max(1, config.breaker().delay().toSeconds())));
        }
        response.end(problem.encode());
    }

    private void upstreams(RoutingContext ctx) {
        JsonArray all = new JsonArray();
        for (Upstream u : registry.all()) {
            all.add(new JsonObject()
                    .put("route", u.route())
                    .put("site", u.site())
                    .put("url", u.base().toString())
                    .put("breaker", u.breakerState().name().toLowerCase(java.util.Locale.ROOT))
                    .put("health", u.healthy() ? "up" : "down")
                    .put("latencyMs", Math.round(u.latencyMillis() * 100) / 100.0)
                    .put("requests", u.requestCount())
                    .put("failures", u.failureCount())
                    .put("failovers", u.failoverCount()));
        }
        ctx.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("site", config.site()).put("upstreams", all).encode());
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
        final RoutingContext ctx;
        final UpstreamRegistry.Route route;
        final String requestId;
        final List<Upstream> tried = new ArrayList<>();
        /** Each failed attempt as "site outcome after n ms", for the log line of a request that fails. */
        final List<String> trail = new ArrayList<>();
        final boolean idempotent;
        final boolean hasIdempotencyKey;
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

        Exchange(RoutingContext ctx, UpstreamRegistry.Route route, String requestId) {
            this.ctx = ctx;
            this.route = route;
            this.requestId = requestId;
            this.idempotent = IDEMPOTENT.contains(ctx.request().method());
            this.hasIdempotencyKey = ctx.request().getHeader("Idempotency-Key") != null;
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
            if (streaming && bodySent && !kind.nothingSent()) {
                return false;
            }
            return idempotent || hasIdempotencyKey || kind.nothingSent();
        }

        boolean allBreakersOpen() {
            return route.upstreams().stream().allMatch(u -> u.breakerState() == CircuitBreakerState.OPEN || !u.healthy());
        }
    }
}
