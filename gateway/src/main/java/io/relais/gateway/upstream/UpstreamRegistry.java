package io.relais.gateway.upstream;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.relais.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.http.PoolOptions;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every route × site, own site first, and the HTTP clients that reach them: one per event loop,
 * so that a request, its upstream connection and the answer stay on the thread that accepted the
 * client's connection (a client shared by every loop hands connections across threads: a task
 * queued and a wakeup per hop, seen in the gateway's JFR profile).
 */
@Singleton
public class UpstreamRegistry {

    /** A route and its upstreams in the order this gateway tries them. */
    public record Route(String name, String prefix, List<Upstream> upstreams, GatewayConfig.Route config) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    /** For callers off the event loops (none on the request path). */
    private final HttpClient shared;
    private final io.netty.util.concurrent.FastThreadLocal<HttpClient> perLoop = new io.netty.util.concurrent.FastThreadLocal<>() {
        @Override
        protected HttpClient initialValue() {
            return vertx.createHttpClient(options, pool);
        }
    };

    @Inject
    public UpstreamRegistry(GatewayConfig config, Vertx vertx, MeterRegistry meters) {
        List<String> order = new ArrayList<>();
        order.add(config.site());
        config.sites().stream().filter(s -> !s.equals(config.site())).forEach(order::add);
        for (Map.Entry<String, GatewayConfig.Route> entry : new LinkedHashMap<>(config.routes()).entrySet()) {
            GatewayConfig.Route route = entry.getValue();
            List<Upstream> upstreams = new ArrayList<>();
            for (String site : order) {
                String url = route.upstreams().get(site);
                if (url == null) {
                    continue;
                }
                String name = entry.getKey();
                String management = route.management().getOrDefault(site, url);
                upstreams.add(new Upstream(name, site, URI.create(url), URI.create(management), config, meters, state -> {
                    Log.warnf("Circuit breaker %s@%s is now %s", name, site, state);
                    meters.counter("relais_gateway_breaker_transitions", "route", name, "site", site,
                            "state", state.name().toLowerCase(java.util.Locale.ROOT)).increment();
                }));
            }
            routes.add(new Route(entry.getKey(), route.prefix(), List.copyOf(upstreams), route));
        }
        // Longest prefix first, so that /api/records/audit could get its own route one day.
        routes.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
        this.vertx = vertx;
        this.options = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setDecompressionSupported(false)
                .setVerifyHost(true)
                .setTracingPolicy(io.vertx.core.tracing.TracingPolicy.IGNORE);
        config.upstreamCaFile().ifPresent(file -> options.setTrustOptions(new PemTrustOptions().addCertPath(file)));
        this.pool = new PoolOptions().setHttp1MaxSize(config.poolSize()).setMaxWaitQueueSize(config.poolSize() * 4);
        this.shared = vertx.createHttpClient(options, pool);
    }

    /** The client of the calling event loop (each keeps its own pool of gateway.pool-size connections per upstream). */
    public HttpClient client() {
        return io.vertx.core.Context.isOnEventLoopThread() ? perLoop.get() : shared;
    }

    public List<Route> routes() {
        return routes;
    }

    /** The route whose prefix the path starts with (on a segment boundary), or null. */
    public Route routeFor(String path) {
        for (Route route : routes) {
            String prefix = route.prefix();
            if (path.equals(prefix) || path.startsWith(prefix) && (prefix.endsWith("/") || path.charAt(prefix.length()) == '/'
                    || path.charAt(prefix.length()) == '?')) {
                return route;
            }
        }
        return null;
    }

    public List<Upstream> all() {
        return routes.stream().flatMap(r -> r.upstreams().stream()).toList();
    }
}
