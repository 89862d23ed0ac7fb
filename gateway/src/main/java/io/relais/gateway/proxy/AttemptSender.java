package io.relais.gateway.proxy;

import io.opentelemetry.api.trace.Span;
import io.relais.gateway.config.GatewayConfig;
import io.relais.gateway.upstream.FailureKind;
import io.relais.gateway.upstream.Upstream;
import io.relais.gateway.upstream.UpstreamFailure;
import io.relais.gateway.upstream.UpstreamRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * One attempt on one upstream: the request as the upstream must see it (its own authority,
 * hop-by-hop headers removed, forwarding headers set by the gateway), and its outcome as a typed
 * failure — connect, timeout, reset, a 5xx answer, a read-only or transient refusal, the client gone.
 */
@Singleton
class AttemptSender {

    private static final Set<Integer> FAILOVER_STATUSES = Set.of(502, 503, 504);
    /** Set by Relais services on a write refused because their database is a standby (relais-common DatabaseFailures). */
    private static final String READ_ONLY_HEADER = "X-Relais-Read-Only";
    /** Set by Relais services on a request that lost its database connection (relais-common DatabaseFailures). */
    private static final String TRANSIENT_HEADER = "X-Relais-Transient";

    private final UpstreamRegistry registry;
    private final TrustedProxies trustedProxies;
    private final AttemptTracing tracing;

    AttemptSender(UpstreamRegistry registry, GatewayConfig config, AttemptTracing tracing) {
        this.registry = registry;
        this.tracing = tracing;
        this.trustedProxies = TrustedProxies.of(config.trustedProxies().orElse(List.of()));
    }

    /**
     * Sends the exchange's request to one upstream; fails with a typed {@link UpstreamFailure}.
     * One promise completed from the client's callbacks, not a chain of composed futures: each
     * stage of a chain is a future and a listener per request on the hot path.
     */
    CompletionStage<HttpClientResponse> send(Exchange exchange, Upstream upstream, Span attempt) {
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
        CompletableFuture<HttpClientResponse> outcome = new CompletableFuture<>();
        registry.client().request(options).onComplete(connected -> {
            if (connected.failed()) {
                outcome.completeExceptionally(new UpstreamFailure(FailureKind.CONNECT,
                        "cannot connect to " + upstream.base() + ": " + connected.cause().getMessage(), null));
                return;
            }
            forward(exchange, connected.result(), attempt).onComplete(answered -> {
                if (answered.succeeded()) {
                    HttpClientResponse response = answered.result();
                    // Held until the gateway decides to deliver it (then streamed) or to try
                    // another site (then drained).
                    response.pause();
                    UpstreamFailure refusal = refusal(response);
                    if (refusal == null) {
                        outcome.complete(response);
                    } else {
                        outcome.completeExceptionally(refusal);
                    }
                } else {
                    // The client leaving resets the upstream request; that is no failure of the
                    // upstream, and nobody would read another site's answer.
                    Throwable e = answered.cause();
                    outcome.completeExceptionally(request.response().closed()
                            ? new UpstreamFailure.ClientGone(upstream.base() + ": client closed the connection")
                            : new UpstreamFailure(isTimeout(e) ? FailureKind.TIMEOUT : FailureKind.RESET,
                            upstream.base() + ": " + e.getMessage(), null));
                }
            });
        });
        return outcome;
    }

    /**
     * A 502/503/504 as the failure it is (read-only and transient 503s are not the upstream's
     * fault), or an invalid status; else null.
     */
    private static UpstreamFailure refusal(HttpClientResponse r) {
        if (r.statusCode() < 100 || r.statusCode() > 599) {
            // Drained, and the attempt fails as one that got no answer to pass on: another site
            // for a replayable request, else the gateway's 502.
            GatewayProxy.release(r);
            return UpstreamFailure.invalidStatus(r.statusCode());
        }
        if (!FAILOVER_STATUSES.contains(r.statusCode())) {
            return null;
        }
        if (r.statusCode() == 503 && "true".equals(r.headers().get(READ_ONLY_HEADER))) {
            return new UpstreamFailure.ReadOnlyRefusal("answered 503 read-only", r);
        }
        if (r.statusCode() == 503 && r.headers().contains(TRANSIENT_HEADER)) {
            return new UpstreamFailure.TransientRefusal("answered 503 transient", r);
        }
        return new UpstreamFailure(FailureKind.STATUS, "answered " + r.statusCode(), r);
    }

    private Future<HttpClientResponse> forward(Exchange exchange, HttpClientRequest clientRequest, Span attempt) {
        HttpServerRequest request = exchange.request;
        // Every failure of the attempt reaches it through the future send() returns; without a
        // handler Vert.x would also log each one (a slow client's timeout) at ERROR level.
        clientRequest.exceptionHandler(ignored -> { });
        MultiMap headers = clientRequest.headers();
        headers.addAll(request.headers());
        ProxyHeaders.removeHopByHop(headers);
        // The upstream's own authority (from the request options), as nginx's proxy_pass does:
        // nothing downstream may build a link from what a client put in Host (the services use
        // their configured public URL).
        headers.remove(HttpHeaderNames.HOST);
        // Met by the gateway (GatewayProxy): the body follows the head at once.
        headers.remove(HttpHeaderNames.EXPECT);
        String clientAddress = request.remoteAddress().hostAddress();
        ProxyHeaders.addForwarded(headers, trustedProxies.contains(clientAddress), clientAddress,
                request.authority() == null ? null : request.authority().toString(), request.scheme());
        headers.set(ProxyHeaders.X_REQUEST_ID, exchange.requestId);
        tracing.inject(attempt, headers);
        if (exchange.body != null) {
            return clientRequest.send(exchange.body);
        }
        if (exchange.streaming) {
            // From here on the body is being consumed: this attempt is the only one possible.
            exchange.bodySent = true;
            return clientRequest.send(request);
        }
        return clientRequest.send();
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
