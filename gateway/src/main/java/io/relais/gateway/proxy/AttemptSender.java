package io.relais.gateway.proxy;

import io.opentelemetry.api.trace.Span;
import io.relais.gateway.config.GatewayConfig;
import io.relais.gateway.upstream.FailureKind;
import io.relais.gateway.upstream.Upstream;
import io.relais.gateway.upstream.UpstreamFailure;
import io.relais.gateway.upstream.UpstreamRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Set;
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

    /** Sends the exchange's request to one upstream; fails with a typed {@link UpstreamFailure}. */
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
        Future<HttpClientResponse> response = registry.client().request(options)
                .recover(e -> Future.failedFuture(new UpstreamFailure(FailureKind.CONNECT,
                        "cannot connect to " + upstream.base() + ": " + e.getMessage(), null)))
                .compose(clientRequest -> forward(exchange, upstream, clientRequest, attempt))
                .compose(r -> !FAILOVER_STATUSES.contains(r.statusCode()) ? Future.succeededFuture(r)
                        : r.statusCode() == 503 && "true".equals(r.headers().get(READ_ONLY_HEADER))
                        ? Future.failedFuture(new UpstreamFailure.ReadOnlyRefusal("answered 503 read-only", r))
                        : r.statusCode() == 503 && r.headers().contains(TRANSIENT_HEADER)
                        ? Future.failedFuture(new UpstreamFailure.TransientRefusal("answered 503 transient", r))
                        : Future.failedFuture(new UpstreamFailure(FailureKind.STATUS, "answered " + r.statusCode(), r)));
        return response.toCompletionStage();
    }

    private Future<HttpClientResponse> forward(Exchange exchange, Upstream upstream, HttpClientRequest clientRequest, Span attempt) {
        HttpServerRequest request = exchange.request;
        MultiMap headers = clientRequest.headers();
        headers.addAll(request.headers());
        ProxyHeaders.removeHopByHop(headers);
        // The upstream's own authority (from the request options), as nginx's proxy_pass does:
        // nothing downstream may build a link from what a client put in Host (the services use
        // their configured public URL).
        headers.remove("Host");
        String clientAddress = request.remoteAddress().hostAddress();
        ProxyHeaders.addForwarded(headers, trustedProxies.contains(clientAddress), clientAddress,
                request.authority() == null ? null : request.authority().toString(), request.scheme());
        headers.set("X-Request-Id", exchange.requestId);
        tracing.inject(attempt, headers);
        Future<HttpClientResponse> sent;
        if (exchange.body != null) {
            sent = clientRequest.send(exchange.body);
        } else if (exchange.streaming) {
            // From here on the body is being consumed: this attempt is the only one possible.
            exchange.bodySent = true;
            sent = clientRequest.send(request);
        } else {
            sent = clientRequest.send();
        }
        return sent.map(response -> {
            // Held until the gateway decides to deliver it (then streamed) or to try another site
            // (then drained).
            response.pause();
            return response;
        }).recover(e -> Future.failedFuture(
                // The client leaving resets the upstream request; that is no failure of the
                // upstream, and nobody would read another site's answer.
                request.response().closed() ? new UpstreamFailure.ClientGone(upstream.base() + ": client closed the connection")
                : new UpstreamFailure(isTimeout(e)
                        ? FailureKind.TIMEOUT : FailureKind.RESET, upstream.base() + ": " + e.getMessage(), null)));
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
