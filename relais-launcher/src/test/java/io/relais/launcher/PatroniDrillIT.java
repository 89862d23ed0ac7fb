package io.relais.launcher;

import io.relais.local.files.DirectoryTrees;
import io.relais.local.identity.DevKeys;
import io.relais.local.identity.DevTokens;
import io.relais.local.postgres.Freeze;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The drill of PowerLossDrillIT under a real HA engine: Patroni and PostgreSQL 15 at two sites,
 * etcd at both and at a witness site, each site in its own network namespace. Same workload, same
 * checks — no acknowledged write lost or stored twice, no failed read through the surviving
 * gateway — for a power cut at either site, a frozen standby followed by the primary's loss, and
 * a partition that isolates the primary while its processes keep running.
 *
 * <p>Needs root and Debian's patroni, etcd-server and postgresql-15 ({@code .ci/run} installs
 * them): skipped, saying why, where they are missing; under CI, missing them fails the build.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatroniDrillIT {

    private static final Path RUN = Path.of("target/patroni-drill").toAbsolutePath();

    private static PatroniStack stack;
    private static DrillChecks checks;
    private static String clinician;
    private static final List<String> patients = new ArrayList<>();
    private static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void startTwoSitesUnderPatroni() throws Exception {
        Optional<String> missing = PatroniCluster.unavailable();
        if (missing.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("The Patroni drill cannot run under CI: " + missing.get() + " (.ci/run installs them)");
            }
            Assumptions.abort("Patroni drill skipped: " + missing.get());
        }
        DirectoryTrees.delete(RUN);
        DevKeys keys = DevKeys.loadOrCreate(RUN.resolve("keys"));
        Map<String, Integer> ports = new LinkedHashMap<>();
        // Below the kernel's ephemeral range (32768–60999): a port there can be taken, between two
        // runs, by any outgoing connection on the host (seen once: directory@a's 38082).
        ports.put("a", 26080);
        ports.put("b", 27080);
        stack = PatroniStack.create(new LocalStack.Options(RUN, Path.of("..").toAbsolutePath().normalize(), ports,
                Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5)), keys, line -> System.out.println("[patroni-drill] " + line));
        stack.start();
        checks = new DrillChecks(stack, RUN, report);
        clinician = new DevTokens(keys).mint("dr.drill", "clinician");
        patients.addAll(DrillChecks.createPatients(new ApiClient(gateway("a"), clinician), "PDRILL"));
    }

    @AfterAll
    static void stopEverything() {
        if (stack != null) {
            stack.close();
        }
        System.out.println("\n===== Patroni drill =====");
        report.forEach(System.out::println);
    }

    @Test
    @Order(1)
    void primarySiteLosesPowerUnderLoad() throws Exception {
        Site lost = stack.leader();
        Site survivor = stack.synchronousStandby();
        long seed = System.nanoTime();
        Workload workload = twoSiteLoad(lost, survivor);
        int writesBeforeCut = 20 + new Random(seed).nextInt(61);
        await().atMost(Duration.ofSeconds(60)).until(() -> workload.acknowledged().size() >= writesBeforeCut);

        long cut = stack.powerOff(lost.name);
        long siteDownShown = checks.awaitSiteStatus(survivor.name, lost.label().replace("site", "Site"), "major_outage",
                Duration.ofSeconds(15)) - cut;
        long writesBack = awaitWritesBack(workload, cut);
        await().atMost(Duration.ofSeconds(30)).until(() -> checks.unresolvedIncidents(survivor.name)
                .contains("Bascule des bases de données vers le " + survivor.label()));
        finish(workload, 20);

        report.add(String.format("Patroni drill 1 — %s (leader) powered off after %d acknowledged writes (seed %d)",
                lost.label(), writesBeforeCut, seed));
        report.add(String.format("  acknowledged writes %d, abandoned %d, reads through gateway %s %d, failed %d",
                workload.acknowledged().size(), workload.abandoned().size(), survivor.name.toUpperCase(), workload.reads(),
                workload.failedReads().size()));
        report.add(String.format("  writes succeed again %d ms after the cut (target < 15 000)", writesBack / 1_000_000));
        report.add(String.format("  status page %s shows %s down %d ms after the cut", survivor.name.toUpperCase(),
                lost.label(), siteDownShown / 1_000_000));
        assertTheUsualInvariants(workload, survivor, "reads through the surviving gateway");
        assertThat("time until writes succeed again", Duration.ofNanos(writesBack), lessThan(Duration.ofSeconds(15)));
        assertThat("status page shows the site down", Duration.ofNanos(siteDownShown), lessThanOrEqualTo(Duration.ofSeconds(5)));

        bringBack(lost, survivor);
    }

    @Test
    @Order(2)
    void standbySiteLosesPowerWithoutHangingWrites() throws Exception {
        Site survivor = stack.leader();
        Site lost = stack.synchronousStandby();
        assertThat("a synchronous standby before the drill", lost, notNullValue());
        Workload workload = twoSiteLoad(lost, survivor);
        await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged().size() >= 20);

        long cut = stack.powerOff(lost.name);
        await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged().stream()
                .filter(w -> w.attemptStartedNanos() > cut + Duration.ofSeconds(5).toNanos()).count() >= 20);
        workload.close();

        List<Long> latencies = workload.acknowledged().stream().filter(w -> w.acknowledgedNanos() > cut)
                .map(w -> w.latency().toMillis()).sorted().toList();
        long max = latencies.get(latencies.size() - 1);
        report.add(String.format("Patroni drill 2 — %s (synchronous standby) powered off: writes after the cut %d,"
                + " p50 %d ms, max %d ms; reads through gateway %s failed %d", lost.label(), latencies.size(),
                latencies.get(latencies.size() / 2), max, survivor.name.toUpperCase(), workload.failedReads().size()));
        assertTheUsualInvariants(workload, survivor, "reads through the surviving gateway");
        // Patroni drops the lost standby from synchronous_standby_names at its next loop (1 s).
        assertThat("slowest write after the standby's loss", Duration.ofMillis(max), lessThan(Duration.ofSeconds(5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> stack.synchronousStandby() == null);

        bringBack(lost, survivor);
    }

    /**
     * The standby's PostgreSQL freezes for 8 s under load (a stalled VM): the leader stops waiting
     * for it, Patroni makes it synchronous again once it streams, and only then is the primary's
     * site lost — the standby that comes out of it is promoted and has every acknowledged write.
     */
    @Test
    @Order(3)
    void aFrozenStandbyIsSynchronousAgainBeforeThePrimaryIsLost() throws Exception {
        Site primary = stack.leader();
        Site standby = stack.synchronousStandby();
        Workload workload = twoSiteLoad(primary, standby);
        await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged().size() >= 20);

        AtomicLong thawed = new AtomicLong();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        Freeze.stop(postgresOf(standby));
        timer.schedule(() -> {
            Freeze.resume(postgresOf(standby));
            thawed.set(System.nanoTime());
        }, 8, TimeUnit.SECONDS);
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> stack.synchronousStandby() == null);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> thawed.get() != 0 && standby.equals(stack.synchronousStandby()));
        } finally {
            timer.shutdown();
            if (!timer.awaitTermination(10, TimeUnit.SECONDS) || thawed.get() == 0) {
                Freeze.resume(postgresOf(standby));
            }
        }
        long synchronousAgain = System.nanoTime() - thawed.get();

        long cut = stack.powerOff(primary.name);
        long writesBack = awaitWritesBack(workload, cut);
        finish(workload, 20);
        report.add(String.format("Patroni drill 3 — %s's PostgreSQL frozen 8 s under load: synchronous again %d ms after"
                + " it resumed (target < 5 000); then %s powered off: writes back after %d ms", standby.label(),
                synchronousAgain / 1_000_000, primary.label(), writesBack / 1_000_000));
        assertThat("synchronous again after the freeze", Duration.ofNanos(synchronousAgain), lessThan(Duration.ofSeconds(5)));
        assertThat("new leader", stack.leader(), is(standby));
        assertTheUsualInvariants(workload, standby, "reads through the surviving gateway");
        assertThat("time until writes succeed again", Duration.ofNanos(writesBack), lessThan(Duration.ofSeconds(15)));

        bringBack(primary, standby);
    }

    /**
     * The primary's site is cut off from the other two while everything in it keeps running, and
     * its own clinicians keep writing through its gateway. It must stop acknowledging writes
     * before the other site is promoted; after the links return, both sites hold the same rows.
     */
    @Test
    @Order(4)
    void aPartitionedPrimaryStopsTakingWritesBeforeTheOtherSiteIsPromoted() throws Exception {
        Site isolated = stack.leader();
        Site survivor = stack.synchronousStandby();
        Workload workload = twoSiteLoad(isolated, survivor);
        await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged().size() >= 30);

        AtomicLong isolatedReadOnlyAt = new AtomicLong();
        AtomicLong survivorPromotedAt = new AtomicLong();
        ScheduledExecutorService roles = Executors.newSingleThreadScheduledExecutor();
        long cut = System.nanoTime();
        stack.partition(isolated.name);
        // A write that began while the routes were being put in place could still reach the other
        // site and be acknowledged, rightly (CI, 2026-12-01: one began as the cut was asked for and
        // was acknowledged by site A 25 ms later, before its routes were all in place). One that
        // began once every route is in place must not be; and every write the isolated site
        // acknowledged is still checked to be at the surviving site after the heal.
        long cutInEffect = System.nanoTime();
        // From this host both sites stay reachable: record when each changed role.
        roles.scheduleAtFixedRate(() -> {
            if (isolatedReadOnlyAt.get() == 0 && isolated.inRecovery().map(r -> r).orElse(true)) {
                isolatedReadOnlyAt.set(System.nanoTime());
            }
            if (survivorPromotedAt.get() == 0 && survivor.inRecovery().map(r -> !r).orElse(false)) {
                survivorPromotedAt.set(System.nanoTime());
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        long writesBack;
        try {
            writesBack = awaitWritesBack(workload, cut);
            await().atMost(Duration.ofSeconds(30)).until(() -> isolatedReadOnlyAt.get() != 0 && survivorPromotedAt.get() != 0);
            finish(workload, 20);
        } finally {
            roles.shutdownNow();
        }
        List<Workload.Write> byIsolatedAfterCut = workload.acknowledged().stream()
                .filter(w -> w.servedBy().equals(isolated.name) && w.attemptStartedNanos() > cutInEffect).toList();
        report.add(String.format("Patroni drill 4 — %s (leader) partitioned from %s and the witness, its processes running",
                isolated.label(), survivor.label()));
        report.add(String.format("  %s stopped taking writes %d ms after the cut, %s promoted after %d ms; writes back"
                        + " through either gateway after %d ms", isolated.label(), (isolatedReadOnlyAt.get() - cut) / 1_000_000,
                survivor.label(), (survivorPromotedAt.get() - cut) / 1_000_000, writesBack / 1_000_000));
        report.add(String.format("  writes acknowledged by the isolated %s after the cut: %d; reads through gateway %s %d,"
                + " failed %d", isolated.label(), byIsolatedAfterCut.size(), survivor.name.toUpperCase(), workload.reads(),
                workload.failedReads().size()));
        assertThat("writes acknowledged by the isolated site after the cut", byIsolatedAfterCut, empty());
        assertTrue(isolatedReadOnlyAt.get() < survivorPromotedAt.get(), "two primaries at once: the isolated site was"
                + " still writable " + (isolatedReadOnlyAt.get() - survivorPromotedAt.get()) / 1_000_000
                + " ms after the other was promoted");
        assertTheUsualInvariants(workload, survivor, "reads through the surviving gateway");

        long healed = System.nanoTime();
        stack.heal();
        await().atMost(Duration.ofSeconds(120)).until(() -> isolated.equals(stack.synchronousStandby()));
        checks.assertCaughtUpAndSynchronous(survivor, isolated);
        assertEquals(DrillChecks.fingerprint(survivor), DrillChecks.fingerprint(isolated), "rows at both sites after heal");
        report.add(String.format("  after heal: %s rejoined as synchronous standby in %.1f s, both sites hold the same rows;"
                + " leader %s", isolated.label(), (System.nanoTime() - healed) / 1e9, stack.leader().label()));
        // The site that came back from its partition must not take the lead back on a stale view.
        assertThat("leader after heal", stack.leader(), is(survivor));
        checks.assertEveryAcknowledgedWriteExactlyOnce(workload.acknowledged(), survivor);
    }

    /**
     * The standby freezes, the leader goes on alone and acknowledges a write, then the leader's
     * site loses power and the standby resumes: Patroni promotes nobody (the sync key names no
     * member), './relais status' says why and gives the command; a person's forced promotion goes
     * through Patroni and brings writes back; the old leader rejoins (rewound) as synchronous standby.
     */
    @Test
    @Order(5)
    void anAsynchronousStandbyIsNeverPromotedByPatroni() throws Exception {
        Site primary = stack.leader();
        Site standby = stack.synchronousStandby();
        Freeze.stop(postgresOf(standby));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> stack.synchronousStandby() == null);
            new ApiClient(gateway(primary.name), clinician).create("/api/records/patients/" + patients.get(1) + "/entries",
                    "{\"kind\":\"note\",\"display\":\"Saisie acquittée par " + primary.label() + " seul\"}",
                    "patroni-alone-" + System.nanoTime());
            stack.powerOff(primary.name);
        } finally {
            Freeze.resume(postgresOf(standby));
        }
        // The lost leader's key expires after its ttl (10 s); a synchronous standby would take it
        // within a loop (1 s). Ten loops later, nobody has.
        await().atMost(Duration.ofSeconds(15)).until(() -> stack.leader() == null);
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(12)).until(() -> stack.leader() == null);
        assertTrue(standby.inRecovery().orElse(true), standby.label() + " accepts writes without a decision");
        String status = stack.describe();
        assertTrue(status.contains("PROMOTION HELD") && status.contains("./relais promote " + standby.name
                + " --accept-data-loss"), status);

        long decided = System.nanoTime();
        stack.forcePromote(standby.name);
        ApiClient survivor = new ApiClient(gateway(standby.name), clinician);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> survivor.create(
                "/api/records/patients/" + patients.get(2) + "/entries",
                "{\"kind\":\"note\",\"display\":\"Après la bascule forcée\"}", "patroni-forced-" + decided) != null);
        report.add(String.format("Patroni drill 5 — %s frozen, %s acknowledged alone then lost: nobody promoted 10 s past the key's expiry"
                        + " (PROMOTION HELD in ./relais status); forced promotion by a person: writes back %d ms after"
                        + " the decision", standby.label(), primary.label(), (System.nanoTime() - decided) / 1_000_000));

        bringBack(primary, standby);
    }

    /** Writers at both sites (own gateway first, then the other), readers through the survivor's gateway only. */
    private static Workload twoSiteLoad(Site lost, Site survivor) {
        return new Workload(clinician, patients)
                .writer(lost.url("gateway"), survivor.url("gateway")).writer(lost.url("gateway"), survivor.url("gateway"))
                .writer(survivor.url("gateway"), lost.url("gateway")).writer(survivor.url("gateway"), lost.url("gateway"))
                .reader(survivor.url("gateway")).reader(survivor.url("gateway"));
    }

    private static long awaitWritesBack(Workload workload, long cut) {
        await().atMost(Duration.ofSeconds(45)).until(() -> DrillChecks.firstWriteAfter(workload, cut) > 0);
        return DrillChecks.firstWriteAfter(workload, cut) - cut;
    }

    /** Lets {@code more} writes through after the event, then stops the workload. */
    private static void finish(Workload workload, int more) throws InterruptedException {
        int now = workload.acknowledged().size();
        await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged().size() >= now + more);
        workload.close();
    }

    private static void assertTheUsualInvariants(Workload workload, Site primary, String reads) throws Exception {
        assertThat("answers a client could not act on", workload.unexpected(), empty());
        checks.assertNoFailedRead(reads, workload);
        assertThat("writes never acknowledged within 60 s", workload.abandoned(), empty());
        checks.assertEveryAcknowledgedWriteExactlyOnce(workload.acknowledged(), primary);
    }

    private static void bringBack(Site lost, Site primary) throws Exception {
        long powerOn = System.nanoTime();
        stack.powerOn(lost.name);
        checks.assertCaughtUpAndSynchronous(primary, lost);
        report.add(String.format("  %s back (Patroni rejoined it, services ready) and synchronous in %.1f s", lost.label(),
                (System.nanoTime() - powerOn) / 1e9));
    }

    /** The PostgreSQL processes of a site (not Patroni), listed afresh at each call: what a freeze stops. */
    private static Supplier<List<ProcessHandle>> postgresOf(Site site) {
        return () -> stack.postgresProcesses(site.name);
    }

    private static String gateway(String site) {
        return stack.site(site).url("gateway");
    }
}
