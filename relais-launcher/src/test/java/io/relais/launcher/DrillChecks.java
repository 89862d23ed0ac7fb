package io.relais.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.empty;

/**
 * The checks every drill makes, whatever HA engine runs under it (the stand-in in
 * PowerLossDrillIT, Patroni in PatroniDrillIT): no failed read, every acknowledged write exactly
 * once, both sites holding the same rows, what the status pages say. Figures go to the report.
 */
final class DrillChecks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([0-9a-f-]{36})\"");

    private final LocalStack stack;
    private final Path run;
    private final List<String> report;

    DrillChecks(LocalStack stack, Path run, List<String> report) {
        this.stack = stack;
        this.run = run;
        this.report = report;
    }

    /**
     * No read failed; otherwise the message carries the log lines of every process that handled
     * the failed reads (found by request id), so that a drill failing in CI says why without the
     * run directory, which is gone by then.
     */
    void assertNoFailedRead(String reads, Workload workload) throws IOException {
        List<Workload.FailedRead> failed = workload.failedReads();
        assertThat(reads + whatTheLogsSay(failed), failed, empty());
    }

    private String whatTheLogsSay(List<Workload.FailedRead> failed) throws IOException {
        Set<String> ids = failed.stream().flatMap(f -> REQUEST_ID.matcher(f.why()).results().map(m -> m.group(1)))
                .collect(Collectors.toSet());
        if (ids.isEmpty()) {
            return "";
        }
        StringBuilder lines = new StringBuilder("\nlog lines of these requests:");
        try (var logs = Files.list(run.resolve("logs"))) {
            for (Path log : logs.sorted().toList()) {
                for (String line : Files.readAllLines(log)) {
                    if (ids.stream().anyMatch(line::contains)) {
                        lines.append("\n  ").append(log.getFileName()).append(": ").append(line);
                    }
                }
            }
        }
        return lines.toString();
    }

    /** Every acknowledged note is in the primary's database exactly once; no note exists twice. */
    void assertEveryAcknowledgedWriteExactlyOnce(List<Workload.Write> writes, Site primary) throws SQLException {
        Map<String, Integer> stored = new HashMap<>();
        try (Connection c = primary.superuserConnection("records"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT text, count(*) FROM clinical_entry WHERE text LIKE 'drill %' GROUP BY text")) {
            while (rs.next()) {
                stored.put(rs.getString(1), rs.getInt(2));
            }
        }
        Set<String> missing = writes.stream().map(Workload.Write::marker).filter(m -> !stored.containsKey(m))
                .collect(Collectors.toSet());
        Map<String, Integer> duplicated = stored.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        report.add(String.format("  acknowledged writes missing on %s: %d (RPO = 0), stored twice: %d",
                primary.label(), missing.size(), duplicated.size()));
        assertThat("acknowledged writes lost", missing, empty());
        assertThat("writes stored more than once", duplicated, anEmptyMap());
    }

    /** The returning site streams synchronously from the primary and holds the same clinical data. */
    void assertCaughtUpAndSynchronous(Site primary, Site standby) {
        await().atMost(Duration.ofSeconds(30)).until(() -> "sync".equals(syncState(primary, standby.replicationName())));
        await().atMost(Duration.ofSeconds(30)).until(() -> fingerprint(standby).equals(fingerprint(primary)));
    }

    private static String syncState(Site primary, String standbyName) throws SQLException {
        try (Connection c = primary.superuserConnection("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sync_state FROM pg_stat_replication WHERE state = 'streaming'"
                     + " AND application_name = '" + standbyName + "'")) {
            return rs.next() ? rs.getString(1) : "absent";
        }
    }

    /** Row count and digest of every clinical entry: equal on two sites when they hold the same rows. */
    static String fingerprint(Site site) throws SQLException {
        try (Connection c = site.superuserConnection("records"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) || ':' || md5(string_agg(id::text || coalesce(text, ''), ','"
                     + " ORDER BY id)) FROM clinical_entry")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The drill's eight patients, created through a gateway (IPP {@code <prefix>000}…); their ids. */
    static List<String> createPatients(ApiClient api, String prefix) throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(api.create("/api/records/patients", """
                    {"ipp":"%s%03d","familyName":"Exercice","givenNames":"Patient %d","birthDate":"1960-01-0%d","sex":"female"}"""
                    .formatted(prefix, i, i, i + 1), prefix.toLowerCase(java.util.Locale.ROOT) + "-patient-" + i));
        }
        return ids;
    }

    /** Earliest acknowledgement of a write whose successful attempt began after the cut; 0 if none yet. */
    static long firstWriteAfter(Workload workload, long cut) {
        return workload.acknowledged().stream().filter(w -> w.attemptStartedNanos() > cut)
                .mapToLong(Workload.Write::acknowledgedNanos).min().orElse(0);
    }

    /** Polls a site's status page until a site group shows the status; returns when it did. */
    long awaitSiteStatus(String page, String group, String status, Duration atMost) {
        long[] seen = {0};
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode summary = JSON.readTree(get(stack.site(page).url("status") + "/api/v2/summary.json"));
            for (JsonNode component : summary.get("components")) {
                if (component.get("group").asBoolean() && group.equals(component.get("name").asText())
                        && status.equals(component.get("status").asText())) {
                    seen[0] = System.nanoTime();
                    return true;
                }
            }
            return false;
        });
        return seen[0];
    }

    String unresolvedIncidents(String page) throws Exception {
        return get(stack.site(page).url("status") + "/api/v2/incidents/unresolved.json");
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
