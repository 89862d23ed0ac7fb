package io.relais.launcher;

import io.relais.testing.DevKeys;
import io.relais.testing.DevTokens;
import io.relais.testing.EmbeddedPostgresCluster;

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
        EmbeddedPostgresCluster[] postgres = new EmbeddedPostgresCluster[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Relais…");
            services.forEach(ServiceProcess::stop);
            if (postgres[0] != null) {
                postgres[0].close();
            }
            System.out.println("Stopped. Logs are in " + runDir.resolve("logs"));
        }, "relais-stop"));

        System.out.println("Starting embedded PostgreSQL 17 (site a)…");
        postgres[0] = EmbeddedPostgresCluster.start(0, runDir.resolve("site-a/postgres"), Map.of());
        EmbeddedPostgresCluster.ServiceDatabase records = postgres[0].database("records");
        System.out.println("  postgres     127.0.0.1:" + postgres[0].port());

        System.out.println("Starting services…");
        ServiceProcess recordsA = new ServiceProcess("records@a", Path.of("records-service/target/quarkus-app/quarkus-run.jar"),
                8081, Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", records.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", records.username(),
                "QUARKUS_DATASOURCE_PASSWORD", records.password(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicKeyFile().toUri().toString(),
                "RELAIS_SITE", "a",
                "RECORDS_AUDIT_JOURNAL", runDir.resolve("site-a/records-audit-journal.ndjson").toString()),
                runDir.resolve("logs/records-a.log"));
        services.add(recordsA);
        recordsA.start();
        recordsA.awaitReady(Duration.ofSeconds(60));

        System.out.println("Seeding demo data…");
        String clinician = tokens.mint("dr.demo", "clinician");
        int demoPatients = Integer.parseInt(System.getenv().getOrDefault("RELAIS_DEMO_PATIENTS", "200"));
        String firstPatient = new RecordsDemoData(recordsA.url(), clinician).seed(demoPatients);

        System.out.printf("%nRelais is up in %.0f s.%n%n", (System.nanoTime() - started) / 1e9);
        System.out.printf("  %-28s %s%n", "records-service (site a)", recordsA.url() + "/api/records/patients?name=dupont");
        System.out.printf("  %-28s %s%n", "patient summary", recordsA.url() + "/api/records/patients/" + firstPatient + "/summary");
        System.out.printf("  %-28s %s%n", "Swagger UI", recordsA.url() + "/q/swagger-ui");
        System.out.printf("  %-28s %s%n", "health / metrics", recordsA.url() + "/q/health  " + recordsA.url() + "/q/metrics");
        System.out.printf("  %-28s %s%n", "logs", runDir.resolve("logs"));
        System.out.println();
        System.out.println("Development token (role clinician, 8 h) — more with ./relais token <clinician|auditor>:");
        System.out.println(clinician);
        System.out.println();
        System.out.println("Try:  curl -H \"Authorization: Bearer $(./relais token clinician)\" '"
                + recordsA.url() + "/api/records/patients?name=bussiere'");
        System.out.println("Press Ctrl-C to stop everything.");
        new CountDownLatch(1).await();
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
