package io.relais.launcher;

import io.relais.local.files.DirectoryTrees;
import io.relais.local.identity.DevKeys;
import io.relais.local.identity.DevTokens;
import io.relais.local.postgres.EmbeddedPostgresCluster;
import io.relais.local.postgres.Replication;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The default, JDK-only stack: an embedded PostgreSQL 17 at each site, site {@code a} primary and
 * {@code b} its synchronous hot standby. A {@link Failover} manager plays the HA manager's part
 * (Patroni or CloudNativePG in production, {@link PatroniStack} here); this class holds the roles
 * and makes every change to them, one at a time.
 */
final class StandInStack extends LocalStack {

    private Failover failover;
    private Path snapshot;

    /** Guarded by this: every change of role happens under the stack's lock, one at a time. */
    private final StandInRoles roles = new StandInRoles();

    StandInStack(Options options, DevKeys keys, Consumer<String> console) {
        super(options, keys, console, site -> "127.0.0.1");
    }

    @Override
    synchronized Site primary() {
        return roles.primary();
    }

    synchronized Site standby() {
        return roles.standby();
    }

    synchronized boolean synchronous() {
        return roles.synchronous();
    }

    /** Starts site a's databases from this {@link Replication#snapshot} instead of empty (the demo data); null: empty. */
    void restoreFrom(Path snapshot) {
        this.snapshot = snapshot;
    }

    /** Copies the primary's database as it is now into {@code target} ({@link Replication#snapshot}). */
    void snapshotPrimary(Path target) {
        EmbeddedPostgresCluster database;
        synchronized (this) {
            Site primary = roles.primary();
            database = primary != null ? primary.database : null;
        }
        if (database == null) {
            throw new IllegalStateException("No primary to take a snapshot of");
        }
        Replication.snapshot(database, target);
    }

    /** Starts both sites, the HA stand-in, and waits until each gateway sees every service at both sites. */
    @Override
    void start() throws Exception {
        Site a = site("a");
        Site b = site("b");
        out.accept("Starting embedded PostgreSQL 17: primary at site a, synchronous hot standby at site b…");
        if (snapshot != null) {
            Replication.restore(snapshot, a.dataDirectory());
        } else {
            DirectoryTrees.delete(a.dataDirectory()); // an empty directory, for initdb
        }
        try {
            a.database = EmbeddedPostgresCluster.start(0, a.dataDirectory(), Map.of());
        } catch (IllegalStateException e) {
            if (snapshot == null) {
                throw e;
            }
            throw new IllegalStateException("PostgreSQL did not start from the demo data kept in " + snapshot.getParent()
                    + " (" + e.getMessage() + "). Delete "
                    + snapshot.getParent() + " and run ./relais up again: it then seeds the demo data through the API.", e);
        }
        a.databasePort = a.database.port();
        for (String service : Site.DATABASE_SERVICES.keySet()) {
            databases.put(service, snapshot != null ? a.database.existingDatabase(service) : a.database.database(service));
        }
        b.database = Replication.startStandby(a.database, b.replicationName(), 0, b.dataDirectory(), true);
        b.databasePort = b.database.port();
        synchronized (this) {
            roles.started(a, b);
        }
        out.accept("  postgres@a   127.0.0.1:" + a.databasePort + " (primary)");
        out.accept("  postgres@b   127.0.0.1:" + b.databasePort + " (synchronous standby)");
        startServicesOfEverySite();
        failover = new Failover(this, options.failoverAfter(), options.asyncAfter());
        failover.start();
        event("stack started: site a primary, site b synchronous standby");
    }

    /**
     * Cuts a site's power: SIGKILL to every process of the site at once, PostgreSQL included.
     * Nothing is shut down, flushed or told; the HA stand-in notices on its own.
     *
     * @return {@link System#nanoTime()} when the signals went out, the moment of the cut
     */
    @Override
    long powerOff(String name) {
        Site site = site(name);
        List<ProcessHandle> victims = new ArrayList<>();
        long cut;
        synchronized (this) {
            if (!site.powered) {
                throw new IllegalStateException("Site " + name + " is already off: bring it back with './relais power-on "
                        + name + "'");
            }
            site.processes.forEach(p -> victims.addAll(p.processes()));
            if (site.database != null) {
                victims.addAll(Replication.processes(site.database));
            }
            cut = System.nanoTime();
            victims.forEach(ProcessHandle::destroyForcibly);
            site.powered = false;
        }
        event("power cut at " + site.label() + ": SIGKILL to " + victims.size() + " processes, PostgreSQL included");
        // Outside the lock: the HA stand-in must be free to react while the kernel reaps them.
        for (ProcessHandle victim : victims) {
            victim.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
        return cut;
    }

    /**
     * Brings a site back. Its PostgreSQL never returns as a second primary: unless it is still the
     * primary (nobody was promoted meanwhile), it is re-cloned from the current primary and rejoins
     * as its standby, synchronous once streaming. Then the site's services and gateway start.
     */
    @Override
    void powerOn(String name) throws Exception {
        Site site = site(name);
        synchronized (this) {
            if (site.powered && site.database != null) {
                throw new IllegalStateException("Site " + name + " is already on; './relais status' shows its processes");
            }
            site.forgetDatabase();
            if (site == roles.primary()) {
                out.accept("  postgres@" + name + ": still the primary (nobody was promoted): restarting from its own data");
                site.database = EmbeddedPostgresCluster.start(site.databasePort, site.dataDirectory(), Map.of());
                event(site.label() + " back as primary after crash recovery");
            } else {
                rejoinAsStandby(site);
            }
            site.powered = true;
        }
        List<ServiceProcess> stopped = site.processes.stream().filter(p -> !p.isAlive()).toList();
        out.accept("Starting " + stopped.size() + " processes at " + site.label() + "…");
        startProcesses(stopped);
        awaitGatewaySeesEverySite(site);
        event(site.label() + " powered on: every service ready");
    }

    private void rejoinAsStandby(Site site) {
        Site current = roles.primary();
        if (current == null || !current.powered || current.database == null) {
            throw new IllegalStateException("No primary to clone " + site.label() + " from: power on the other site first");
        }
        out.accept("  postgres@" + site.name + ": re-cloning from the primary at " + current.label()
                + " (base backup), then streaming as its standby…");
        site.database = Replication.startStandby(current.database, site.replicationName(), site.databasePort,
                site.dataDirectory(), false);
        out.accept("  postgres@" + site.name + ": streaming; making it the synchronous standby…");
        makeSynchronousStandby(site);
        event("synchronous replication restored: " + site.label() + " is the synchronous standby of " + current.label());
        announce.synchronousAgain(site);
        announce.backToNormal(site, current);
    }

    /**
     * Planned switchover: the standby becomes primary without losing a write, and the old
     * primary follows it without a re-clone. The old primary is shut down cleanly first, which
     * sends every WAL record to the synchronous standby; services meanwhile read from the
     * standby and refuse writes with 503 + Retry-After for the few seconds it takes.
     */
    @Override
    synchronized void switchover() {
        Site old = roles.primary();
        Site next = roles.standby();
        roles.checkSwitchover(old != null && next != null && next.inRecovery().isPresent() && old.inRecovery().isPresent());
        announce.plannedSwitchover(next);
        out.accept("  postgres@" + old.name + ": clean shutdown (every WAL record reaches " + next.label() + " first)…");
        old.forgetDatabase();
        makePrimary(next);
        out.accept("  postgres@" + next.name + ": promoted; postgres@" + old.name + " restarts as its standby…");
        old.database = Replication.followAsStandby(next.database, old.replicationName(), old.databasePort,
                old.dataDirectory());
        makeSynchronousStandby(old);
        event("switchover: " + next.label() + " is primary, " + old.label() + " its synchronous standby");
        announce.switchoverDone(next, old);
    }

    /**
     * Promotes the standby after the primary has been unreachable for the configured time. The
     * old primary is fenced (killed if anything of it still runs) so that it can never take
     * writes again; it comes back only through {@link #powerOn}, re-cloned.
     */
    synchronized void promote(Site candidate, Duration primaryUnreachableFor) {
        Site lost = roles.primary();
        if (!roles.mayPromote(candidate, lost != null && lost.inRecovery().isPresent())) {
            return;
        }
        if (lost.database != null) {
            Replication.powerCut(lost.database);
        }
        makePrimary(candidate);
        long ms = primaryUnreachableFor.toMillis();
        event("promoted " + candidate.label() + " to primary: " + lost.label() + " unreachable for " + ms + " ms;"
                + " replication suspended until " + lost.label() + " comes back");
        announce.promoted(candidate, lost, ms, true);
    }

    /**
     * The primary is lost but its standby was not synchronous when it was last seen: it may lack
     * writes the primary acknowledged alone. Nothing is promoted; the person who decides is told
     * what may be lost and the command that promotes anyway. Said once per loss.
     */
    synchronized void holdPromotion(Site candidate, Duration primaryUnreachableFor, io.relais.local.postgres.Replication.StandbyState seen) {
        String held = roles.holdPromotion(candidate, seen);
        if (held != null) {
            event("promotion held: " + held);
        }
    }

    /**
     * A person's decision: promotes the standby although it was not synchronous, accepting that
     * writes the lost primary acknowledged alone may be gone. The announcement says so.
     */
    @Override
    synchronized void forcePromote(String name) {
        Site candidate = site(name);
        Site lost = roles.primary();
        roles.checkForcedPromotion(candidate, lost != null && lost.inRecovery().isPresent(), candidate.inRecovery().isPresent());
        if (lost.database != null) {
            Replication.powerCut(lost.database);
        }
        makePrimary(candidate);
        event("forced promotion of " + candidate.label() + " (asynchronous standby): writes " + lost.label()
                + " acknowledged alone may be lost");
        announce.forcedPromotion(candidate, lost);
    }

    /**
     * The standby streams again and has caught up (after a freeze or a cut link): commits wait
     * for it again, with no person needed.
     */
    synchronized void restoreSynchronous(Site site, io.relais.local.postgres.Replication.StandbyState seen) {
        if (!roles.mayRestoreSynchronous(site) || roles.primary().database == null) {
            return;
        }
        Replication.setSynchronousStandby(roles.primary().database, site.replicationName());
        roles.restoredSynchronous();
        event("synchronous replication restored: " + site.label() + " streams again, " + seen.lagBytes()
                + " bytes behind when restored");
        announce.synchronousAgain(site);
    }

    /** Why no standby was promoted though the primary is lost, or null. */
    synchronized String promotionHeld() {
        return roles.promotionHeld();
    }

    /**
     * Promotes a standby. Its {@code synchronous_standby_names} is cleared first: it may name a
     * standby that does not exist, and until another site streams from it nothing can be synchronous.
     */
    private void makePrimary(Site site) {
        Replication.setSynchronousStandby(site.database, null);
        Replication.promote(site.database);
        roles.promoted(site);
    }

    /** Makes the primary's commits wait for a standby that streams from it, once it does. */
    private void makeSynchronousStandby(Site site) {
        Replication.setSynchronousStandby(roles.primary().database, site.replicationName());
        Replication.awaitState(roles.primary().database, site.replicationName(), "sync");
        roles.synchronousStandby(site);
    }

    /**
     * Stops waiting for a synchronous standby that is gone, so that commits never hang; the
     * standby becomes synchronous again when it rejoins.
     */
    synchronized void dropToAsynchronous(Site lost, Duration unreachableFor) {
        if (!roles.mayDropToAsynchronous(lost, lost.inRecovery().isPresent())) {
            return;
        }
        Site primary = roles.primary();
        Replication.setSynchronousStandby(primary.database, null);
        roles.droppedToAsynchronous();
        event("replication asynchronous: standby " + lost.label() + " unreachable for " + unreachableFor.toMillis()
                + " ms; " + primary.label() + " commits alone");
        announce.asynchronous(primary, lost);
    }

    /** What './relais status' prints: each site's processes and database role, replication, recent role changes. */
    @Override
    String describe() {
        StringBuilder text = new StringBuilder();
        Site currentPrimary;
        synchronized (this) {
            currentPrimary = roles.primary();
            for (Site site : sites.values()) {
                String role = site.inRecovery().map(r -> r ? "standby" : "primary").orElse("unreachable");
                text.append(String.format("%s  power %-3s  postgres 127.0.0.1:%d %s%s%n", site.label(),
                        site.powered ? "on" : "off", site.databasePort, role,
                        site == roles.primary() ? " (designated primary)" : site == roles.standby() ? " (designated standby)" : ""));
                for (ServiceProcess p : site.processes) {
                    text.append("    ").append(p.describe()).append("  ").append(p.url()).append('\n');
                }
            }
            if (roles.promotionHeld() != null) {
                text.append("PROMOTION HELD: ").append(roles.promotionHeld()).append('\n');
            }
        }
        if (currentPrimary != null && currentPrimary.database != null && currentPrimary.inRecovery().isPresent()) {
            text.append(ReplicationReport.of(currentPrimary));
        } else {
            text.append("replication: unknown, no primary answers\n");
        }
        return text.append(recentRoleChanges()).toString();
    }

    /** Stops everything cleanly: the HA stand-in, then every process, then PostgreSQL (standby first). */
    @Override
    public void close() {
        if (failover != null) {
            failover.stop();
        }
        devMode.remove();
        announce.close();
        stopServices();
        List<Site> order = new ArrayList<>(sites.values());
        Site primary = roles.primary();
        order.sort((x, y) -> x == primary ? 1 : y == primary ? -1 : 0);
        order.forEach(Site::forgetDatabase);
    }
}
