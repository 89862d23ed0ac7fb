package io.relais.launcher;

import io.relais.testing.DevKeys;
import io.relais.testing.DevTokens;
import io.relais.testing.EmbeddedPostgresCluster;
import io.relais.testing.Replication;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack: embedded PostgreSQL, the services, demo data and development tokens on one
 * machine. {@code ./relais up} starts it, Ctrl-C stops everything; {@code ./relais token ROLE}
 * prints a development token.
 */
public final class Relais {

    private static final Path HOME = Path.of(System.getProperty("relais.home", ".relais")).toAbsolutePath();
    private static final Path KEYS = HOME.resolve("keys");

    /** Services with a database, and their port offset from the site's gateway (8080 → records 8081). */
    private static final Map<String, Integer> DATABASE_SERVICES = orderedPorts();
    private static final List<String> ROLES = List.of("clinician", "auditor", "directory-admin", "switchboard", "status-admin");

    private static Map<String, Integer> orderedPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("records", 1);
        ports.put("directory", 2);
        ports.put("status", 3);
        return java.util.Collections.unmodifiableMap(ports);
    }

    private Relais() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        switch (command) {
            case "up" -> up();
            case "token" -> token(args);
            default -> {
                System.err.println("Usage: ./relais up | ./relais token <role> [subject]");
                System.exit(2);
            }
        }
    }

    private static void token(String[] args) {
        if (args.length < 2) {
            System.err.println("Usage: ./relais token <role> [subject]   (roles: " + String.join(", ", ROLES) + ")");
            System.exit(2);
        }
        String subject = args.length > 2 ? args[2] : "dev." + args[1];
        System.out.println(new DevTokens(DevKeys.loadOrCreate(KEYS)).mint(subject, args[1]));
    }

    private static void up() throws Exception {
        long started = System.nanoTime();
        Path runDir = HOME.resolve("run");
        deleteRecursively(runDir);
        Files.createDirectories(runDir);
        DevKeys keys = DevKeys.loadOrCreate(KEYS);
        DevTokens tokens = new DevTokens(keys);
        List<ServiceProcess> services = new ArrayList<>();
        List<EmbeddedPostgresCluster> databases = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Relais…");
            services.forEach(ServiceProcess::stop);
            for (int i = databases.size() - 1; i >= 0; i--) {
                databases.get(i).close();
            }
            System.out.println("Stopped. Logs are in " + runDir.resolve("logs"));
        }, "relais-stop"));

        System.out.println("Starting embedded PostgreSQL 17: primary at site a, synchronous hot standby at site b…");
        EmbeddedPostgresCluster primary = EmbeddedPostgresCluster.start(0, runDir.resolve("site-a/postgres"), Map.of());
        databases.add(primary);
        Map<String, EmbeddedPostgresCluster.ServiceDatabase> serviceDatabases = new LinkedHashMap<>();
        for (String service : DATABASE_SERVICES.keySet()) {
            serviceDatabases.put(service, primary.database(service));
        }
        EmbeddedPostgresCluster standby = Replication.startStandby(primary, "site_b", 0,
                runDir.resolve("site-b/postgres"), true);
        databases.add(standby);
        System.out.println("  postgres@a   127.0.0.1:" + primary.port() + " (primary)");
        System.out.println("  postgres@b   127.0.0.1:" + standby.port() + " (synchronous standby)");

        System.out.println("Starting services at both sites…");
        List<Site> sites = List.of(new Site("a", 8080, primary, standby), new Site("b", 9080, standby, primary));
        for (Site site : sites) {
            services.add(databaseService("records", site, serviceDatabases.get("records"), keys, runDir, Map.of(
                    "RECORDS_AUDIT_JOURNAL", runDir.resolve("site-" + site.name + "/records-audit-journal.ndjson").toString())));
            services.add(databaseService("directory", site, serviceDatabases.get("directory"), keys, runDir, Map.of()));
            services.add(databaseService("status", site, serviceDatabases.get("status"), keys, runDir, Map.of(
                    "STATUS_PAGE_URL", "http://localhost:" + site.port("status"),
                    "STATUS_PAGE_NAME", "Relais — état des services (vu du site " + site.name.toUpperCase() + ")")));
            Map<String, String> gatewayEnv = new LinkedHashMap<>();
            gatewayEnv.put("GATEWAY_SITE", site.name);
            gatewayEnv.put("GATEWAY_SITES", "a,b");
            for (String service : DATABASE_SERVICES.keySet()) {
                for (Site upstream : sites) {
                    gatewayEnv.put("GATEWAY_ROUTES_" + service.toUpperCase() + "_UPSTREAMS_" + upstream.name.toUpperCase(),
                            "http://127.0.0.1:" + upstream.port(service));
                }
            }
            services.add(new ServiceProcess("gateway@" + site.name, Path.of("gateway/target/quarkus-app/quarkus-run.jar"),
                    site.gatewayPort, gatewayEnv, runDir.resolve("logs/gateway-" + site.name + ".log")));
        }
        for (ServiceProcess service : services) {
            service.start();
        }
        for (ServiceProcess service : services) {
            service.awaitReady(Duration.ofSeconds(180));
        }

        awaitGatewaySeesEverySite("http://localhost:8080", Duration.ofSeconds(60));
        System.out.println("Seeding demo data through gateway@a…");
        String clinician = tokens.mint("dr.demo", "clinician");
        int demoPatients = Integer.parseInt(System.getenv().getOrDefault("RELAIS_DEMO_PATIENTS", "200"));
        String firstPatient = new RecordsDemoData(new ApiClient("http://localhost:8080", clinician)).seed(demoPatients);
        int demoStaff = Integer.parseInt(System.getenv().getOrDefault("RELAIS_DEMO_STAFF", "3000"));
        String firstSite = new DirectoryDemoData(new ApiClient("http://localhost:8080",
                tokens.mint("rh.demo", "directory-admin"))).seed(demoStaff);

        System.out.printf("%nRelais is up in %.0f s.%n%n", (System.nanoTime() - started) / 1e9);
        System.out.printf("  %-10s %-28s %s%n", "site", "what", "URL");
        for (Site site : sites) {
            String gw = "http://localhost:" + site.gatewayPort;
            System.out.printf("  %-10s %-28s %s%n", site.name, "status page", "http://localhost:" + site.port("status") + "/");
            System.out.printf("  %-10s %-28s %s%n", "", "gateway", gw + "/api/records/patients?name=dupont");
            System.out.printf("  %-10s %-28s %s%n", "", "patient summary", gw + "/api/records/patients/" + firstPatient + "/summary");
            System.out.printf("  %-10s %-28s %s%n", "", "staff search", gw + "/api/directory/people?q=bussiere");
            System.out.printf("  %-10s %-28s %s%n", "", "on call now", gw + "/api/directory/on-call?site=" + firstSite);
            System.out.printf("  %-10s %-28s %s%n", "", "phone book (PDF)", gw + "/api/directory/sites/" + firstSite + "/phone-book");
            System.out.printf("  %-10s %-28s %s%n", "", "upstreams and breakers", gw + "/gateway/upstreams");
            for (String service : DATABASE_SERVICES.keySet()) {
                System.out.printf("  %-10s %-28s %s%n", "", service + " Swagger UI",
                        "http://localhost:" + site.port(service) + "/q/swagger-ui");
            }
        }
        System.out.printf("  %-10s %-28s %s%n", "", "logs", runDir.resolve("logs"));
        System.out.println();
        System.out.println("Development token (role clinician, 8 h) — more with ./relais token <" + String.join("|", ROLES) + ">:");
        System.out.println(clinician);
        System.out.println();
        System.out.println("Try:  curl -i -H \"Authorization: Bearer $(./relais token clinician)\" "
                + "'http://localhost:9080/api/records/patients?name=bussiere'   (X-Relais-Site tells who served)");
        System.out.println("Press Ctrl-C to stop everything.");
        new CountDownLatch(1).await();
    }

    /** Waits until the gateway's health checks report every service up at both sites. */
    private static void awaitGatewaySeesEverySite(String gateway, Duration timeout) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String[] last = {""};
        boolean seen = Poll.until(timeout, Duration.ofMillis(250), () -> {
            last[0] = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway + "/gateway/upstreams"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return DATABASE_SERVICES.keySet().stream().allMatch(service -> java.util.regex.Pattern
                    .compile("\\{[^}]*\"route\":\"" + service + "\"[^}]*\"health\":\"up\"")
                    .matcher(last[0]).results().count() == 2);
        });
        if (!seen) {
            throw new IllegalStateException("The gateway does not see every service at both sites after " + timeout.toSeconds()
                    + " s: " + last[0] + " — see the service logs under .relais/run/logs");
        }
    }

    /** A service with its own database, its site's PostgreSQL listed first in a multi-host URL. */
    private static ServiceProcess databaseService(String service, Site site, EmbeddedPostgresCluster.ServiceDatabase db,
                                                  DevKeys keys, Path runDir, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(extra);
        // Own site's database first; the driver settles on whichever is primary.
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + site.localDb.port() + ",127.0.0.1:"
                + site.remoteDb.port() + "/" + db.name() + "?targetServerType=preferPrimary&connectTimeout=2"
                + "&socketTimeout=15&hostRecheckSeconds=2");
        env.put("QUARKUS_DATASOURCE_USERNAME", db.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicKeyFile().toUri().toString());
        env.put("RELAIS_SITE", site.name);
        return new ServiceProcess(service + "@" + site.name,
                Path.of(service + "-service/target/quarkus-app/quarkus-run.jar"), site.port(service), env,
                runDir.resolve("logs/" + service + "-" + site.name + ".log"));
    }

    /** One site's ports and databases (its own first). Services listen at the gateway port + their offset. */
    private record Site(String name, int gatewayPort, EmbeddedPostgresCluster localDb, EmbeddedPostgresCluster remoteDb) {

        int port(String service) {
            return gatewayPort + DATABASE_SERVICES.get(service);
        }
    }
    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
