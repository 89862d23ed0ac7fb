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
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * One attempt on one upstream: the request as the upstream must see it (its own authority,
 * hop-by-hop headers removed, forwarding headers set by the gateway), and its outcome as a typed
 * failure — connect, timeout, reset, a 5xx answer, a read-only or transient refusal, the client gone.
 */
@ApplicationScoped
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
    CompletionStage<ProxyResponse> send(Exchange exchange, Upstream upstream, Span attempt) {
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
                .compose(clientRequest -> forward(exchange, upstream, clientRequest, attempt))
                .compose(r -> !FAILOVER_STATUSES.contains(r.getStatusCode()) ? Future.succeededFuture(r)
                        : r.getStatusCode() == 503 && "true".equals(r.headers().get(READ_ONLY_HEADER))
                        ? Future.failedFuture(new UpstreamFailure.ReadOnlyRefusal("answered 503 read-only", r))
                        : r.getStatusCode() == 503 && r.headers().contains(TRANSIENT_HEADER)
                        ? Future.failedFuture(new UpstreamFailure.TransientRefusal("answered 503 transient", r))
                        : Future.failedFuture(new UpstreamFailure(FailureKind.STATUS, "answered " + r.getStatusCode(), r)));
        return response.toCompletionStage();
    }

    private Future<ProxyResponse> forward(Exchange exchange, Upstream upstream, HttpClientRequest clientRequest, Span attempt) {
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
        tracing.inject(attempt, proxyRequest.headers());
        return proxyRequest.send(clientRequest).recover(e -> Future.failedFuture(
                // The proxy resets the upstream request when the client leaves; that is no failure
                // of the upstream, and nobody would read another site's answer.
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
