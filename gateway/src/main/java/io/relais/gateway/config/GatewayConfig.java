package io.relais.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The gateway of one site: which site it is, the sites in failover order, and the routes. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** The site this gateway runs at; its upstreams are tried first. */
    String site();

    /** Every site, in failover order after this gateway's own. */
    List<String> sites();

    /** Routes by name (records, directory, status). */
    Map<String, Route> routes();

    Health health();

    RetryBudget retryBudget();

    Breaker breaker();

    /** Request bodies up to this size are buffered so that they can be replayed on another site. */
    @WithDefault("1048576")
    long bufferLimitBytes();

    /** Connections per upstream (the Vert.x default of 5 would queue requests under load). */
    @WithDefault("200")
    int poolSize();

    interface Route {
        /** Path prefix, passed through unchanged, e.g. {@code /api/records}. */
        String prefix();

        /** Base URL of the route's service at each site, by site name. */
        Map<String, String> upstreams();

        @WithDefault("1s")
        Duration connectTimeout();

        /** Longest wait for the upstream to start answering (and between body chunks). */
        @WithDefault("10s")
        Duration responseTimeout();
    }

    interface Health {
        @WithDefault("/q/health/ready")
        String path();

        @WithDefault("1s")
        Duration interval();

        @WithDefault("800ms")
        Duration timeout();

        @WithDefault("2")
        int failuresToDown();

        @WithDefault("2")
        int successesToUp();
    }

    interface RetryBudget {
        /** Failover attempts allowed as a fraction of requests over the last 10 s (Envoy-style budget). */
        @WithDefault("0.2")
        double ratio();

        /** Failovers always allowed per second, so that a quiet gateway can still fail over. */
        @WithDefault("5")
        int minPerSecond();
    }

    interface Breaker {
        /** Requests in the rolling window before the failure ratio is judged. */
        @WithDefault("10")
        int requestVolume();

        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before letting trial requests through. */
        @WithDefault("5s")
        Duration delay();

        /** Successful trial requests (half-open) needed to close again. */
        @WithDefault("2")
        int successThreshold();
    }
}
