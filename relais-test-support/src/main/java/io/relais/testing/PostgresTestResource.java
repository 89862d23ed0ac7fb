package io.relais.testing;

import io.relais.local.postgres.EmbeddedPostgresCluster;
import io.relais.local.identity.DevTokens;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Quarkus test resource giving the service under test its own fresh database on the JVM-wide
 * embedded PostgreSQL, plus development JWT verification settings.
 *
 * <p>Use with {@code @QuarkusTestResource(value = PostgresTestResource.class, initArgs =
 * @ResourceArg(name = "database", value = "records"))}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        EmbeddedPostgresCluster.ServiceDatabase db = SharedPostgres.get().database(database);
        return serviceConfig(db.jdbcUrl(), db);
    }

    /** The settings a service under test needs: its datasource and the test token keys. */
    public static Map<String, String> serviceConfig(String jdbcUrl, EmbeddedPostgresCluster.ServiceDatabase db) {
        return Map.ofEntries(
                Map.entry("quarkus.datasource.jdbc.url", jdbcUrl),
                Map.entry("quarkus.datasource.username", db.username()),
                Map.entry("quarkus.datasource.password", db.password()),
                // Migrations run as the schema's owner; the service itself owns nothing.
                Map.entry("quarkus.flyway.username", db.ownerUsername()),
                Map.entry("quarkus.flyway.password", db.ownerPassword()),
                Map.entry("quarkus.datasource.devservices.enabled", "false"),
                Map.entry("mp.jwt.verify.publickey.location", TestTokens.keys().publicKeyFile().toUri().toString()),
                Map.entry("mp.jwt.verify.issuer", DevTokens.ISSUER),
                Map.entry("mp.jwt.verify.audiences", DevTokens.AUDIENCE));
    }

    @Override
    public void stop() {
        // The server is shared by every test of the JVM and stops with it.
    }
}
