package io.relais.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relais.local.files.DirectoryTrees;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Patroni from Debian's packages managing PostgreSQL 15 at sites a and b, with a three-member
 * etcd cluster — one member per site and one at the witness site c, the smallest quorum that
 * survives the loss of either hosting provider. Writes each member's configuration (passwords
 * generated per run), starts and stops the processes inside the sites' network namespaces, and
 * reads the cluster's state where Patroni keeps it: in etcd, from whichever member has a quorum.
 *
 * <p>The timings and modes are explained in docs/operations.md ("Patroni and an etcd witness").
 */
final class PatroniCluster {

    static final String SCOPE = "relais";
    static final String BIN = "/usr/lib/postgresql/15/bin";
    static final int POSTGRES_PORT = 5432;
    static final int API_PORT = 8008;
    private static final int ETCD_CLIENT_PORT = 2379;
    private static final int ETCD_PEER_PORT = 2380;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Leader key lifetime, HA loop period and DCS/PostgreSQL retry budget; ttl ≥ loop_wait + 2 × retry_timeout. */
    static final int TTL = 10;
    static final int LOOP_WAIT = 1;
    static final int RETRY_TIMEOUT = 4;

    /**
     * What Patroni keeps in etcd: the leader, the member it may promote, the leader that wrote
     * that (the sync key's own {@code leader}), and each member's last report.
     */
    record State(String leader, String synchronous, String synchronousKeyWriter, Map<String, Member> members) {

        Optional<Member> member(String name) {
            return Optional.ofNullable(members.get(name));
        }
    }

    /** One member's last report: state, WAL position, timeline. */
    record Member(String name, String state, long walPosition, long timeline) {
    }

    private final SiteNetwork network;
    private final List<String> dataSites;
    private final String witness;
    private final Path root;
    private final Path logs;
    private final String superuserPassword = secret();
    private final String replicationPassword = secret();
    private final String rewindPassword = secret();
    private final String apiPassword = secret();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Map<String, Process> processes = new LinkedHashMap<>();

    /**
     * @param root where PostgreSQL's data and Patroni's configuration live: a directory the
     *             {@code postgres} user can reach (the repository may sit under /root)
     */
    PatroniCluster(SiteNetwork network, List<String> dataSites, String witness, Path root, Path logs) {
        this.network = network;
        this.dataSites = List.copyOf(dataSites);
        this.witness = witness;
        this.root = root;
        this.logs = logs;
    }

    String superuserPassword() {
        return superuserPassword;
    }

    /** What is missing on this machine for Patroni mode, with the command that installs it; empty when nothing is. */
    static Optional<String> unavailable() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(Path.of("/usr/bin/patroni"))) {
            missing.add("patroni");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/etcd"))) {
            missing.add("etcd-server");
        }
        if (!Files.isExecutable(Path.of(BIN, "postgres"))) {
            missing.add("postgresql-15");
        }
        if (!missing.isEmpty()) {
            return Optional.of("Patroni mode needs Debian's " + String.join(", ", missing)
                    + ": apt-get install -y patroni etcd-server postgresql-15");
        }
        return SiteNetwork.unavailable();
    }

    /** Creates the data root, owned by {@code postgres} and closed to everyone else. */
    void prepare() throws IOException {
        DirectoryTrees.delete(root);
        Files.createDirectories(root);
        Files.createDirectories(logs);
        for (String site : dataSites) {
            Files.createDirectories(root.resolve("site-" + site));
            Files.writeString(root.resolve("patroni-" + site + ".yml"), configuration(site));
        }
        exec(List.of("chown", "-R", "postgres:postgres", root.toString()));
        exec(List.of("chmod", "-R", "go-rwx", root.toString()));
        exec(List.of("chmod", "711", root.toString()));
    }

    /** Starts (or restarts, with its data) a site's etcd member. */
    void startEtcd(String site) throws IOException {
        StringBuilder cluster = new StringBuilder();
        for (String member : allSites()) {
            cluster.append(cluster.length() == 0 ? "" : ",").append(member).append("=").append(peerUrl(member));
        }
        List<String> command = new ArrayList<>(network.exec(site));
        command.addAll(List.of("/usr/bin/etcd", "--name", site,
                "--data-dir", root.resolve("etcd-" + site).toString(),
                "--listen-peer-urls", peerUrl(site), "--initial-advertise-peer-urls", peerUrl(site),
                "--listen-client-urls", clientUrl(site), "--advertise-client-urls", clientUrl(site),
                "--initial-cluster", cluster.toString(), "--initial-cluster-state", "new",
                "--initial-cluster-token", SCOPE + "-" + root.getFileName(),
                // Sites a few milliseconds apart: a leader is re-elected within ~1 s of a loss.
                "--heartbeat-interval", "100", "--election-timeout", "1000",
                // A member coming back from a partition must not depose the majority's leader
                // with the terms it inflated while alone (client requests fail during the election).
                "--pre-vote=true",
                // Patroni speaks etcd's v2 API here, whose leader-key update is a compare-and-swap:
                // see configuration().
                "--enable-v2=true"));
        start("etcd-" + site, command);
    }

    /** Starts a site's Patroni as the postgres user; it starts, rewinds or re-clones PostgreSQL as it decides. */
    void startPatroni(String site) throws IOException {
        List<String> command = new ArrayList<>(network.exec(site));
        command.addAll(List.of("runuser", "-u", "postgres", "--", "/usr/bin/patroni",
                root.resolve("patroni-" + site + ".yml").toString()));
        start("patroni-" + site, command);
    }

    private void start(String name, List<String> command) throws IOException {
        Process previous = processes.get(name);
        if (previous != null && previous.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + previous.pid() + ")");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        builder.environment().put("HOME", root.toString());
        processes.put(name, builder.start());
    }

    /** Whether a site's etcd member answers its health check (it has a quorum). */
    boolean etcdHealthy(String site) {
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(clientUrl(site) + "/health"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"true\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The cluster's state from the first etcd member that answers a quorum read, which only a
     * member in the majority can: an isolated site's view is never taken for the truth.
     */
    Optional<State> state() {
        for (String site : allSites()) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(clientUrl(site) + "/v2/keys/service/"
                                + SCOPE + "?recursive=true&quorum=true")).timeout(Duration.ofMillis(1500)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return Optional.of(parse(JSON.readTree(answer.body()).path("node")));
                }
            } catch (IOException unreachableOrNoQuorum) {
                // The next member may be in the majority.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static State parse(JsonNode scope) throws IOException {
        String leader = null;
        String synchronous = null;
        String synchronousKeyWriter = null;
        Map<String, Member> members = new LinkedHashMap<>();
        String prefix = "/service/" + SCOPE + "/";
        for (JsonNode node : scope.path("nodes")) {
            String key = node.path("key").asText().substring(prefix.length());
            if (key.equals("leader")) {
                leader = node.path("value").asText();
            } else if (key.equals("sync")) {
                JsonNode sync = JSON.readTree(node.path("value").asText());
                synchronous = sync.hasNonNull("sync_standby") ? sync.get("sync_standby").asText() : null;
                synchronousKeyWriter = sync.hasNonNull("leader") ? sync.get("leader").asText() : null;
            } else if (key.equals("members")) {
                for (JsonNode memberNode : node.path("nodes")) {
                    String name = memberNode.path("key").asText().substring((prefix + "members/").length());
                    JsonNode m = JSON.readTree(memberNode.path("value").asText());
                    members.put(name, new Member(name, m.path("state").asText(),
                            m.path("xlog_location").asLong(), m.path("timeline").asLong()));
                }
            }
        }
        return new State(leader, synchronous, synchronousKeyWriter, members);
    }

    /** Planned switchover through Patroni's REST API: the synchronous standby is promoted once it has every WAL record. */
    void switchover(String leader, String candidate) throws IOException, InterruptedException {
        api(leader, "POST", "/switchover", "{\"leader\":\"" + member(leader) + "\",\"candidate\":\"" + member(candidate) + "\"}");
    }

    /**
     * A person's forced promotion of a member that was not synchronous: Patroni promotes only the
     * synchronous standby, so synchronous mode is suspended for the failover and restored after.
     * Whether the promotion happened is for the caller to read from etcd: Patroni 3.0.2's API can
     * answer "Failover failed" when the candidate took the key before the API's own poll saw it.
     */
    void forceFailover(String candidate) throws IOException, InterruptedException {
        api(candidate, "PATCH", "/config", "{\"synchronous_mode\":false}");
        HttpResponse<String> answer = send(candidate, "POST", "/failover", "{\"candidate\":\"" + member(candidate) + "\"}");
        if (answer.statusCode() != 200) {
            System.err.println("[relais-ha] Patroni answered HTTP " + answer.statusCode() + " to the failover (" + answer.body().strip()
                    + "); checking etcd for the outcome");
        }
    }

    void restoreSynchronousMode(String site) throws IOException, InterruptedException {
        api(site, "PATCH", "/config", "{\"synchronous_mode\":true}");
    }

    private void api(String site, String method, String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(site, method, path, json);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("Patroni refused " + method + " " + path + " (HTTP " + answer.statusCode() + "): "
                    + answer.body().strip() + " — see " + logs.resolve("patroni-" + site + ".log"));
        }
    }

    private HttpResponse<String> send(String site, String method, String path, String json)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + network.address(site) + ":"
                        + API_PORT + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + base64("relais:" + apiPassword))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stops Patroni (which shuts PostgreSQL down cleanly), then etcd. */
    void stop() {
        for (String prefix : List.of("patroni-", "etcd-")) {
            processes.forEach((name, process) -> {
                if (name.startsWith(prefix) && process.isAlive()) {
                    process.destroy();
                }
            });
            processes.forEach((name, process) -> {
                try {
                    if (name.startsWith(prefix) && !process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    /** Removes the data root (PostgreSQL's data and the generated passwords). */
    void delete() throws IOException {
        DirectoryTrees.delete(root);
    }

    static String member(String site) {
        return "site_" + site;
    }

    private List<String> allSites() {
        List<String> all = new ArrayList<>(dataSites);
        all.add(witness);
        return all;
    }

    private String peerUrl(String site) {
        return "http://" + network.address(site) + ":" + ETCD_PEER_PORT;
    }

    private String clientUrl(String site) {
        return "http://" + network.address(site) + ":" + ETCD_CLIENT_PORT;
    }

    private String configuration(String site) {
        String address = network.address(site);
        Path data = root.resolve("site-" + site);
        StringBuilder etcd = new StringBuilder();
        for (String member : allSites()) {
            etcd.append(etcd.length() == 0 ? "" : ",").append(network.address(member)).append(':').append(ETCD_CLIENT_PORT);
        }
        return """
                # Generated by ./relais up --ha patroni for this run; passwords are new at every start.
                scope: %1$s
                name: %2$s
                restapi:
                  listen: %3$s:%4$d
                  connect_address: %3$s:%4$d
                  authentication: {username: relais, password: '%5$s'}
                # etcd's v2 API, not etcd3: Patroni 3.0.2 renews its leader key through etcd3 with an
                # unconditional put once its lease has changed, from a possibly stale view; after a
                # partition healed, the formerly isolated leader overwrote the new leader's key and
                # promoted itself (PatroniDrillIT). Through v2 the renewal is a compare-and-swap.
                etcd:
                  hosts: %6$s
                bootstrap:
                  dcs:
                    ttl: %7$d
                    loop_wait: %8$d
                    retry_timeout: %9$d
                    maximum_lag_on_failover: 1048576
                    synchronous_mode: true
                    synchronous_mode_strict: false
                    postgresql:
                      use_pg_rewind: true
                      use_slots: true
                      parameters:
                        wal_level: replica
                        hot_standby: 'on'
                        wal_log_hints: 'on'
                        max_connections: 200
                        max_wal_senders: 10
                        max_replication_slots: 10
                        wal_keep_size: 256MB
                        wal_sender_timeout: 5s
                        wal_receiver_status_interval: 1s
                  initdb:
                  - encoding: UTF8
                  - data-checksums
                  - locale: C.UTF-8
                postgresql:
                  listen: %3$s,127.0.0.1:%10$d
                  connect_address: %3$s:%10$d
                  data_dir: %11$s/data
                  bin_dir: %12$s
                  pgpass: %11$s/pgpass
                  # A new clone must not wait for a spread checkpoint (minutes) while its site is unprotected.
                  basebackup:
                  - checkpoint: fast
                  remove_data_directory_on_rewind_failure: true
                  remove_data_directory_on_diverged_timelines: true
                  authentication:
                    superuser: {username: postgres, password: '%13$s'}
                    replication: {username: replicator, password: '%14$s'}
                    rewind: {username: rewinder, password: '%15$s'}
                  parameters:
                    unix_socket_directories: '%11$s'
                  pg_hba:
                  - local all postgres peer
                  - host all all 127.0.0.1/32 scram-sha-256
                  - host all all %16$s scram-sha-256
                  - host replication replicator %16$s scram-sha-256
                  # Patroni asks its own server for its timeline over a local replication connection.
                  - host replication replicator 127.0.0.1/32 scram-sha-256
                """.formatted(SCOPE, member(site), address, API_PORT, apiPassword, etcd, TTL, LOOP_WAIT, RETRY_TIMEOUT,
                POSTGRES_PORT, data, BIN, superuserPassword, replicationPassword, rewindPassword, network.cidr());
    }

    private static void exec(List<String> command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String secret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
