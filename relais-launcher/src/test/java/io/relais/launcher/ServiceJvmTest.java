package io.relais.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which JVM runs the services, and when a service's AOT cache must be trained again. */
class ServiceJvmTest {

    private static final List<String> OPTIONS = List.of("-Xmx128m", "-XX:+UseCompactObjectHeaders");

    @Test
    void readsTheFeatureReleaseOfAJdkHome(@TempDir Path dir) throws Exception {
        assertEquals(25, ServiceJvm.releaseOf(jdk(dir.resolve("jdk25"), "25.0.3")));
        assertEquals(17, ServiceJvm.releaseOf(jdk(dir.resolve("jdk17"), "17.0.15")));
        assertEquals(0, ServiceJvm.releaseOf(dir.resolve("nothing")));
    }

    @Test
    void aJdkBefore25RunsTheServicesWithoutACacheAndNeverTrains(@TempDir Path dir) throws Exception {
        ServiceJvm jvm = new ServiceJvm(jdk(dir.resolve("jdk17"), "17.0.15"), OPTIONS);
        Path jar = service(dir);
        assertFalse(jvm.aot());
        assertFalse(jvm.needsTraining(jar));
        assertEquals(List.of(dir.resolve("jdk17/bin/java").toString(), "-Xmx128m", "-XX:+UseCompactObjectHeaders",
                "-jar", jar.toString()), jvm.command(jar, true));
    }

    @Test
    void aServiceIsTrainedOnceAfterEachBuildAndThenStartsFromItsCache(@TempDir Path dir) throws Exception {
        ServiceJvm jvm = new ServiceJvm(jdk(dir.resolve("jdk25"), "25.0.3"), OPTIONS);
        Path jar = service(dir);
        Path cache = jvm.cacheOf(jar);
        assertTrue(jvm.needsTraining(jar));
        assertFalse(jvm.command(jar, false).stream().anyMatch(o -> o.startsWith("-XX:AOTCache")), "no cache yet: none used");
        assertTrue(jvm.command(jar, true).contains("-XX:AOTCacheOutput=" + cache + ".training"));

        Files.writeString(jar.resolveSibling("relais-jdk25-00000000.aot"), "a cache of other options");
        Files.writeString(jar.resolveSibling("relais-jdk25-00000000.aot.training.config"), "a training stopped halfway");
        Files.writeString(Path.of(cache + ".training"), "recorded");
        jvm.keepTrained(jar);
        assertFalse(jvm.needsTraining(jar));
        assertTrue(jvm.command(jar, false).contains("-XX:AOTCache=" + cache));
        assertFalse(Files.exists(jar.resolveSibling("relais-jdk25-00000000.aot")), "the older cache is removed");
        assertFalse(Files.exists(jar.resolveSibling("relais-jdk25-00000000.aot.training.config")), "and what was left");

        // A rebuild rewrites the application's files: the cache no longer matches them.
        Files.setLastModifiedTime(jar.resolveSibling("lib/main/dependency.jar"),
                FileTime.from(Files.getLastModifiedTime(cache).toInstant().plusSeconds(5)));
        assertTrue(jvm.needsTraining(jar));
        assertFalse(jvm.command(jar, false).stream().anyMatch(o -> o.startsWith("-XX:AOTCache")),
                "a cache older than the build is not offered (the JVM would refuse it) until trained again");
    }

    @Test
    void otherOptionsNeedTheirOwnCache(@TempDir Path dir) throws Exception {
        Path home = jdk(dir.resolve("jdk25"), "25.0.3");
        Path jar = service(dir);
        assertFalse(new ServiceJvm(home, OPTIONS).cacheOf(jar).equals(new ServiceJvm(home, List.of("-Xmx64m")).cacheOf(jar)));
    }

    @Test
    void aTrainingRunThatWroteNothingSaysSo(@TempDir Path dir) throws Exception {
        ServiceJvm jvm = new ServiceJvm(jdk(dir.resolve("jdk25"), "25.0.3"), OPTIONS);
        Path jar = service(dir);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> jvm.keepTrained(jar));
        assertTrue(refused.getMessage().contains("wrote no AOT cache"), refused.getMessage());
    }

    private static Path jdk(Path home, String version) throws Exception {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    private static Path service(Path dir) throws Exception {
        Path app = Files.createDirectories(dir.resolve("quarkus-app/lib/main"));
        Files.writeString(app.resolve("dependency.jar"), "jar");
        Path jar = dir.resolve("quarkus-app/quarkus-run.jar");
        Files.writeString(jar, "jar");
        Instant built = Instant.now().minusSeconds(60);
        Files.setLastModifiedTime(jar, FileTime.from(built));
        Files.setLastModifiedTime(app.resolve("dependency.jar"), FileTime.from(built));
        return jar;
    }
}
