package io.relais.launcher;

import io.relais.local.identity.DevKeys;
import io.relais.local.postgres.EmbeddedPostgresCluster;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The two sites under a real HA engine ({@code ./relais up --ha patroni}): Patroni and PostgreSQL
 * 15 at sites a and b, etcd at a, b and the witness site c, each site in its own network
 * namespace so that a partition cuts every flow between sites. Patroni makes every role change;
 * this class starts and kills processes, cuts links, asks Patroni's REST API for a switchover,
 * and tells people what Patroni did — every announcement derived from the state it describes,
 * read from etcd.
 */
final class PatroniStack extends LocalStack {

    static final String WITNESS = "c";
    private static final Duration WATCH_EVERY = Duration.ofMillis(500);

    private final SiteNetwork network;
    private final PatroniCluster patroni;
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relais-patroni-watch");
        t.setDaemon(true);
        return t;
    });

    // What the watch last saw, and what it has announced: touched by the watch's thread, read by status.
    private volatile PatroniCluster.State seen;
    private volatile String announcedLeader;
    private volatile String announcedSynchronous;
    private volatile String promotionHeld;
    private volatile boolean plannedChange;

    static PatroniStack create(Options options, DevKeys keys, Consumer<String> console) {
        int portA = options.gatewayPorts().values().iterator().next();
        List<String> all = new ArrayList<>(options.gatewayPorts().keySet());
        all.add(WITNESS);
        SiteNetwork network = new SiteNetwork("rl" + portA, portA / 1000 % 250, all);
        return new PatroniStack(options, keys, console, network);
    }

    private PatroniStack(Options options, DevKeys keys, Consumer<String> console, SiteNetwork network) {
        super(options, keys, console, network::address);
        this.network = network;
        int portA = options.gatewayPorts().values().iterator().next();
        this.patroni = new PatroniCluster(network, List.copyOf(options.gatewayPorts().keySet()), WITNESS,
                Path.of(System.getProperty("java.io.tmpdir"), "relais-patroni-" + portA),
                options.runDirectory().resolve("logs"));
    }

    @Override
    void start() throws Exception {
        Optional<String> missing = PatroniCluster.unavailable();
        if (missing.isPresent()) {
            throw new IllegalStateException(missing.get());
        }
        out.accept("Creating a network namespace per site (" + network.addresses() + ", bridge from this host)…");
        network.create();
        patroni.prepare();
        out.accept("Starting etcd at sites a, b and the witness c (three members: a quorum survives either provider)…");
        for (String member : network.addresses().keySet()) {
            patroni.startEtcd(member);
        }
        awaitOrFail(Duration.ofSeconds(30), "etcd has no quorum",
                () -> network.addresses().keySet().stream().allMatch(patroni::etcdHealthy));
        Site a = site("a");
        Site b = site("b");
        for (Site site : sites.values()) {
            site.databasePort = PatroniCluster.POSTGRES_PORT;
            site.superuserPassword = patroni.superuserPassword();
        }
        out.accept("Starting Patroni at site a: it bootstraps PostgreSQL 15 and takes the leader key…");
        patroni.startPatroni("a");
        awaitOrFail(Duration.ofSeconds(60), "Patroni at site a did not become leader",
                () -> patroni.state().map(s -> PatroniCluster.member("a").equals(s.leader())).orElse(false)
                        && a.inRecovery().map(r -> !r).orElse(false));
        try (Connection c = a.superuserConnection("postgres")) {
            for (String service : Site.DATABASE_SERVICES.keySet()) {
                databases.put(service, EmbeddedPostgresCluster.createServiceDatabase(c, service, a.jdbcUrl(service)));
            }
        }
        out.accept("Starting Patroni at site b: it clones site a and becomes its synchronous standby…");
        patroni.startPatroni("b");
        awaitOrFail(Duration.ofSeconds(90), "site b did not become the synchronous standby",
                () -> synchronousStandbyIs("b"));
        out.accept("  postgres@a   " + a.address + ":" + a.databasePort + " (Patroni leader)");
        out.accept("  postgres@b   " + b.address + ":" + b.databasePort + " (Patroni synchronous standby)");
        startServicesOfEverySite();
        seen = patroni.state().orElse(null);
        announcedLeader = leaderSite(seen);
        announcedSynchronous = synchronousSite(seen);
        watch.scheduleWithFixedDelay(this::watchAndCarryOn, 0, WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        event("stack started under Patroni: site a leader, site b synchronous standby, etcd witness at site c");
    }

    @Override
    List<String> launchPrefix(Site site) {
        return network.exec(site.name);
    }

    @Override
    long powerOff(String name) {
        Site site = site(name);
        if (!site.powered) {
            throw new IllegalStateException("Site " + name + " is already off: bring it back with './relais power-on " + name + "'");
        }
        List<ProcessHandle> victims = network.processes(name);
        long cut = System.nanoTime();
        victims.forEach(ProcessHandle::destroyForcibly);
        site.powered = false;
        event("power cut at " + site.label() + ": SIGKILL to " + victims.size() + " processes (services, Patroni,"
                + " PostgreSQL, etcd)");
        for (ProcessHandle victim : victims) {
            victim.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
        return cut;
    }

    @Override
    void powerOn(String name) throws Exception {
        Site site = site(name);
        if (site.powered) {
            throw new IllegalStateException("Site " + name + " is already on; './relais status' shows its processes");
        }
        site.powered = true;
        out.accept("  etcd@" + name + " and Patroni@" + name + " starting; Patroni rejoins PostgreSQL as a replica"
                + " (pg_rewind, or a new clone if it cannot), then makes it synchronous…");
        patroni.startEtcd(name);
        patroni.startPatroni(name);
        String member = PatroniCluster.member(name);
        awaitOrFail(Duration.ofSeconds(180), site.label() + " did not rejoin",
                () -> patroni.state().map(s -> s.member(member).map(m -> m.state().equals("running")).orElse(false)
                        && (member.equals(s.leader()) || member.equals(s.synchronous()))).orElse(false));
        List<ServiceProcess> stopped = site.processes.stream().filter(p -> !p.isAlive()).toList();
        out.accept("Starting " + stopped.size() + " processes at " + site.label() + "…");
        startProcesses(stopped);
        awaitGatewaySeesEverySite(site);
        event(site.label() + " powered on: every service ready");
    }

    @Override
    void switchover() throws Exception {
        PatroniCluster.State state = patroni.state().orElseThrow(() -> new IllegalStateException(
                "etcd has no quorum: no switchover until two of its three sites answer ('./relais status')"));
        String from = leaderSite(state);
        String to = synchronousSite(state);
        if (from == null || to == null || !site(to).powered) {
            throw new IllegalStateException("A switchover needs a leader and a synchronous standby ('./relais status'"
                    + " shows why not); power the missing site on first");
        }
        plannedChange = true;
        announce.plannedSwitchover(site(to));
        try {
            out.accept("  asking Patroni (REST API of " + site(from).label() + ") to switch over to " + site(to).label() + "…");
            patroni.switchover(from, to);
            awaitOrFail(Duration.ofSeconds(60), "the switchover did not complete", () -> synchronousStandbyIs(from)
                    && to.equals(leaderSite(patroni.state().orElse(null))));
            // Announced here, as planned: the watch must not take it for a failover.
            announcedLeader = to;
            announcedSynchronous = from;
        } finally {
            plannedChange = false;
        }
        event("switchover through Patroni: " + site(to).label() + " leader, " + site(from).label() + " its synchronous standby");
        announce.switchoverDone(site(to), site(from));
    }

    @Override
    void forcePromote(String name) throws Exception {
        Site candidate = site(name);
        PatroniCluster.State state = patroni.state().orElseThrow(() -> new IllegalStateException(
                "etcd has no quorum: Patroni can promote nobody until two of its three sites answer"));
        if (state.leader() != null) {
            throw new IllegalStateException(site(leaderSite(state)).label() + " holds the leader key: use './relais"
                    + " switchover', which loses nothing");
        }
        if (candidate.inRecovery().isEmpty()) {
            throw new IllegalStateException(candidate.label() + "'s database does not answer: power it on first");
        }
        plannedChange = true;
        try {
            patroni.forceFailover(name);
            // Promoted, and the lost leader's sync key cleared (Patroni does it once it has seen
            // synchronous mode off): re-enabled before that, Patroni 3.0.2 finds a sync key
            // written by another leader and never makes anyone synchronous again.
            String member = PatroniCluster.member(name);
            awaitOrFail(Duration.ofSeconds(60), "Patroni did not promote " + candidate.label(),
                    () -> patroni.state().map(s -> member.equals(s.leader()) && (s.synchronousKeyWriter() == null
                            || member.equals(s.synchronousKeyWriter()))).orElse(false));
            patroni.restoreSynchronousMode(name);
        } finally {
            plannedChange = false;
        }
        promotionHeld = null;
        announcedLeader = name;
        event("forced promotion of " + candidate.label() + " (was not synchronous): writes the lost leader acknowledged"
                + " alone may be lost");
        announce.forcedPromotion(candidate, null);
    }

    @Override
    void partition(String name) {
        if (name == null) {
            network.heal();
            event("links restored: every site reaches every other");
            return;
        }
        network.address(name);
        network.cut(name);
        event("partition: site " + name.toUpperCase(java.util.Locale.ROOT) + " cut off from the other sites (its"
                + " processes keep running)");
    }

    /** The site Patroni would promote now (its synchronous standby), from a fresh read of etcd; null if none. */
    Site synchronousStandby() {
        String standby = synchronousSite(patroni.state().orElse(null));
        return standby == null ? null : site(standby);
    }

    /** The site holding the leader key now, from a fresh read of etcd; null if none. */
    Site leader() {
        String leader = leaderSite(patroni.state().orElse(null));
        return leader == null ? null : site(leader);
    }

    /** The PostgreSQL processes of a site (postmaster and backends), not Patroni: what a freeze stops. */
    List<ProcessHandle> postgresProcesses(String site) {
        return network.processes(site).stream()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false)).toList();
    }

    @Override
    Site primary() {
        String leader = leaderSite(seen);
        return leader == null ? null : site(leader);
    }

    @Override
    String describe() {
        PatroniCluster.State state = patroni.state().orElse(null);
        List<String> cut = network.cutOff();
        StringBuilder text = new StringBuilder();
        text.append(String.format("HA: Patroni + etcd (members at a, b and the witness c); ttl %d s, loop_wait %d s,"
                + " retry_timeout %d s; synchronous_mode on, not strict%n", PatroniCluster.TTL, PatroniCluster.LOOP_WAIT,
                PatroniCluster.RETRY_TIMEOUT));
        for (Site site : sites.values()) {
            String member = PatroniCluster.member(site.name);
            String role = state == null ? "unknown (no etcd quorum)" : state.member(member)
                    .map(m -> roleOf(state, m)).orElse("not a member now (Patroni down)");
            text.append(String.format("%s  %s  power %-3s%s  postgres %s:%d %s, etcd %s%n", site.label(), site.address,
                    site.powered ? "on" : "off", cut.contains(site.name) ? "  CUT OFF" : "", site.address,
                    site.databasePort, role, patroni.etcdHealthy(site.name) ? "healthy" : "no quorum or down"));
            for (ServiceProcess p : site.processes) {
                text.append("    ").append(p.describe()).append("  ").append(p.url()).append('\n');
            }
        }
        text.append(String.format("witness site C  %s%s  etcd %s%n", network.address(WITNESS),
                cut.contains(WITNESS) ? "  CUT OFF" : "", patroni.etcdHealthy(WITNESS) ? "healthy" : "no quorum or down"));
        if (state == null) {
            text.append("replication: unknown, etcd has no quorum (fewer than two of the three sites answer)\n");
        } else if (state.leader() == null) {
            text.append("replication: no leader — nothing takes writes\n");
        } else if (state.synchronous() != null) {
            text.append("replication: synchronous (every acknowledged write is on both sites; Patroni would promote only ")
                    .append(state.synchronous()).append(")\n");
        } else {
            text.append("replication: ASYNCHRONOUS: ").append(state.leader())
                    .append(" acknowledges writes alone; no member may be promoted on its own\n");
        }
        String held = promotionHeld;
        if (held != null) {
            text.append("PROMOTION HELD: ").append(held).append('\n');
        }
        return text.append(recentRoleChanges()).toString();
    }

    private static String roleOf(PatroniCluster.State state, PatroniCluster.Member m) {
        String role = m.name().equals(state.leader()) ? "leader" : m.name().equals(state.synchronous()) ? "synchronous standby"
                : "replica (not synchronous)";
        PatroniCluster.Member leader = state.leader() == null ? null : state.members().get(state.leader());
        String lag = leader == null || m == leader ? "" : ", " + Math.max(0, leader.walPosition() - m.walPosition())
                + " bytes behind";
        return role + " (" + m.state() + ", timeline " + m.timeline() + lag + ")";
    }

    /** A failed look must not end the watch: the next one may succeed. */
    private void watchAndCarryOn() {
        try {
            watchOnce();
        } catch (RuntimeException e) {
            System.err.println("[relais-ha] watching Patroni failed, retrying: " + e.getMessage());
        }
    }

    /** Announces what Patroni did, from what etcd says now and what was last announced. */
    private void watchOnce() {
        PatroniCluster.State state = patroni.state().orElse(null);
        if (state == null) {
            return;
        }
        seen = state;
        if (plannedChange) {
            return;
        }
        String leader = leaderSite(state);
        String synchronous = synchronousSite(state);
        if (leader != null && !leader.equals(announcedLeader)) {
            String lost = announcedLeader;
            boolean wasSynchronous = leader.equals(announcedSynchronous);
            promotionHeld = null;
            event("Patroni promoted " + site(leader).label() + (lost == null ? "" : " (" + site(lost).label() + " lost)")
                    + (wasSynchronous ? ", which was the synchronous standby" : ""));
            announce.promoted(site(leader), lost == null ? null : site(lost), -1, wasSynchronous);
            announcedLeader = leader;
        }
        if (leader != null && promotionHeld != null) {
            promotionHeld = null;
            event(site(leader).label() + " is leader again: the held promotion is moot");
        }
        // The sync key outlives the leader: it names the only member Patroni may promote, if any.
        if (leader == null && announcedLeader != null && promotionHeld == null && synchronous == null) {
            String candidate = sites.keySet().stream().filter(s -> !s.equals(announcedLeader)).findFirst().orElseThrow();
            promotionHeld = site(candidate).label() + " was not promoted: it was not synchronous when "
                    + site(announcedLeader).label() + " was lost, so writes " + site(announcedLeader).label()
                    + " acknowledged alone may be missing there. Bring " + site(announcedLeader).label()
                    + " back ('./relais power-on " + announcedLeader + "') to lose nothing, or promote anyway, accepting"
                    + " that loss: './relais promote " + candidate + " --accept-data-loss'";
            // Said in './relais status' only: no status page can record it while no database takes writes.
            event("promotion held: " + promotionHeld);
        }
        if (leader != null && !Objects.equals(synchronous, announcedSynchronous)) {
            if (synchronous == null) {
                event("replication asynchronous: " + site(leader).label() + " commits alone (no synchronous standby)");
                announce.asynchronous(site(leader), null);
            } else {
                event("synchronous replication restored: " + site(synchronous).label() + " is the synchronous standby of "
                        + site(leader).label());
                announce.synchronousAgain(site(synchronous));
                announce.backToNormal(site(synchronous), site(leader));
            }
            announcedSynchronous = synchronous;
        }
    }

    private boolean synchronousStandbyIs(String site) {
        PatroniCluster.State state = patroni.state().orElse(null);
        return state != null && state.leader() != null && PatroniCluster.member(site).equals(state.synchronous())
                && state.member(state.synchronous()).map(m -> m.state().equals("running")).orElse(false);
    }

    private static String leaderSite(PatroniCluster.State state) {
        return state == null || state.leader() == null ? null : state.leader().substring("site_".length());
    }

    private static String synchronousSite(PatroniCluster.State state) {
        return state == null || state.synchronous() == null ? null : state.synchronous().substring("site_".length());
    }

    private static void awaitOrFail(Duration atMost, String failure, java.util.concurrent.Callable<Boolean> condition)
            throws Exception {
        if (!Poll.until(atMost, Duration.ofMillis(250), condition)) {
            throw new IllegalStateException(failure + " within " + atMost.toSeconds() + " s: see the etcd-* and patroni-*"
                    + " logs under the run directory's logs/");
        }
    }

    @Override
    public void close() {
        watch.shutdownNow();
        devMode.remove();
        announce.close();
        stopServices();
        patroni.stop();
        network.close();
        try {
            patroni.delete();
        } catch (java.io.IOException e) {
            System.err.println("Could not remove Patroni's data: " + e.getMessage());
        }
    }
}
