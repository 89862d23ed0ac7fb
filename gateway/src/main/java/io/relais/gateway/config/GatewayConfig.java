package io.relais.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * Request bodies up to this size are buffered so that they can be replayed on another site:
     * the services' own API limit (256 KiB), so that nothing a service would accept is streamed
     * and nothing larger is held. Larger bodies (CSV imports) are streamed.
     */
    @WithDefault("262144")
    long bufferLimitBytes();

    /**
     * Bytes of request bodies held at once across all requests: past it, bodies are streamed
     * (replayable only while nothing was sent) instead of buffered, so that many slow uploads
     * cannot fill the heap.
     */
    @WithDefault("33554432")
    long bufferBudgetBytes();

    /** Largest request body accepted at all (the largest a service accepts: directory imports). */
    @WithDefault("33554432")
    long maxBodyBytes();

    /**
     * Addresses or CIDR ranges ({@code 10.42.0.0/16}) of the proxies in front of this gateway (the
     * ingress controller, whose pods change address) whose {@code Forwarded} and
     * {@code X-Forwarded-*} headers are kept; from anyone else they are replaced.
     */
    Optional<List<String>> trustedProxies();

    /**
     * PEM file of the CA certificate(s) that sign the {@code https} upstreams' certificates (the
     * other site's services: cert-manager's CA in k8s/). Without it the JVM's trust store is used.
     * The upstream's host name is always verified against its certificate.
     */
    Optional<String> upstreamCaFile();

    /** The client port: the gateway's own HTTP server, with limits a reverse proxy at the edge needs. */
    Listen listen();

    /** One line per client request on standard output ({@code io.relais.gateway.proxy.AccessLog}). */
    AccessLog accessLog();

    /** Connections per upstream (the Vert.x default of 5 would queue requests under load). */
    @WithDefault("200")
    int poolSize();

    interface Route {
        /** Path prefix, passed through unchanged, e.g. {@code /api/records}. */
        String prefix();

        /** Base URL of the route's service at each site, by site name. */
        Map<String, String> upstreams();

        /**
         * Base URL of the service's management interface at each site (its {@code /q/*}), where
         * the health checks go; the upstream's own URL where a site has none.
         */
        Map<String, String> management();

        @WithDefault("1s")
        Duration connectTimeout();

        /** Longest wait for the upstream to start answering (and between body chunks). */
        @WithDefault("10s")
        Duration responseTimeout();
    }

    interface Listen {
        @WithDefault("8080")
        int port();

        @WithDefault("0.0.0.0")
        String host();

        /** From the first byte of a request to the end of its headers (slowloris). */
        @WithDefault("10s")
        Duration headerTimeout();

        /** From the end of a request's headers to the end of its body (slow POST). */
        @WithDefault("60s")
        Duration bodyTimeout();

        /** A connection with no traffic at all is closed after this long. */
        @WithDefault("60s")
        Duration idleTimeout();

        /** Connections open at once; one more is closed at once. */
        @WithDefault("4000")
        int maxConnections();

        @WithDefault("4096")
        int maxInitialLineLength();

        @WithDefault("16384")
        int maxHeaderSize();
    }

    interface Health {
        @WithDefault("/q/health/ready")
        String path();

        @WithDefault("1s")
        Duration interval();

        /**
         * Between checks while an upstream is changing state (its last check disagreed with its
         * state; HAProxy's {@code fastinter}, Envoy's edge intervals): a site that stops answering
         * leaves rotation about {@code interval − transition-interval} sooner, and one that comes back returns sooner.
         */
        @WithDefault("250ms")
        Duration transitionInterval();

        /**
         * Between checks of an upstream that is down and stays down (HAProxy's {@code downinter}):
         * a site that comes back, or a service that has just started, is used again within about
         * {@code down-interval + transition-interval} of its first good answer. Checking a site that
         * refuses connections costs nothing; one that does not answer is checked again when its
         * check times out.
         */
        @WithDefault("250ms")
        Duration downInterval();

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

    interface AccessLog {
        /** Off only where another layer logs every request already. */
        @WithDefault("true")
        boolean enabled();

        /** Appended to instead of standard output (where a container's logs are collected). */
        Optional<Path> file();
    }
}
