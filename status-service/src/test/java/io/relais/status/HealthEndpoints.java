package io.relais.status;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.relais.local.postgres.EmbeddedPostgresCluster;
import io.relais.testing.PostgresTestResource;
import io.relais.testing.SharedPostgres;
import io.relais.testing.TcpProxy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Two sites of real HTTP health endpoints for the status page to probe, answering like Quarkus'
 * SmallRye Health. A site is "powered off" by closing its servers (connections are refused),
 * and powered on again on the same ports. Also gives the service its own database.
 */
public class HealthEndpoints implements QuarkusTestResourceLifecycleManager {

    public enum Mode { UP, READ_ONLY, FAIL_503, PACKS_OVERDUE }

    static final String[] SITES = {"a", "b"};
    static final String[] SERVICES = {"records", "directory"};
    private static final Map<String, HttpServer> SERVERS = new ConcurrentHashMap<>();
    private static final Map<String, Integer> PORTS = new ConcurrentHashMap<>();
    private static final Map<String, Mode> MODES = new ConcurrentHashMap<>();

    /** Between the service and its database, so that a test can cut the database off. */
    private static TcpProxy database;

    @Override
    public Map<String, String> start() {
        EmbeddedPostgresCluster.ServiceDatabase db = SharedPostgres.get().database("status");
        database = new TcpProxy(java.net.URI.create(db.jdbcUrl().substring(5)).getPort());
        Map<String, String> config = new HashMap<>(PostgresTestResource.serviceConfig(
                "jdbc:postgresql://127.0.0.1:" + database.port() + "/status", db));
        for (String site : SITES) {
            config.put("status.sites." + site + ".name", "Site " + site.toUpperCase());
            config.put("status.sites." + site + ".position", site.equals("a") ? "1" : "2");
            for (String service : SERVICES) {
                String id = service + "-" + site;
                serve(id, 0);
                config.put("status.targets." + id + ".site", site);
                config.put("status.targets." + id + ".name", service.equals("records") ? "Dossier patient" : "Annuaire");
                config.put("status.targets." + id + ".url", "http://127.0.0.1:" + PORTS.get(id) + "/q/health/ready");
                config.put("status.targets." + id + ".fallback", "Procédure papier " + service);
            }
        }
        config.put("status.probe.interval", "1s");
        config.put("status.probe.timeout", "500ms");
        config.put("status.cache-refresh", "1s");
        config.put("status.uptime-flush", "2s");
        config.put("status.page.url", "http://status.relais.invalid");
        return config;
    }

    @Override
    public void stop() {
        SERVERS.values().forEach(s -> s.stop(0));
        SERVERS.clear();
        database.close();
    }

    /** Cuts a whole site: every one of its health endpoints stops accepting connections. */
    public static void powerOff(String site) {
        for (String service : SERVICES) {
            HttpServer server = SERVERS.remove(service + "-" + site);
            if (server != null) {
                server.stop(0);
            }
        }
    }

    public static void powerOn(String site) {
        for (String service : SERVICES) {
            String id = service + "-" + site;
            if (!SERVERS.containsKey(id)) {
                serve(id, PORTS.get(id));
            }
        }
    }

    /** The database becomes unreachable: connections are reset and refused. */
    public static void cutDatabase() {
        database.cut();
    }

    public static void restoreDatabase() {
        database.restore();
    }

    public static void set(String id, Mode mode) {
        MODES.put(id, mode);
    }

    public static void allUp() {
        for (String site : SITES) {
            powerOn(site);
        }
        MODES.clear();
    }

    private static void serve(String id, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
            server.createContext("/q/health/ready", exchange -> {
                Mode mode = MODES.getOrDefault(id, Mode.UP);
                String writes = mode == Mode.READ_ONLY ? "read_only" : "writable";
                String body = mode == Mode.FAIL_503 ? "{\"status\":\"DOWN\",\"checks\":[]}"
                        // As SmallRye Health prints a Relais service's checks.
                        : "{\"status\":\"UP\",\"checks\":[{\"name\":\"database-writes\",\"status\":\"UP\",\"data\":{\"writes\":\""
                        + writes + "\",\"degraded\": " + (mode == Mode.READ_ONLY) + "}},{\"name\":\"audit-journal\",\"status\":\"UP\","
                        + "\"data\":{\"degraded\": false}},{\"name\":\"downtime-packs\",\"status\":\"UP\",\"data\":{\"units\":3,"
                        + "\"overdue\":" + (mode == Mode.PACKS_OVERDUE ? 1 : 0) + ",\"degraded\":" + (mode == Mode.PACKS_OVERDUE)
                        + ",\"todo\":\"nothing\"}}]}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(mode == Mode.FAIL_503 ? 503 : 200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            SERVERS.put(id, server);
            PORTS.put(id, server.getAddress().getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not serve " + id + " on port " + port, e);
        }
    }
}
