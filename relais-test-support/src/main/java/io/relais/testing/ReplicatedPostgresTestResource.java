package io.relais.testing;

import io.relais.local.postgres.EmbeddedPostgresCluster;
import io.relais.local.postgres.Replication;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Two sites' worth of PostgreSQL for one service: a primary and a synchronous hot standby, and
 * the multi-host JDBC URL that production uses ({@code targetServerType=preferPrimary}). Tests
 * reach the servers through {@link #primary()} and {@link #standby()} to cut power or promote.
 */
public class ReplicatedPostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedPostgresCluster primary;
    private static volatile EmbeddedPostgresCluster standby;
    private String database = "app";

    public static EmbeddedPostgresCluster primary() {
        return primary;
    }

    public static EmbeddedPostgresCluster standby() {
        return standby;
    }

    /**
     * The standby's power is cut and it starts again from its own data, still a standby, with no
     * primary to follow: it has replayed nothing since it started, so it cannot tell how recent
     * its data is.
     */
    public static void restartStandby() {
        EmbeddedPostgresCluster old = standby;
        Replication.powerCut(old);
        try {
            old.close();
        } catch (RuntimeException alreadyDead) {
            // pg_ctl stop fails on a killed server; its lock is released all the same
        }
        EmbeddedPostgresCluster restarted = EmbeddedPostgresCluster.start(old.port(), old.dataDirectory(),
                Map.of("hot_standby", "on"));
        restarted.adopt(old.databases());
        standby = restarted;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        primary = EmbeddedPostgresCluster.startEphemeral();
        EmbeddedPostgresCluster.ServiceDatabase db = primary.database(database);
        try {
            standby = Replication.startStandby(primary, "site_b", 0, Files.createTempDirectory("relais-standby"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port() + "/" + database
                + "?targetServerType=preferPrimary&connectTimeout=1&socketTimeout=5&hostRecheckSeconds=1";
        return PostgresTestResource.serviceConfig(url, db);
    }

    @Override
    public void stop() {
        for (EmbeddedPostgresCluster server : new EmbeddedPostgresCluster[] {standby, primary}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (RuntimeException alreadyDead) {
                // a test cut its power
            }
        }
    }
}
