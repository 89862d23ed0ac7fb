package io.relais.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import io.quarkus.runtime.configuration.MemorySize;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings every Relais service shares (prefix {@code relais}). */
@ConfigMapping(prefix = "relais")
public interface RelaisConfig {

    /** The site (hosting provider / data centre) this instance runs at, e.g. {@code a}. */
    @WithDefault("local")
    String site();

    Database database();

    Idempotency idempotency();

    Http http();

    Jwt jwt();

    interface Jwt {
        /**
         * The identity provider's JWK set, e.g.
         * {@code https://idp.example/realms/hospital/protocol/openid-connect/certs}. When set, the
         * service keeps a copy on disk ({@link #jwksCopy()}) and serves it to SmallRye JWT at its
         * management endpoint {@code /relais/jwks}: set {@code mp.jwt.verify.publickey.location}
         * to {@code http://localhost:<management port>/relais/jwks}.
         */
        Optional<java.net.URI> jwksUrl();

        /** The copy of the provider's keys; on a persistent volume, so that it outlives a restart. */
        @WithDefault("data/jwks.json")
        java.nio.file.Path jwksCopy();

        /** How often the keys are fetched again (the copy is replaced after each good fetch). */
        @WithDefault("5m")
        Duration jwksRefresh();
    }

    interface Http {
        /** Largest API request body; a larger one is a 413 problem before it is read. */
        @WithDefault("256K")
        MemorySize maxBodySize();

        /**
         * Path prefixes of bulk endpoints (CSV imports) allowed bodies up to
         * {@code quarkus.http.limits.max-body-size} instead.
         */
        Optional<List<String>> bulkPaths();

        /**
         * The URL clients reach this site's APIs through (its gateway or ingress), e.g.
         * {@code https://relais-a.hospital.example}: links and {@code Location} are built from it,
         * never from the request's Host. Unset, links are path-absolute.
         */
        Optional<java.net.URI> publicBaseUrl();
    }

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

        /**
         * Path prefixes where every POST must carry an Idempotency-Key (records: clinical
         * writes), so that no retry, by a client or across sites, can record anything twice.
         */
        Optional<List<String>> requiredOn();
    }
}
