package io.relais.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JVM the services run on. A JDK 25 or newer when one is found (RELAIS_JAVA_HOME, the
 * launcher's own, or one under /usr/lib/jvm), with an AOT cache per service (JEP 483/514/515 on
 * Quarkus' {@code aot-jar} packaging): records-service starts in about 2 s instead of 6, on a
 * third of the CPU (docs/benchmarks.md). A cache belongs to one build of a service, one JDK and
 * one set of options; it is trained once after each build by starting the service for real and
 * stopping it ({@link LocalStack#trainAotCaches}). Without such a JDK the services run on the
 * launcher's own JVM, without a cache, and the launcher says what to install.
 */
final class ServiceJvm {

    /** The first JDK whose AOT cache holds a Quarkus application's classes and their profiles. */
    static final int AOT_RELEASE = 25;
    /**
     * Sized from docs/benchmarks.md: a service's live set reaches 43-47 MB once it has encoded FHIR
     * (HAPI keeps the model of each resource type), and with 64 MB its writes then ran on full
     * collections ("A smaller heap for the services").
     * Most of the footprint is class metadata and code. Compact object headers (JDK 25) save a word
     * per object. The JIT's scratch memory is malloc'd and freed, but glibc keeps it: trimming the
     * native heap every second hands back about 30 MB per service once a load stops, and 20 MB off
     * its peak (JDK 22+ only, hence not in the JDK 17 options). The JIT's thresholds stay the
     * default: scaled by four they took a fifth off the stack's start, but a service serving a few
     * hundred requests a second then ran on C1 code for minutes (the directory's search,
     * docs/benchmarks.md "Where a start's CPU went").
     */
    private static final String DEFAULT_OPTIONS = "-Xmx128m -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m";
    private static final String AOT_DEFAULT_OPTIONS = DEFAULT_OPTIONS
            + " -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=1000";
    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private final Path home;
    private final int release;
    private final List<String> options;

    ServiceJvm(Path home, List<String> options) {
        this.home = home;
        this.release = releaseOf(home);
        this.options = List.copyOf(options);
    }

    /** The JDK to run services on, and one line saying which and why. */
    static ServiceJvm find(Consumer<String> out) {
        Path own = Path.of(System.getProperty("java.home"));
        String explicit = System.getenv("RELAIS_JAVA_HOME");
        Path home = explicit != null && !explicit.isBlank() ? Path.of(explicit)
                : releaseOf(own) >= AOT_RELEASE ? own
                : newestUnder(Path.of("/usr/lib/jvm")).orElse(own);
        int release = releaseOf(home);
        if (release <= 0) {
            throw new IllegalStateException("RELAIS_JAVA_HOME=" + home + " is not a JDK (no 'release' file): point it"
                    + " at a JDK 25 home, such as /usr/lib/jvm/temurin-25-jdk-amd64, or unset it");
        }
        String configured = System.getenv("RELAIS_JAVA_OPTS");
        String options = configured != null && !configured.isBlank() ? configured
                : release >= AOT_RELEASE ? AOT_DEFAULT_OPTIONS : DEFAULT_OPTIONS;
        ServiceJvm jvm = new ServiceJvm(home, List.of(options.trim().split("\\s+")));
        out.accept(jvm.aot()
                ? "Services run on JDK " + release + " (" + home + ") with an AOT cache each."
                : "Services run on JDK " + release + " (" + home + ") without an AOT cache: each starts in about 6 s"
                + " instead of 2. For the fast start install a JDK " + AOT_RELEASE + " (Debian/Ubuntu: the Temurin 25"
                + " package from packages.adoptium.net, under /usr/lib/jvm) or set RELAIS_JAVA_HOME to one.");
        return jvm;
    }

    boolean aot() {
        return release >= AOT_RELEASE;
    }

    /** The java executable and its options, without an AOT cache: what a benchmark runs a service's jar with. */
    List<String> javaAndOptions() {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/java").toString());
        command.addAll(options);
        return command;
    }

    /** The command that runs {@code jar}: with its AOT cache, or recording one when {@code training}. */
    List<String> command(Path jar, boolean training) {
        List<String> command = javaAndOptions();
        if (aot()) {
            Path cache = cacheOf(jar);
            if (training) {
                command.add("-XX:AOTCacheOutput=" + partial(cache));
            } else if (!needsTraining(jar)) {
                // Never one older than the build: the JVM would refuse it and start without.
                command.add("-XX:AOTCache=" + cache);
            }
        }
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    /** True when {@code jar} has no cache for this JDK and these options, or one older than its build. */
    boolean needsTraining(Path jar) {
        if (!aot() || !Files.exists(jar)) {
            return false; // without the jar, starting it says what to build
        }
        Path cache = cacheOf(jar);
        return !Files.exists(cache) || newestFileOf(jar.getParent()).compareTo(modified(cache)) > 0;
    }

    /** After a training run that exited: the recorded cache replaces any older one of the service. */
    void keepTrained(Path jar) throws IOException {
        Path cache = cacheOf(jar);
        Path recorded = partial(cache);
        if (!Files.exists(recorded)) {
            throw new IllegalStateException("The training run of " + jar + " wrote no AOT cache (" + recorded + "): see"
                    + " its log; the services still start without one. Set RELAIS_JAVA_HOME to a JDK 17 to skip training.");
        }
        try (Stream<Path> old = Files.list(jar.getParent())) {
            // Older caches, and what a training stopped halfway left (its recorded configuration).
            for (Path stale : old.filter(p -> p.getFileName().toString().contains(".aot") && !p.equals(recorded)).toList()) {
                Files.delete(stale);
            }
        }
        Files.move(recorded, cache);
    }

    /**
     * Next to the service's jar, named after the JDK release and options: a cache recorded with
     * other options (compact headers, GC) is one the JVM would refuse.
     */
    Path cacheOf(Path jar) {
        String key = home + " " + String.join(" ", options);
        return jar.resolveSibling("relais-jdk" + release + "-" + HexFormat.of().toHexDigits(key.hashCode()) + ".aot");
    }

    private static Path partial(Path cache) {
        return cache.resolveSibling(cache.getFileName() + ".training");
    }

    private static Optional<Path> newestUnder(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(directory)) {
            return homes.filter(home -> releaseOf(home) >= AOT_RELEASE && Files.isExecutable(home.resolve("bin/java")))
                    .max(Comparator.comparingInt(ServiceJvm::releaseOf));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature release of the JDK at {@code home}, from its {@code release} file; 0 when it is none. */
    static int releaseOf(Path home) {
        try {
            Matcher version = RELEASE_VERSION.matcher(Files.readString(home.resolve("release")));
            return version.find() ? Integer.parseInt(version.group(1)) : 0;
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** The last time a file of {@code application} (a directory or one file) changed, AOT caches aside. */
    static FileTime newestFileOf(Path application) {
        try (Stream<Path> files = Files.walk(application)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().contains(".aot"))
                    .map(ServiceJvm::modified)
                    .max(Comparator.naturalOrder())
                    .orElse(FileTime.fromMillis(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
