package io.relais.status.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/** status-service settings (prefix {@code status}). */
@ConfigMapping(prefix = "status")
public interface StatusConfig {

    Page page();

    Probe probe();

    /** The sites, each shown as a group of its components. */
    Map<String, Site> sites();

    /** What is probed: each service at each site, by component id (e.g. {@code records-a}). */
    Map<String, Target> targets();

    /** How often incidents and component texts are re-read from the database into memory. */
    @WithDefault("5s")
    Duration cacheRefresh();

    /** How often the uptime counted in memory is added to the database. */
    @WithDefault("60s")
    Duration uptimeFlush();

    interface Page {
        @WithDefault("relais")
        String id();

        @WithDefault("Relais")
        String name();

        @WithDefault("http://localhost:8083")
        String url();

        @WithDefault("Europe/Paris")
        ZoneId timeZone();

        /** How often the HTML page reloads itself. */
        @WithDefault("30")
        int refreshSeconds();
    }

    interface Probe {
        @WithDefault("2s")
        Duration interval();

        @WithDefault("1s")
        Duration timeout();

        /** Consecutive failures before a component is shown down (one lost packet is not an outage). */
        @WithDefault("2")
        int failuresToDown();

        /** Consecutive successes before a down component is shown up again. */
        @WithDefault("2")
        int successesToUp();

        /** Slower answers than this show the component as degraded. */
        @WithDefault("800ms")
        Duration slowThreshold();
    }

    interface Site {
        String name();

        @WithDefault("100")
        int position();
    }

    interface Target {
        /** The site (a key of {@code status.sites}). */
        String site();

        String name();

        /** Health URL; 2xx is up. A SmallRye Health body reporting {@code writes} other than writable is degraded. */
        String url();

        Optional<String> description();

        /** What to do instead while it is not operational (the database copy, edited through the API, wins). */
        Optional<String> fallback();

        @WithDefault("100")
        int position();
    }
}
