package io.relais.launcher;

import io.relais.local.identity.DevKeys;
import io.relais.local.postgres.EmbeddedPostgresCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What './mvnw quarkus:dev' reads from a running stack: the dev profile's database, roles and key. */
class DevModeConfigTest {

    @Test
    void eachServiceGetsBothSitesDatabaseItsRolesAndTheKeyReadableByTheOwnerOnly(@TempDir Path dir) throws Exception {
        Site a = new Site("a", "127.0.0.1", 8080, dir.resolve("site-a"));
        Site b = new Site("b", "127.0.0.1", 9080, dir.resolve("site-b"));
        a.databasePort = 15432;
        b.databasePort = 25432;
        DevKeys keys = DevKeys.loadOrCreate(dir.resolve("keys"));
        DevModeConfig config = new DevModeConfig(dir.resolve("dev"));
        config.write(List.of(a, b), Map.of("records", new EmbeddedPostgresCluster.ServiceDatabase("records", "unused",
                "records", "s3cret", "records_owner", "0wner")), keys);

        Path file = dir.resolve("dev/records.properties");
        Properties read = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            read.load(in);
        }
        assertEquals("jdbc:postgresql://127.0.0.1:15432,127.0.0.1:25432/records?targetServerType=preferPrimary",
                read.getProperty("%dev.quarkus.datasource.jdbc.url"));
        assertEquals("records", read.getProperty("%dev.quarkus.datasource.username"));
        assertEquals("s3cret", read.getProperty("%dev.quarkus.datasource.password"));
        assertEquals("records_owner", read.getProperty("%dev.quarkus.flyway.username"));
        assertEquals(keys.publicKeyFile().toUri().toString(), read.getProperty("%dev.mp.jwt.verify.publickey.location"));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file), "it holds passwords");

        config.remove();
        assertFalse(Files.exists(file), "gone when the stack stops: a dev service must not reach a stack that is down");
    }
}
