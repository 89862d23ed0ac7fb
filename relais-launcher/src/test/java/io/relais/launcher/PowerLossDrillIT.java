package io.relais.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relais.local.files.DirectoryTrees;
import io.relais.local.identity.DevKeys;
import io.relais.local.identity.DevTokens;
import io.relais.local.postgres.Freeze;
import io.relais.local.postgres.Replication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.function.Supplier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The power-loss drill of docs/operations.md, on real processes: two sites started by the
 * launcher, a workload through both gateways, then every process of a site SIGKILLed at a random
 * moment. Asserts the invariants of DESIGN.md and prints what a reviewer wants to know.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PowerLossDrillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private static final Path RUN = Path.of("target/drill").toAbsolutePath();
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([0-9a-f-]{36})\"");

    private static StandInStack stack;
    private static String clinician;
    private static final List<String> patients = new ArrayList<>();
    private static final List<String> report = new ArrayList<>();
    private static DrillChecks checks;
    /** A unit with three of the drill's patients, one of them allergic: its downtime pack must survive site A. */
    private static final java.util.UUID UNIT = java.util.UUID.randomUUID();

    @BeforeAll
    static void startTwoSites() throws Exception {
        DirectoryTrees.delete(RUN);
        DevKeys keys = DevKeys.loadOrCreate(RUN.resolve("keys"));
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("a", 28080);
        ports.put("b", 29080);
        stack = new StandInStack(new LocalStack.Options(RUN, Path.of("..").toAbsolutePath().normalize(), ports,
                Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(2)), keys, line -> System.out.println("[drill] " + line));
        stack.start();
        checks = new DrillChecks(stack, RUN, report);
        clinician = new DevTokens(keys).mint("dr.drill", "clinician");
        ApiClient api = new ApiClient(gateway("a"), clinician);
        patients.addAll(DrillChecks.createPatients(api, "DRILL"));
        for (int i = 0; i < 3; i++) {
            api.create("/api/records/patients/" + patients.get(i) + "/stays", """
                    {"unitId":"%s","unitName":"Unité d'exercice","bed":"%d","admittedAt":"%s"}"""
                    .formatted(UNIT, i + 1, java.time.Instant.now().minusSeconds(3600)), "drill-stay-" + i);
        }
        api.create("/api/records/patients/" + patients.get(0) + "/entries",
                "{\"kind\":\"allergy\",\"display\":\"Pénicilline\",\"criticality\":\"high\"}", "drill-allergy");
    }

    @AfterAll
    static void stopEverything() {
        if (stack != null) {
            stack.close();
        }
        System.out.println("\n===== Power-loss drill =====");
        report.forEach(System.out::println);
    }

    /**
     * Hostile requests against the gateway in front of the real services (the full table runs
     * against the gateway alone in HostileClientTest): nothing internal is reached, links never
     * come from the client's Host, and the stack serves on afterwards.
     */
    @Test
    @Order(0)
    void hostileRequestsThroughTheGatewayReachNothingInternal() throws Exception {
        int port = stack.site("a").port("gateway");
        Map<String, Integer> rows = new LinkedHashMap<>();
        rows.put("GET /api/records/../../q/metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400);
        rows.put("GET /api/directory/%2e%2e/%2e%2e/q/openapi HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400);
        rows.put("GET /api/records/..;/q/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400);
        rows.put("GET /q/metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404);
        rows.put("GET /gateway/upstreams HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404);
        rows.put("POST /api/records/patients HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n0\r\n\r\nGET /q/metrics HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        rows.put("GET /api/records/patients?name=Exercice HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + clinician
                + "\r\nConnection: Authorization, close\r\n\r\n", 400);
        for (Map.Entry<String, Integer> row : rows.entrySet()) {
            String answer = RawHttp.exchange("localhost", port, row.getKey());
            assertTrue(answer.startsWith("HTTP/1.1 " + row.getValue()), row.getKey().lines().findFirst().orElse("") + " -> " + answer);
            assertFalse(answer.contains("jvm_") || answer.contains("openapi:"), "internals leaked: " + answer);
        }
        HttpResponse<String> spoofed = HTTP.send(HttpRequest.newBuilder(URI.create(gateway("a")
                        + "/api/records/patients?name=Exercice&size=1"))
                .header("Authorization", "Bearer " + clinician).header("X-Forwarded-Host", "evil.example")
                .header("Forwarded", "host=evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, spoofed.statusCode(), spoofed.body());
        assertTrue(spoofed.body().contains("\"next\":\"" + gateway("a") + "/api/records/patients?"), spoofed.body());
        assertFalse(spoofed.body().contains("evil.example"), spoofed.body());
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(stack.site("a").managementUrl("gateway")
                + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        report.add("hostile requests through gateway A in front of the real services: " + rows.size()
                + " refused as expected, links from the site's public URL");
    }

    @Test
    @Order(1)
    void primarySiteLosesPowerUnderLoad() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Workload workload = new Workload(clinician, patients)
                .writer(gateway("a"), gateway("b")).writer(gateway("a"), gateway("b"))
                .writer(gateway("b"), gateway("a")).writer(gateway("b"), gateway("a"))
                .reader(gateway("b")).reader(gateway("b")).fhirReader(gateway("b"));
        // A random moment under load: after between 20 and 80 acknowledged writes.
        int writesBeforeCut = 20 + random.nextInt(61);
        await().atMost(Duration.ofSeconds(60)).until(() -> workload.acknowledged().size() >= writesBeforeCut);

        java.time.Instant cutAt = java.time.Instant.now();
        long cut = stack.powerOff("a");
        long siteDownShown = checks.awaitSiteStatus("b", "Site A", "major_outage", Duration.ofSeconds(15)) - cut;
        await().atMost(Duration.ofSeconds(30)).until(() -> DrillChecks.firstWriteAfter(workload, cut) > 0);
        long writesBack = DrillChecks.firstWriteAfter(workload, cut) - cut;
        await().atMost(Duration.ofSeconds(30)).until(() -> checks.unresolvedIncidents("b").contains("Bascule des bases de données vers le site B"));
        long packsBack = awaitPackFromThePromotedPrimary("b", cutAt) - cut;
        long acknowledgedWhenBack = workload.acknowledged().size();
        // The FHIR application kept reading through gateway B after the cut, not only before it.
        await().atMost(Duration.ofSeconds(30)).until(() -> workload.fhirReadsAnsweredAfter(cut) >= 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged().size() >= acknowledgedWhenBack + 20);
        workload.close();

        List<Workload.Write> writes = workload.acknowledged();
        report.add(String.format("drill 1 — site A (primary) powered off %.1f s into the load (seed %d)",
                (cut - writes.stream().mapToLong(Workload.Write::startedNanos).min().orElse(cut)) / 1e9, seed));
        report.add(String.format("  acknowledged writes %d, abandoned %d, reads through gateway B %d (and %d by a HAPI"
                        + " FHIR client: read, search, $summary; %d after the cut), failed %d", writes.size(), workload.abandoned().size(),
                workload.reads(), workload.fhirReads(), workload.fhirReadsAnsweredAfter(cut), workload.failedReads().size()));
        report.add(String.format("  writes succeed again %d ms after the cut (target < 10 000)", Duration.ofNanos(writesBack).toMillis()));
        report.add(String.format("  status page B shows site A down %d ms after the cut (target <= 5 000)",
                Duration.ofNanos(siteDownShown).toMillis()));
        report.add("  HA stand-in: " + stack.events().stream().filter(e -> e.contains("promoted")).findFirst().orElse("no promotion"));
        report.add(String.format("  site B's downtime pack remade from its promoted primary %d ms after the cut, served"
                + " through gateway B with the patients' allergies", Duration.ofNanos(packsBack).toMillis()));

        assertThat("answers a client could not act on", workload.unexpected(), empty());
        checks.assertNoFailedRead("reads through gateway B", workload);
        assertThat("writes never acknowledged within 60 s", workload.abandoned(), empty());
        checks.assertEveryAcknowledgedWriteExactlyOnce(writes, stack.site("b"));
        assertThat("time until writes succeed again", Duration.ofNanos(writesBack), lessThan(Duration.ofSeconds(10)));
        assertThat("time until status page B shows site A down", Duration.ofNanos(siteDownShown), lessThanOrEqualTo(Duration.ofSeconds(5)));

        long powerOn = System.nanoTime();
        stack.powerOn("a");
        checks.awaitSiteStatus("b", "Site A", "operational", Duration.ofSeconds(30));
        report.add(String.format("  site A back (re-cloned, services ready) in %.1f s", (System.nanoTime() - powerOn) / 1e9));
        assertCaughtUpAndSynchronous(stack.site("b"), stack.site("a"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !checks.unresolvedIncidents("b").contains("Bascule"));
    }

    @Test
    @Order(2)
    void standbySiteLosesPowerWithoutHangingWrites() throws Exception {
        Site survivor = stack.primary();
        Site lost = stack.standby();
        assertThat("replication synchronous before the second drill", stack.synchronous(), is(true));
        Workload workload = new Workload(clinician, patients)
                .writer(survivor.url("gateway"), lost.url("gateway")).writer(survivor.url("gateway"), lost.url("gateway"))
                .writer(lost.url("gateway"), survivor.url("gateway")).writer(lost.url("gateway"), survivor.url("gateway"))
                .reader(survivor.url("gateway")).reader(survivor.url("gateway"));
        await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged().size() >= 20);

        long cut = stack.powerOff(lost.name);
        await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged().stream()
                .filter(w -> w.attemptStartedNanos() > cut + Duration.ofSeconds(5).toNanos()).count() >= 20);
        workload.close();

        List<Workload.Write> afterCut = workload.acknowledged().stream().filter(w -> w.acknowledgedNanos() > cut).toList();
        List<Long> latencies = afterCut.stream().map(w -> w.latency().toMillis()).sorted().toList();
        long p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
        long max = latencies.get(latencies.size() - 1);
        report.add(String.format("drill 2 — %s (standby) powered off", lost.label()));
        report.add(String.format("  writes after the cut %d: p50 %d ms, p99 %d ms, max %d ms; abandoned %d",
                latencies.size(), latencies.get(latencies.size() / 2), p99, max, workload.abandoned().size()));
        report.add(String.format("  reads through gateway %s %d, failed %d", survivor.name.toUpperCase(), workload.reads(),
                workload.failedReads().size()));
        report.add("  HA stand-in: " + stack.events().stream().filter(e -> e.contains("asynchronous")).findFirst().orElse("stayed synchronous"));

        assertThat("answers a client could not act on", workload.unexpected(), empty());
        checks.assertNoFailedRead("reads through the surviving gateway", workload);
        assertThat("writes never acknowledged", workload.abandoned(), empty());
        // A synchronous commit waits for the standby until the HA stand-in drops to asynchronous
        // (1 s): no write may wait much longer than that, let alone hang.
        assertThat("slowest write after the standby's loss", Duration.ofMillis(max), lessThan(Duration.ofSeconds(5)));
        checks.assertEveryAcknowledgedWriteExactlyOnce(workload.acknowledged(), survivor);
        assertThat("replication dropped to asynchronous", stack.synchronous(), is(false));

        stack.powerOn(lost.name);
        assertCaughtUpAndSynchronous(survivor, lost);
        report.add(String.format("  %s back as synchronous standby", lost.label()));
    }

    @Test
    @Order(3)
    void plannedSwitchoverLosesNothingAndFailsNoRead() throws Exception {
        Site from = stack.primary();
        Site to = stack.standby();
        Workload workload = new Workload(clinician, patients)
                .writer(gateway("a"), gateway("b")).writer(gateway("b"), gateway("a"))
                .reader(gateway("a")).reader(gateway("b"));
        await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged().size() >= 20);
        long started = System.nanoTime();
        stack.switchover();
        long took = System.nanoTime() - started;
        await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged().stream()
                .filter(w -> w.attemptStartedNanos() > started + took).count() >= 20);
        workload.close();

        long slowest = workload.acknowledged().stream().mapToLong(w -> w.latency().toMillis()).max().orElse(0);
        report.add(String.format("switchover — primary moved from %s to %s in %.1f s", from.label(), to.label(), took / 1e9));
        report.add(String.format("  writes %d (slowest %d ms), reads through both gateways %d, failed %d",
                workload.acknowledged().size(), slowest, workload.reads(), workload.failedReads().size()));
        assertThat("answers a client could not act on", workload.unexpected(), empty());
        checks.assertNoFailedRead("reads through either gateway", workload);
        assertThat("writes never acknowledged", workload.abandoned(), empty());
        assertThat("new primary", stack.primary(), is(to));
        checks.assertEveryAcknowledgedWriteExactlyOnce(workload.acknowledged(), to);
        assertCaughtUpAndSynchronous(to, from);
    }

    /**
     * The standby's PostgreSQL freezes (SIGSTOP, as a stalled VM or a cut link would) for 8 s:
     * the primary stops waiting for it, then, once it streams again and has caught up, makes it
     * synchronous again by itself — without anyone running a command.
     */
    @Test
    @Order(4)
    void aFrozenStandbyBecomesSynchronousAgainByItself() throws Exception {
        Site primary = stack.primary();
        Site standby = stack.standby();
        ApiClient api = new ApiClient(gateway(primary.name), clinician);
        java.util.concurrent.atomic.AtomicLong thawed = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        Freeze.stop(postgresOf(standby));
        // The freeze lasts 8 s, whatever the test does meanwhile.
        timer.schedule(() -> {
            Freeze.resume(postgresOf(standby));
            thawed.set(System.nanoTime());
            return null;
        }, 8, java.util.concurrent.TimeUnit.SECONDS);
        try {
            // Acknowledged once the primary stops waiting for its frozen standby: it must not hang.
            api.create("/api/records/patients/" + patients.get(0) + "/entries",
                    "{\"kind\":\"note\",\"display\":\"Pendant le gel du standby\"}", "freeze-" + System.nanoTime());
            await().atMost(Duration.ofSeconds(5)).until(() -> stack.events().stream()
                    .anyMatch(e -> e.contains("replication asynchronous: standby " + standby.label())));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> thawed.get() != 0 && stack.describe().contains("replication: synchronous"));
        } finally {
            timer.shutdown();
            if (!timer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS) || thawed.get() == 0) {
                Freeze.resume(postgresOf(standby));
            }
        }
        long ms = (System.nanoTime() - thawed.get()) / 1_000_000;
        assertThat("synchronous again within 5 s of resuming", ms, lessThan(5_000L));
        assertThat("the stand-in's own flag agrees", stack.synchronous(), is(true));
        report.add(String.format("freeze — %s's PostgreSQL frozen 8 s: asynchronous meanwhile, synchronous again %d ms"
                + " after it resumed (target < 5 000)", standby.label(), ms));
    }

    /**
     * The standby freezes, the primary goes on alone (asynchronous) and acknowledges a write,
     * then the primary's site loses power and the standby resumes: it may lack that write, so it
     * is never promoted on its own. './relais status' says why and gives the command; a person's
     * forced promotion brings writes back, announced as possibly lossy.
     */
    @Test
    @Order(5)
    void anAsynchronousStandbyIsNeverPromotedOnItsOwn() throws Exception {
        Site primary = stack.primary();
        Site standby = stack.standby();
        Freeze.stop(postgresOf(standby));
        String note = "Saisie acquittée par " + primary.label() + " seul";
        try {
            // Acknowledged by the primary alone, once it stopped waiting for its frozen standby.
            new ApiClient(gateway(primary.name), clinician).create("/api/records/patients/" + patients.get(1) + "/entries",
                    "{\"kind\":\"note\",\"display\":\"" + note + "\"}", "alone-" + System.nanoTime());
            await().atMost(Duration.ofSeconds(20)).until(() -> stack.describe().contains("ASYNCHRONOUS"));
            stack.powerOff(primary.name);
        } finally {
            Freeze.resume(postgresOf(standby));
        }
        // Three times the failover delay: a synchronous standby would have been promoted long since.
        await().during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(12))
                .until(() -> standby.inRecovery().orElse(true));
        String status = stack.describe();
        assertTrue(status.contains("PROMOTION HELD") && status.contains("./relais promote " + standby.name
                + " --accept-data-loss"), status);
        assertThat("promoted on its own", eventsSinceThePowerCutOf(primary).stream()
                .filter(e -> e.contains("promoted " + standby.label() + " to primary")).toList(), empty());

        long decided = System.nanoTime();
        stack.forcePromote(standby.name);
        ApiClient survivor = new ApiClient(gateway(standby.name), clinician);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> survivor.create(
                "/api/records/patients/" + patients.get(2) + "/entries", "{\"kind\":\"note\",\"display\":\"Après la bascule forcée\"}",
                "forced-" + decided) != null);
        report.add(String.format("asynchronous standby — %s not promoted on its own (%s lost while %s was frozen);"
                        + " forced promotion by a person: writes back %d ms after the decision", standby.label(),
                primary.label(), standby.label(), (System.nanoTime() - decided) / 1_000_000));

        stack.powerOn(primary.name);
        assertCaughtUpAndSynchronous(standby, primary);
    }

    private static List<String> eventsSinceThePowerCutOf(Site site) {
        List<String> events = stack.events();
        int cut = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).contains("power cut at " + site.label())) {
                cut = i;
            }
        }
        assertTrue(cut >= 0, "no power cut of " + site.label() + " among " + events);
        return events.subList(cut + 1, events.size());
    }

    /** Every process of a site's PostgreSQL, listed afresh at each call: what a freeze stops. */
    private static Supplier<List<ProcessHandle>> postgresOf(Site site) {
        return () -> Replication.processes(site.database);
    }

    /** The returning site is synchronous with the same rows, and the stand-in's own flag agrees. */
    private static void assertCaughtUpAndSynchronous(Site primary, Site standby) {
        checks.assertCaughtUpAndSynchronous(primary, standby);
        assertThat("replication synchronous again", stack.synchronous(), is(true));
    }

    /**
     * Waits until a site's records-service has remade the drill unit's pack after {@code after}
     * from a primary (not a read-only copy), then reads it through that site's gateway as a nurse
     * would print it: a PDF naming the allergy and how bad it is. Returns when the pack was seen.
     */
    private static long awaitPackFromThePromotedPrimary(String site, java.time.Instant after) throws Exception {
        String gateway = gateway(site);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/records/packs"))
                    .header("Authorization", "Bearer " + clinician).build(), HttpResponse.BodyHandlers.ofString());
            if (list.statusCode() != 200) {
                return false;
            }
            for (JsonNode pack : JSON.readTree(list.body())) {
                if (pack.get("unitId").asText().equals(UNIT.toString()) && site.equals(pack.get("site").asText())
                        && !pack.get("fromStandby").asBoolean()
                        && java.time.Instant.parse(pack.get("generatedAt").asText()).isAfter(after)) {
                    return true;
                }
            }
            return false;
        });
        long seen = System.nanoTime();
        HttpResponse<byte[]> pdf = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/records/units/" + UNIT + "/pack.pdf"))
                .header("Authorization", "Bearer " + clinician).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pdf.statusCode());
        assertEquals(site, pdf.headers().firstValue("X-Relais-Site").orElse(""), "served by the site that made it");
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document);
            assertTrue(text.contains("Pénicilline") && text.contains("criticité : ÉLEVÉE") && text.contains("COPIE DE SECOURS"),
                    "the pack names the allergy and its criticality: " + text);
            assertTrue(text.contains("seule base en service"), "the survivor's pack says its data exists nowhere else: " + text);
        }
        return seen;
    }

    private static String gateway(String site) {
        return stack.site(site).url("gateway");
    }
}
