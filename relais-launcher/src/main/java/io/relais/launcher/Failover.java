package io.relais.launcher;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The local stand-in for an HA manager (CloudNativePG in Kubernetes, Patroni + etcd on VMs):
 * checks each site's PostgreSQL four times a second and
 * <ul>
 *   <li>promotes the standby once the primary has been unreachable for {@code failoverAfter}
 *       (long enough not to fail over on a blip, short enough for writes to return in seconds);</li>
 *   <li>drops to asynchronous replication once the synchronous standby has been unreachable for
 *       {@code asyncAfter}, because until then every commit on the primary waits for it.</li>
 * </ul>
 * It sees the sites from the same machine, so it is also the witness a real deployment keeps at
 * a third site; it cannot tell a dead site from a cut link, which is why production needs one.
 */
final class Failover {

    private static final Duration CHECK_EVERY = Duration.ofMillis(250);

    private final LocalStack stack;
    private final Duration failoverAfter;
    private final Duration asyncAfter;
    private final Map<Site, Long> unreachableSince = new HashMap<>();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relais-ha");
        t.setDaemon(true);
        return t;
    });

    Failover(LocalStack stack, Duration failoverAfter, Duration asyncAfter) {
        this.stack = stack;
        this.failoverAfter = failoverAfter;
        this.asyncAfter = asyncAfter;
    }

    void start() {
        checks.scheduleWithFixedDelay(this::checkAndCarryOn, 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        checks.shutdownNow();
    }

    /** A failed check must not end the schedule: the next one may succeed. */
    private void checkAndCarryOn() {
        try {
            check();
        } catch (RuntimeException e) {
            System.err.println("[relais-ha] check failed, retrying: " + e.getMessage());
        }
    }

    private void check() {
        Site primary = stack.primary();
        Site standby = stack.standby();
        Duration primaryDown = unreachableFor(primary);
        Duration standbyDown = unreachableFor(standby);
        if (primary != null && standby != null && primaryDown.compareTo(failoverAfter) >= 0 && standbyDown.isZero()) {
            stack.promote(standby, primaryDown);
        } else if (standby != null && stack.synchronous() && standbyDown.compareTo(asyncAfter) >= 0 && primaryDown.isZero()) {
            stack.dropToAsynchronous(standby, standbyDown);
        }
    }

    /** How long a site's PostgreSQL has failed every check (at least a nanosecond from the first); zero when it answers. */
    private Duration unreachableFor(Site site) {
        if (site == null) {
            return Duration.ZERO;
        }
        long now = System.nanoTime();
        if (site.inRecovery().isPresent()) {
            unreachableSince.remove(site);
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(1, now - unreachableSince.computeIfAbsent(site, s -> now)));
    }
}
