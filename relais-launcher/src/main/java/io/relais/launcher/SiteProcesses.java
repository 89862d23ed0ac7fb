package io.relais.launcher;

import io.relais.local.identity.DevKeys;
import io.relais.local.identity.DevTokens;
import io.relais.local.postgres.EmbeddedPostgresCluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each process of a site is started: its jar, its ports, and the environment that tells it
 * where both sites are — the same variables the k8s ConfigMaps set, so that what runs locally is
 * what runs there.
 */
final class SiteProcesses {

    private final LocalStack.Options options;
    private final DevKeys keys;
    private final Map<String, Site> sites;
    private final Map<String, EmbeddedPostgresCluster.ServiceDatabase> databases;
    private final ServiceJvm jvm;

    /** {@code sites} and {@code databases} are the stack's own maps, read when a site starts. */
    SiteProcesses(LocalStack.Options options, DevKeys keys, Map<String, Site> sites,
                  Map<String, EmbeddedPostgresCluster.ServiceDatabase> databases, ServiceJvm jvm) {
        this.options = options;
        this.jvm = jvm;
        this.keys = keys;
        this.sites = sites;
        this.databases = databases;
    }

    /** A site's records, directory and status services and its gateway, each told both sites' addresses. */
    List<ServiceProcess> of(Site site, List<String> launchPrefix) {
        List<ServiceProcess> processes = new ArrayList<>();
        Site other = sites.values().stream().filter(s -> s != site).findFirst().orElseThrow();
        Path logs = options.runDirectory().resolve("logs");
        for (String service : Site.DATABASE_SERVICES.keySet()) {
            EmbeddedPostgresCluster.ServiceDatabase db = databases.get(service);
            Map<String, String> env = new LinkedHashMap<>();
            // Own site's database first; the driver settles on whichever is primary.
            env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl(site, other, db.name()));
            env.put("QUARKUS_DATASOURCE_USERNAME", db.username());
            env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
            // Migrations (and the audit purge) as the schema's owner; the service owns nothing.
            env.put("QUARKUS_FLYWAY_USERNAME", db.ownerUsername());
            env.put("QUARKUS_FLYWAY_PASSWORD", db.ownerPassword());
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicKeyFile().toUri().toString());
            env.put("MP_JWT_VERIFY_ISSUER", DevTokens.ISSUER);
            env.put("MP_JWT_VERIFY_AUDIENCES", DevTokens.AUDIENCE);
            env.put("RELAIS_SITE", site.name);
            // Links and Location point at this site's gateway, whatever Host a client sent.
            env.put("RELAIS_HTTP_PUBLIC_BASE_URL", site.url("gateway"));
            switch (service) {
                case "records" -> {
                    env.put("RECORDS_AUDIT_JOURNAL", site.directory.resolve("records-audit-journal.ndjson").toString());
                    // Each site's packs on its own disk, as the operations runbook asks.
                    env.put("RECORDS_PACKS_DIRECTORY", site.directory.resolve("packs").toString());
                    env.put("RECORDS_PACKS_INTERVAL", options.packInterval().toMillis() + "ms");
                    // The first packs once both sites are up: rendered at 5 s, site a's took the CPU
                    // site b's services were starting on (records@b ready in 8 s instead of 10 on 2 cores).
                    env.put("RECORDS_PACKS_FIRST_DELAY", "20s");
                }
                case "status" -> {
                    env.put("STATUS_PAGE_URL", site.url("status"));
                    env.put("STATUS_PAGE_NAME", "Relais — état des services (vu du " + site.label() + ")");
                    // Probes on loopback cost nothing: check every second, so that a site's loss
                    // shows within 2–3 s (two failed probes) rather than up to 5 s.
                    env.put("STATUS_PROBE_INTERVAL", "1s");
                    // The environment spelling of %prod.status.targets.<target>-<site>.url, as in k8s/.
                    for (Site watched : sites.values()) {
                        for (String target : List.of("gateway", "records", "directory")) {
                            env.put("_PROD_STATUS_TARGETS_" + target.toUpperCase() + "_" + watched.name.toUpperCase() + "_URL",
                                    watched.managementUrl(target) + "/q/health/ready");
                        }
                    }
                }
                default -> { }
            }
            processes.add(new ServiceProcess(service + "@" + site.name,
                    options.repository().resolve(service + "-service/target/quarkus-app/quarkus-run.jar"),
                    jvm, site.host(), site.port(service), launchPrefix, env, logs.resolve(service + "-" + site.name + ".log")));
        }
        Map<String, String> gatewayEnv = new LinkedHashMap<>();
        gatewayEnv.put("GATEWAY_SITE", site.name);
        gatewayEnv.put("GATEWAY_SITES", String.join(",", sites.keySet()));
        for (String service : Site.DATABASE_SERVICES.keySet()) {
            for (Site upstream : sites.values()) {
                gatewayEnv.put("GATEWAY_ROUTES_" + service.toUpperCase() + "_UPSTREAMS_" + upstream.name.toUpperCase(),
                        "http://" + upstream.address + ":" + upstream.port(service));
                gatewayEnv.put("GATEWAY_ROUTES_" + service.toUpperCase() + "_MANAGEMENT_" + upstream.name.toUpperCase(),
                        "http://" + upstream.address + ":" + ServiceProcess.managementPort(upstream.port(service)));
            }
        }
        processes.add(new ServiceProcess("gateway@" + site.name,
                options.repository().resolve("gateway/target/quarkus-app/quarkus-run.jar"), jvm, site.host(), site.gatewayPort,
                launchPrefix, gatewayEnv, logs.resolve("gateway-" + site.name + ".log")));
        return processes;
    }

    /** Ports of the instances beside a site's: clear of both sites' (8080–8183, 9080–9183). */
    static final int BESIDE_PORT_SHIFT = 500;

    /**
     * A second instance of each of a site's processes, beside the live ones at the lowest CPU
     * priority (a training run of their AOT caches): the same databases, its own ports, audit
     * journal, packs directory and logs, and no packs made while it runs.
     */
    List<ServiceProcess> besideOf(Site site, List<String> launchPrefix) {
        Path directory = site.directory.resolve("training");
        Map<String, String> aside = Map.of(
                "RECORDS_AUDIT_JOURNAL", directory.resolve("records-audit-journal.ndjson").toString(),
                "RECORDS_PACKS_DIRECTORY", directory.resolve("packs").toString(),
                "RECORDS_PACKS_FIRST_DELAY", "1h");
        return of(site, launchPrefix).stream()
                .map(p -> p.beside(BESIDE_PORT_SHIFT, aside, List.of("nice", "-n", "19"))).toList();
    }

    /** Both sites' databases, {@code first}'s first: the driver settles on whichever is primary. */
    static String jdbcUrl(Site first, Site other, String database) {
        return "jdbc:postgresql://" + first.address + ":" + first.databasePort + "," + other.address + ":"
                + other.databasePort + "/" + database + "?targetServerType=preferPrimary";
    }
}
