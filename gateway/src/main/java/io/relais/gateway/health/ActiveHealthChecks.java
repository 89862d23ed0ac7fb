package io.relais.gateway.health;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.relais.gateway.config.GatewayConfig;
import io.relais.gateway.upstream.Upstream;
import io.relais.gateway.upstream.UpstreamRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Probes every upstream's readiness endpoint on a timer, with or without traffic, so that a dead
 * site leaves rotation within about {@code failures-to-down × interval}; the breakers cover the
 * time in between (passive detection).
 */
@ApplicationScoped
public class ActiveHealthChecks {

    @Inject
    UpstreamRegistry registry;

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    void start(@Observes StartupEvent event) {
        GatewayConfig.Health health = config.health();
        for (Upstream upstream : registry.all()) {
            vertx.setPeriodic(health.interval().toMillis(), id -> probe(upstream, health));
        }
    }

    private void probe(Upstream upstream, GatewayConfig.Health health) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(upstream.management().resolve(health.path()).toString())
                .setTimeout(health.timeout().toMillis());
        registry.client().request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(result -> {
                    boolean wasHealthy = upstream.healthy();
                    upstream.probed(result.succeeded() && result.result() == 200);
                    if (wasHealthy != upstream.healthy()) {
                        Log.warnf("Upstream %s@%s is now %s", upstream.route(), upstream.site(),
                                upstream.healthy() ? "UP" : "DOWN");
                    }
                });
    }
}
