package io.relais.gateway.proxy;

import io.quarkus.vertx.http.ManagementInterface;
import io.relais.gateway.config.GatewayConfig;
import io.relais.gateway.upstream.Upstream;
import io.relais.gateway.upstream.UpstreamRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Locale;

/** {@code GET /gateway/upstreams} on the management interface: every upstream's breaker, health (and whether its last check disagreed) and counters. */
@ApplicationScoped
public class UpstreamsEndpoint {

    @Inject
    UpstreamRegistry registry;

    @Inject
    GatewayConfig config;

    void install(@Observes ManagementInterface management) {
        management.router().get("/gateway/upstreams").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(state().encode()));
    }

    JsonObject state() {
        JsonArray all = new JsonArray();
        for (Upstream u : registry.all()) {
            all.add(new JsonObject()
                    .put("route", u.route())
                    .put("site", u.site())
                    .put("url", u.base().toString())
                    .put("breaker", u.breakerState().name().toLowerCase(Locale.ROOT))
                    .put("health", u.healthy() ? "up" : "down")
                    // HAProxy's "UP 1/2": the last check disagreed, and the next ones may turn it.
                    .put("changingState", u.changingState())
                    .put("latencyMs", Math.round(u.latencyMillis() * 100) / 100.0)
                    .put("requests", u.requestCount())
                    .put("failures", u.failureCount())
                    .put("failovers", u.failoverCount()));
        }
        return new JsonObject().put("site", config.site()).put("upstreams", all);
    }
}
