package io.relais.launcher;

import io.relais.local.identity.DevKeys;
import io.relais.local.identity.DevTokens;
import io.relais.local.postgres.EmbeddedPostgresCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./mvnw quarkus:dev -pl <service>} needs from the running stack: for each service a
 * properties file (its database at both sites, its roles, the development key) that the service's
 * {@code %dev} profile reads from {@code ../.relais/dev/}. Written once the stack is up, removed
 * when it stops, readable by the owner only (it holds database passwords).
 */
final class DevModeConfig {

    private final Path directory;

    DevModeConfig(Path directory) {
        this.directory = directory;
    }

    void write(List<Site> sites, Map<String, EmbeddedPostgresCluster.ServiceDatabase> databases, DevKeys keys) {
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, EmbeddedPostgresCluster.ServiceDatabase> entry : databases.entrySet()) {
                EmbeddedPostgresCluster.ServiceDatabase db = entry.getValue();
                String text = """
                        # Written by ./relais up for './mvnw quarkus:dev -pl %1$s-service': the running stack's
                        # database (site a first) and development key. Removed when the stack stops.
                        # Above the service's own application.properties (250), which names no database.
                        config_ordinal=275
                        %%dev.quarkus.datasource.jdbc.url=%2$s
                        %%dev.quarkus.datasource.username=%3$s
                        %%dev.quarkus.datasource.password=%4$s
                        %%dev.quarkus.flyway.username=%5$s
                        %%dev.quarkus.flyway.password=%6$s
                        %%dev.mp.jwt.verify.publickey.location=%7$s
                        %%dev.mp.jwt.verify.issuer=%8$s
                        %%dev.mp.jwt.verify.audiences=%9$s
                        """.formatted(entry.getKey(), SiteProcesses.jdbcUrl(sites.get(0), sites.get(1), db.name()),
                        db.username(), db.password(), db.ownerUsername(), db.ownerPassword(),
                        keys.publicKeyFile().toUri(), DevTokens.ISSUER, DevTokens.AUDIENCE);
                Path temporary = directory.resolve(entry.getKey() + ".properties.tmp");
                Files.writeString(temporary, text);
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                Files.move(temporary, directory.resolve(entry.getKey() + ".properties"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the dev-mode settings under " + directory, e);
        }
    }

    void remove() {
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".properties")).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // Nothing to remove, or already gone.
        }
    }
}
