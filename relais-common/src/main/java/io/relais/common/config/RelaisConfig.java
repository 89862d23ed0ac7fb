package io.relais.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings every Relais service shares (prefix {@code relais}). */
@ConfigMapping(prefix = "relais")
public interface RelaisConfig {

    /** The site (hosting provider / data centre) this instance runs at, e.g. {@code a}. */
    @WithDefault("local")
    String site();

    Database database();

    Idempotency idempotency();

    interface Database {
        /** How often the service checks whether its database accepts writes. */
        @WithDefault("2s")
        Duration checkInterval();

        /** Retry-After sent with 503 answers while the database is read-only or unreachable. */
        @WithDefault("5")
        int retryAfterSeconds();
    }

    interface Idempotency {
        /** How long a completed Idempotency-Key is remembered (IETF draft: at least 24 h). */
        @WithDefault("24h")
        Duration retention();

        /**
         * A key still "in flight" after this long belonged to an instance that died mid-request;
         * a retry may then take it over (its transaction never committed, so nothing is duplicated).
         */
        @WithDefault("30s")
        Duration abandonAfter();
    }
}
