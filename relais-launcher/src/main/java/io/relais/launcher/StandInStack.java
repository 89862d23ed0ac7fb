package io.relais.launcher;

import io.relais.testing.DevKeys;
import io.relais.testing.DevTokens;
import io.relais.testing.EmbeddedPostgresCluster;
import io.relais.testing.Replication;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    // Roles: guarded by this. No standby after a promotion until the lost site comes back.
    private Site primary;
    private Site standby;
    private boolean synchronous;
    /** Set while the primary is lost and its asynchronous standby waits for a person's decision. */
    private String promotionHeld;

    StandInStack(Options options, DevKeys keys, Consumer<String> console) {
        super(options, keys, console, site -> "127.0.0.1");
    }

    @Override
    synchronized Site primary() {
        return primary;
    }

    synchronized Site standby() {
        return standby;
    }

    synchronized boolean synchronous() {
        return synchronous;
    }

    /** Starts both sites, the HA stand-in, and waits until each gateway sees every service at both sites. */
    @Override
    void start() throws Exception {
        Site a = site("a");
        Site b = site("b");
        out.accept("Starting embedded PostgreSQL 17: primary at site a, synchronous hot standby at site b…");
        a.database = EmbeddedPostgresCluster.start(0, a.dataDirectory(), Map.of());
        a.databasePort = a.database.port();
        for (String service : Site.DATABASE_SERVICES.keySet()) {
            databases.put(service, a.database.database(service));
        }
        b.database = Replication.startStandby(a.database, b.replicationName(), 0, b.dataDirectory(), true);
        b.databasePort = b.database.port();
        synchronized (this) {
            primary = a;
            standby = b;
            synchronous = true;
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
            if (site == primary) {
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

    private void rejoinAsStandby(Site site) throws IOException {
        Site current = primary;
        if (current == null || !current.powered || current.database == null) {
            throw new IllegalStateException("No primary to clone " + site.label() + " from: power on the other site first");
        }
        out.accept("  postgres@" + site.name + ": re-cloning from the primary at " + current.label()
                + " (base backup), then streaming as its standby…");
        Relais.deleteRecursively(site.dataDirectory());
        site.database = Replication.startStandby(current.database, site.replicationName(), site.databasePort,
                site.dataDirectory(), false);
        out.accept("  postgres@" + site.name + ": streaming; making it the synchronous standby…");
        makeSynchronousStandby(site);
        event("synchronous replication restored: " + site.label() + " is the synchronous standby of " + current.label());
        announcer.resolve(StatusAnnouncer.Topic.REPLICATION, "Réplication synchrone rétablie : le " + site.label()
                + " a rejoint le " + current.label() + " comme standby synchrone. Chaque écriture acquittée est de nouveau"
                + " copiée sur les deux sites.");
        announcer.resolve(StatusAnnouncer.Topic.FAILOVER, "Le " + site.label() + " est revenu et suit le "
                + current.label() + " (primaire). Fonctionnement normal sur les deux sites.");
    }

    /**
     * Planned switchover: the standby becomes primary without losing a write, and the old
     * primary follows it without a re-clone. The old primary is shut down cleanly first, which
     * sends every WAL record to the synchronous standby; services meanwhile read from the
     * standby and refuse writes with 503 + Retry-After for the few seconds it takes.
     */
    @Override
    synchronized void switchover() {
        Site old = primary;
        Site next = standby;
        if (old == null || next == null || !synchronous || next.inRecovery().isEmpty() || old.inRecovery().isEmpty()) {
            throw new IllegalStateException("A switchover needs both sites up and replication synchronous"
                    + " ('./relais status' shows why not); power the missing site on first");
        }
        announcer.open(StatusAnnouncer.Topic.FAILOVER, "Bascule planifiée des bases de données vers le " + next.label(),
                "Maintenance : le " + next.label() + " devient primaire. Les écritures peuvent être refusées quelques"
                        + " secondes (réessayer) ; les lectures continuent.");
        out.accept("  postgres@" + old.name + ": clean shutdown (every WAL record reaches " + next.label() + " first)…");
        old.forgetDatabase();
        makePrimary(next);
        out.accept("  postgres@" + next.name + ": promoted; postgres@" + old.name + " restarts as its standby…");
        old.database = Replication.followAsStandby(next.database, old.replicationName(), old.databasePort,
                old.dataDirectory());
        makeSynchronousStandby(old);
        event("switchover: " + next.label() + " is primary, " + old.label() + " its synchronous standby");
        announcer.resolve(StatusAnnouncer.Topic.FAILOVER, "Bascule terminée : le " + next.label() + " est primaire, le "
                + old.label() + " son standby synchrone.");
    }

    /**
     * Promotes the standby after the primary has been unreachable for the configured time. The
     * old primary is fenced (killed if anything of it still runs) so that it can never take
     * writes again; it comes back only through {@link #powerOn}, re-cloned.
     */
    synchronized void promote(Site candidate, Duration primaryUnreachableFor) {
        Site lost = primary;
        if (candidate != standby || lost == null || lost.inRecovery().isPresent()) {
            return;
        }
        promotionHeld = null;
        if (lost.database != null) {
            Replication.powerCut(lost.database);
        }
        makePrimary(candidate);
        long ms = primaryUnreachableFor.toMillis();
        event("promoted " + candidate.label() + " to primary: " + lost.label() + " unreachable for " + ms + " ms;"
                + " replication suspended until " + lost.label() + " comes back");
        announcer.open(StatusAnnouncer.Topic.FAILOVER, "Bascule des bases de données vers le " + candidate.label(),
                "Le " + lost.label() + " ne répond plus depuis " + ms / 1000.0 + " s : le " + candidate.label()
                        + " a été promu primaire. Aucune écriture acquittée n'est perdue (réplication synchrone)."
                        + " Les écritures reprennent d'elles-mêmes ; les données ne sont plus copiées sur un second site"
                        + " tant que le " + lost.label() + " n'est pas revenu.");
    }

    /**
     * The primary is lost but its standby was not synchronous when it was last seen: it may lack
     * writes the primary acknowledged alone. Nothing is promoted; the person who decides is told
     * what may be lost and the command that promotes anyway. Said once per loss.
     */
    synchronized void holdPromotion(Site candidate, Duration primaryUnreachableFor, io.relais.testing.Replication.StandbyState seen) {
        if (candidate != standby || promotionHeld != null) {
            return;
        }
        promotionHeld = candidate.label() + " was not promoted: when " + primary.label() + " was last seen, " + candidate.label()
                + (seen == null ? " was not synchronous (replication had turned asynchronous)" : " was " + seen.syncState()
                + " (" + seen.state() + ", " + seen.lagBytes() + " bytes behind)")
                + ", so writes " + primary.label() + " acknowledged alone since replication turned asynchronous may be"
                + " missing there. Bring " + primary.label() + " back ('./relais power-on " + primary.name + "') to lose"
                + " nothing, or promote anyway, accepting that loss: './relais promote " + candidate.name
                + " --accept-data-loss'";
        event("promotion held: " + promotionHeld);
    }

    /**
     * A person's decision: promotes the standby although it was not synchronous, accepting that
     * writes the lost primary acknowledged alone may be gone. The announcement says so.
     */
    @Override
    synchronized void forcePromote(String name) {
        Site candidate = site(name);
        Site lost = primary;
        if (candidate != standby || lost == null) {
            throw new IllegalStateException(candidate.label() + " is not the standby of a primary ('./relais status')");
        }
        if (lost.inRecovery().isPresent()) {
            throw new IllegalStateException(lost.label() + " is still up as primary: use './relais switchover', which loses nothing");
        }
        if (candidate.inRecovery().isEmpty()) {
            throw new IllegalStateException(candidate.label() + "'s database does not answer: power it on first");
        }
        if (lost.database != null) {
            Replication.powerCut(lost.database);
        }
        promotionHeld = null;
        makePrimary(candidate);
        event("forced promotion of " + candidate.label() + " (asynchronous standby): writes " + lost.label()
                + " acknowledged alone may be lost");
        announcer.open(StatusAnnouncer.Topic.FAILOVER, "Bascule forcée des bases de données vers le " + candidate.label(),
                "Le " + lost.label() + " ne répond plus et le " + candidate.label() + " n'était pas synchrone : il a été"
                        + " promu primaire sur décision d'un administrateur. Les écritures acquittées par le " + lost.label()
                        + " seul, depuis le passage en réplication asynchrone, peuvent manquer : vérifiez les saisies"
                        + " récentes. Les écritures reprennent d'elles-mêmes.");
    }

    /**
     * The standby streams again and has caught up (after a freeze or a cut link): commits wait
     * for it again, with no person needed.
     */
    synchronized void restoreSynchronous(Site site, io.relais.testing.Replication.StandbyState seen) {
        if (site != standby || synchronous || primary == null || primary.database == null) {
            return;
        }
        Replication.setSynchronousStandby(primary.database, site.replicationName());
        synchronous = true;
        event("synchronous replication restored: " + site.label() + " streams again, " + seen.lagBytes()
                + " bytes behind when restored");
        announcer.resolve(StatusAnnouncer.Topic.REPLICATION, "Réplication synchrone rétablie : le " + site.label()
                + " reçoit de nouveau chaque écriture avant qu'elle soit acquittée.");
    }

    /** Why no standby was promoted though the primary is lost, or null. */
    synchronized String promotionHeld() {
        return promotionHeld;
    }

    /**
     * Promotes a standby. Its {@code synchronous_standby_names} is cleared first: it may name a
     * standby that does not exist, and until another site streams from it nothing can be synchronous.
     */
    private void makePrimary(Site site) {
        Replication.setSynchronousStandby(site.database, null);
        Replication.promote(site.database);
        primary = site;
        standby = null;
        synchronous = false;
    }

    /** Makes the primary's commits wait for a standby that streams from it, once it does. */
    private void makeSynchronousStandby(Site site) {
        Replication.setSynchronousStandby(primary.database, site.replicationName());
        Replication.awaitState(primary.database, site.replicationName(), "sync");
        standby = site;
        synchronous = true;
    }

    /**
     * Stops waiting for a synchronous standby that is gone, so that commits never hang; the
     * standby becomes synchronous again when it rejoins.
     */
    synchronized void dropToAsynchronous(Site lost, Duration unreachableFor) {
        if (lost != standby || !synchronous || primary == null || lost.inRecovery().isPresent()) {
            return;
        }
        Replication.setSynchronousStandby(primary.database, null);
        synchronous = false;
        event("replication asynchronous: standby " + lost.label() + " unreachable for " + unreachableFor.toMillis()
                + " ms; " + primary.label() + " commits alone");
        announcer.open(StatusAnnouncer.Topic.REPLICATION, "Réplication asynchrone : le " + lost.label()
                        + " ne reçoit plus les écritures",
                "Le " + lost.label() + " (standby synchrone) ne répond plus. Pour que les écritures ne restent pas bloquées,"
                        + " le " + primary.label() + " valide seul : une perte de ce site maintenant perdrait les dernières"
                        + " écritures. La réplication redeviendra synchrone au retour du " + lost.label() + ".");
    }

    /** What './relais status' prints: each site's processes and database role, replication, recent role changes. */
    @Override
    String describe() {
        StringBuilder text = new StringBuilder();
        Site currentPrimary;
        synchronized (this) {
            currentPrimary = primary;
            for (Site site : sites.values()) {
                String role = site.inRecovery().map(r -> r ? "standby" : "primary").orElse("unreachable");
                text.append(String.format("%s  power %-3s  postgres 127.0.0.1:%d %s%s%n", site.label(),
                        site.powered ? "on" : "off", site.databasePort, role,
                        site == primary ? " (designated primary)" : site == standby ? " (designated standby)" : ""));
                for (ServiceProcess p : site.processes) {
                    text.append("    ").append(p.describe()).append("  ").append(p.url()).append('\n');
                }
            }
            if (promotionHeld != null) {
                text.append("PROMOTION HELD: ").append(promotionHeld).append('\n');
            }
        }
        if (currentPrimary != null && currentPrimary.database != null && currentPrimary.inRecovery().isPresent()) {
            text.append(replicationState(currentPrimary));
        } else {
            text.append("replication: unknown, no primary answers\n");
        }
        return text.append(recentRoleChanges()).toString();
    }

    private static String replicationState(Site primary) {
        StringBuilder text = new StringBuilder();
        try (Connection c = primary.database.superuserConnection(); Statement s = c.createStatement()) {
            String names;
            try (ResultSet rs = s.executeQuery("SHOW synchronous_standby_names")) {
                rs.next();
                names = rs.getString(1);
            }
            StringBuilder standbys = new StringBuilder();
            boolean sync = false;
            try (ResultSet rs = s.executeQuery("SELECT application_name, state, sync_state,"
                    + " pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) FROM pg_stat_replication")) {
                while (rs.next()) {
                    sync |= "streaming".equals(rs.getString(2)) && "sync".equals(rs.getString(3));
                    standbys.append(String.format("  %s %s %s, replay lag %d bytes%n", rs.getString(1), rs.getString(2),
                            rs.getString(3), rs.getLong(4)));
                }
            }
            // What the primary itself says, not what the stand-in last decided.
            text.append("replication: ").append(sync ? "synchronous (every acknowledged write is on both sites)"
                    : "ASYNCHRONOUS: " + primary.label() + " acknowledges writes alone").append('\n');
            text.append("  ").append(primary.label()).append(" synchronous_standby_names = '").append(names).append("'\n");
            text.append(standbys.length() == 0 ? "  no standby connected\n" : standbys);
        } catch (SQLException e) {
            text.append("  replication state unavailable: ").append(e.getMessage()).append('\n');
        }
        return text.toString();
    }

    /** Stops everything cleanly: the HA stand-in, then every process, then PostgreSQL (standby first). */
    @Override
    public void close() {
        if (failover != null) {
            failover.stop();
        }
        announcer.close();
        sites.values().forEach(site -> site.processes.forEach(ServiceProcess::stop));
        List<Site> order = new ArrayList<>(sites.values());
        order.sort((x, y) -> x == primary ? 1 : y == primary ? -1 : 0);
        order.forEach(Site::forgetDatabase);
    }
}
