package io.relais.gateway.health;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.relais.gateway.config.GatewayConfig;
import io.relais.gateway.upstream.Upstream;
import io.relais.gateway.upstream.UpstreamRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;

/**
 * Probes every upstream's readiness endpoint on a timer, with or without traffic, so that a dead
 * site leaves rotation within about {@code interval + (failures-to-down − 1) × transition-interval}
 * of its last good answer; the breakers cover the time in between (passive detection). A site
 * that is down is checked every {@code down-interval}, so that one that comes back, or a service
 * that starts after its gateway, is used again within about {@code down-interval + transition-interval}.
 */
@ApplicationScoped
public class ActiveHealthChecks {

    @Inject
    UpstreamRegistry registry;

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    /** Each check schedules the next; none after the gateway begins to stop (its HTTP client closes). */
    private volatile boolean stopping;

    /** The first checks at once: every upstream counts as up until a check says otherwise. */
    void start(@Observes StartupEvent event) {
        for (Upstream upstream : registry.all()) {
            vertx.setTimer(1, id -> probe(upstream));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private void probe(Upstream upstream) {
        if (stopping) {
            return;
        }
        GatewayConfig.Health health = config.health();
        long started = System.nanoTime();
        Future<Integer> status;
        try {
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setAbsoluteURI(upstream.management().resolve(health.path()).toString())
                    .setTimeout(health.timeout().toMillis());
            status = registry.client().request(options)
                    .compose(request -> request.send())
                    .compose(response -> response.body().map(body -> response.statusCode()));
        } catch (RuntimeException e) {
            // A check that cannot even be sent is a failed check, and the next one still comes:
            // each check schedules the next.
            status = Future.failedFuture(e);
        }
        status.onComplete(result -> {
            boolean wasHealthy = upstream.healthy();
            upstream.probed(result.succeeded() && result.result() == 200);
            if (wasHealthy != upstream.healthy()) {
                Log.warnf("Upstream %s@%s is now %s", upstream.route(), upstream.site(),
                        upstream.healthy() ? "UP" : "DOWN");
            }
            scheduleNext(upstream, health, started);
        });
    }

    /**
     * Start to start, as a periodic timer would: a check that waits for its timeout does not
     * push the next one back (a silent site must leave rotation on time).
     */
    private void scheduleNext(Upstream upstream, GatewayConfig.Health health, long lastStarted) {
        Duration every = interval(upstream, health);
        long elapsedMillis = (System.nanoTime() - lastStarted) / 1_000_000;
        // Vert.x timers need at least 1 ms.
        vertx.setTimer(Math.max(1, every.toMillis() - elapsedMillis), id -> probe(upstream));
    }

    /** The shortest that applies: changing state, then down, then the steady interval. */
    private static Duration interval(Upstream upstream, GatewayConfig.Health health) {
        Duration every = health.interval();
        if (upstream.changingState() && health.transitionInterval().compareTo(every) < 0) {
            every = health.transitionInterval();
        }
        if (!upstream.healthy() && health.downInterval().compareTo(every) < 0) {
            every = health.downInterval();
        }
        return every;
    }
}
