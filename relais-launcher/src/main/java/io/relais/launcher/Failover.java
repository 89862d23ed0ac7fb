package io.relais.launcher;

import io.relais.local.postgres.Replication;

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
 *       (long enough not to fail over on a blip, short enough for writes to return in seconds) —
 *       only if the primary last reported it <em>synchronous</em>: an asynchronous standby may
 *       lack writes the primary acknowledged, so promoting it is a person's decision, told what
 *       may be lost ({@code ./relais promote <site> --accept-data-loss});</li>
 *   <li>drops to asynchronous replication once the synchronous standby has been unreachable for
 *       {@code asyncAfter}, because until then every commit on the primary waits for it;</li>
 *   <li>makes it synchronous again as soon as it streams and has caught up (a frozen or
 *       partitioned standby that comes back), without waiting for a person.</li>
 * </ul>
 * What it decides from is what the primary itself last said about its standby
 * ({@code pg_stat_replication}), read at every check while the primary answers.
 * It sees the sites from the same machine, so it is also the witness a real deployment keeps at
 * a third site; it cannot tell a dead site from a cut link, which is why production needs one.
 */
final class Failover {

    private static final Duration CHECK_EVERY = Duration.ofMillis(250);

    private final StandInStack stack;
    private final Duration failoverAfter;
    private final Duration asyncAfter;
    private final Map<Site, Long> unreachableSince = new HashMap<>();
    /** The primary's last word on its standby, while it could still be asked. */
    private volatile Replication.StandbyState lastSeen;
    /** Lag under which a standby that streams again is made synchronous (about one WAL segment). */
    private static final long CAUGHT_UP_BYTES = 16L * 1024 * 1024;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relais-ha");
        t.setDaemon(true);
        return t;
    });

    Failover(StandInStack stack, Duration failoverAfter, Duration asyncAfter) {
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
        if (primary != null && standby != null && primaryDown.isZero() && primary.database != null) {
            lastSeen = Replication.standbyState(primary.database, standby.replicationName());
        }
        if (primary != null && standby != null && primaryDown.compareTo(failoverAfter) >= 0 && standbyDown.isZero()) {
            Replication.StandbyState seen = lastSeen;
            if (seen != null && seen.synchronous()) {
                stack.promote(standby, primaryDown);
            } else {
                stack.holdPromotion(standby, primaryDown, seen);
            }
        } else if (standby != null && stack.synchronous() && standbyDown.compareTo(asyncAfter) >= 0 && primaryDown.isZero()) {
            stack.dropToAsynchronous(standby, standbyDown);
            // From now on the primary acknowledges alone: should it be lost before it is read
            // again, its standby must not count as synchronous.
            lastSeen = null;
        } else if (standby != null && !stack.synchronous() && primaryDown.isZero() && standbyDown.isZero()
                && lastSeen != null && lastSeen.caughtUp(CAUGHT_UP_BYTES)) {
            stack.restoreSynchronous(standby, lastSeen);
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
