package io.relais.testing;

import io.relais.local.postgres.EmbeddedPostgresCluster;

/**
 * The embedded PostgreSQL server shared by every test of one JVM: started on first use and
 * stopped when the JVM exits, so a module's whole test run pays the start-up once.
 */
public final class SharedPostgres {

    private static volatile EmbeddedPostgresCluster cluster;

    private SharedPostgres() {
    }

    public static EmbeddedPostgresCluster get() {
        EmbeddedPostgresCluster current = cluster;
        if (current == null) {
            synchronized (SharedPostgres.class) {
                current = cluster;
                if (current == null) {
                    current = EmbeddedPostgresCluster.startEphemeral();
                    cluster = current;
                    EmbeddedPostgresCluster started = current;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-postgres-stop"));
                }
            }
        }
        return current;
    }
}
