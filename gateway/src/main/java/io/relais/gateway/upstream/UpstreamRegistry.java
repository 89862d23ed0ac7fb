package io.relais.gateway.upstream;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.relais.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.http.PoolOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every route × site, own site first, and the HTTP client pool they share. */
@ApplicationScoped
public class UpstreamRegistry {

    /** A route and its upstreams in the order this gateway tries them. */
    public record Route(String name, String prefix, List<Upstream> upstreams, GatewayConfig.Route config) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final HttpClient client;

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
                upstreams.add(new Upstream(name, site, URI.create(url), URI.create(management), config, state -> {
                    Log.warnf("Circuit breaker %s@%s is now %s", name, site, state);
                    meters.counter("relais_gateway_breaker_transitions", "route", name, "site", site,
                            "state", state.name().toLowerCase(java.util.Locale.ROOT)).increment();
                }));
            }
            routes.add(new Route(entry.getKey(), route.prefix(), List.copyOf(upstreams), route));
        }
        // Longest prefix first, so that /api/records/audit could get its own route one day.
        routes.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setDecompressionSupported(false)
                .setVerifyHost(true)
                .setTracingPolicy(io.vertx.core.tracing.TracingPolicy.IGNORE);
        config.upstreamCaFile().ifPresent(file -> options.setTrustOptions(new PemTrustOptions().addCertPath(file)));
        client = vertx.createHttpClient(options,
                new PoolOptions().setHttp1MaxSize(config.poolSize()).setMaxWaitQueueSize(config.poolSize() * 4));
    }

    public HttpClient client() {
        return client;
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
