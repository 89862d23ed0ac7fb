package io.relais.launcher;

import io.relais.testing.DevKeys;
import io.relais.testing.DevTokens;
import io.relais.testing.EmbeddedPostgresCluster;
import io.relais.testing.Replication;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
            System.err.println("Usage: ./relais token <role> [subject]   (roles: clinician, auditor)");
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
        EmbeddedPostgresCluster.ServiceDatabase records = primary.database("records");
        EmbeddedPostgresCluster standby = Replication.startStandby(primary, "site_b", 0,
                runDir.resolve("site-b/postgres"), true);
        databases.add(standby);
        System.out.println("  postgres@a   127.0.0.1:" + primary.port() + " (primary)");
        System.out.println("  postgres@b   127.0.0.1:" + standby.port() + " (synchronous standby)");

        System.out.println("Starting services at both sites…");
        List<Site> sites = List.of(new Site("a", 8080, 8081, primary, standby), new Site("b", 9080, 9081, standby, primary));
        for (Site site : sites) {
            ServiceProcess recordsService = new ServiceProcess("records@" + site.name,
                    Path.of("records-service/target/quarkus-app/quarkus-run.jar"), site.recordsPort, Map.of(
                    // Own site's database first; the driver settles on whichever is primary.
                    "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + site.localDb.port() + ",127.0.0.1:"
                            + site.remoteDb.port() + "/records?targetServerType=preferPrimary&connectTimeout=2"
                            + "&socketTimeout=15&hostRecheckSeconds=2",
                    "QUARKUS_DATASOURCE_USERNAME", records.username(),
                    "QUARKUS_DATASOURCE_PASSWORD", records.password(),
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicKeyFile().toUri().toString(),
                    "RELAIS_SITE", site.name,
                    "RECORDS_AUDIT_JOURNAL", runDir.resolve("site-" + site.name + "/records-audit-journal.ndjson").toString()),
                    runDir.resolve("logs/records-" + site.name + ".log"));
            ServiceProcess gateway = new ServiceProcess("gateway@" + site.name,
                    Path.of("gateway/target/quarkus-app/quarkus-run.jar"), site.gatewayPort, Map.of(
                    "GATEWAY_SITE", site.name,
                    "GATEWAY_SITES", "a,b",
                    "GATEWAY_ROUTES_RECORDS_UPSTREAMS_A", "http://127.0.0.1:8081",
                    "GATEWAY_ROUTES_RECORDS_UPSTREAMS_B", "http://127.0.0.1:9081"),
                    runDir.resolve("logs/gateway-" + site.name + ".log"));
            services.add(recordsService);
            services.add(gateway);
        }
        for (ServiceProcess service : services) {
            service.start();
        }
        for (ServiceProcess service : services) {
            service.awaitReady(Duration.ofSeconds(120));
        }

        awaitGatewaySeesEveryRecordsSite("http://localhost:8080", Duration.ofSeconds(60));
        System.out.println("Seeding demo data through gateway@a…");
        String clinician = tokens.mint("dr.demo", "clinician");
        int demoPatients = Integer.parseInt(System.getenv().getOrDefault("RELAIS_DEMO_PATIENTS", "200"));
        String firstPatient = new RecordsDemoData("http://localhost:8080", clinician).seed(demoPatients);

        System.out.printf("%nRelais is up in %.0f s.%n%n", (System.nanoTime() - started) / 1e9);
        System.out.printf("  %-10s %-28s %s%n", "site", "what", "URL");
        for (Site site : sites) {
            String gw = "http://localhost:" + site.gatewayPort;
            String rs = "http://localhost:" + site.recordsPort;
            System.out.printf("  %-10s %-28s %s%n", site.name, "gateway", gw + "/api/records/patients?name=dupont");
            System.out.printf("  %-10s %-28s %s%n", "", "patient summary", gw + "/api/records/patients/" + firstPatient + "/summary");
            System.out.printf("  %-10s %-28s %s%n", "", "upstreams and breakers", gw + "/gateway/upstreams");
            System.out.printf("  %-10s %-28s %s%n", "", "records Swagger UI", rs + "/q/swagger-ui");
        }
        System.out.printf("  %-10s %-28s %s%n", "", "logs", runDir.resolve("logs"));
        System.out.println();
        System.out.println("Development token (role clinician, 8 h) — more with ./relais token <clinician|auditor>:");
        System.out.println(clinician);
        System.out.println();
        System.out.println("Try:  curl -i -H \"Authorization: Bearer $(./relais token clinician)\" "
                + "'http://localhost:9080/api/records/patients?name=bussiere'   (X-Relais-Site tells who served)");
        System.out.println("Press Ctrl-C to stop everything.");
        new CountDownLatch(1).await();
    }

    /** Waits until the gateway's health checks report records up at every site. */
    private static void awaitGatewaySeesEveryRecordsSite(String gateway, Duration timeout) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var recordsUp = java.util.regex.Pattern.compile("\\{[^}]*\"route\":\"records\"[^}]*\"health\":\"up\"");
        String[] last = {""};
        boolean seen = Poll.until(timeout, Duration.ofMillis(250), () -> {
            last[0] = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway + "/gateway/upstreams"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return recordsUp.matcher(last[0]).results().count() == 2;
        });
        if (!seen) {
            throw new IllegalStateException("The gateway does not see records at both sites after " + timeout.toSeconds()
                    + " s: " + last[0]);
        }
    }

    /** One site's ports and databases (its own first). */
    private record Site(String name, int gatewayPort, int recordsPort, EmbeddedPostgresCluster localDb,
                        EmbeddedPostgresCluster remoteDb) {
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
