package io.relais.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A fingerprint of what decides the demo data a seeding writes: the schema (every Flyway migration
 * as built) and the code that writes and sets it up (this launcher and the Relais libraries it
 * runs with, PostgreSQL's version among their dependencies). A service rebuilt with the same
 * migrations keeps the fingerprint: its new code starts on the data of the last seeding, as it
 * starts on a hospital's data after an upgrade, and the next starts stay as fast. Archives count
 * by their classes and resources, not their build times, so that rebuilding the launcher without
 * a change keeps it too.
 */
final class DemoDataShape {

    /** The modules whose migrations run at start ({@code quarkus.flyway.locations} under {@code db/}). */
    static final List<String> MIGRATED = Stream.concat(
            Site.DATABASE_SERVICES.keySet().stream().map(service -> service + "-service"), Stream.of("relais-common")).toList();

    private DemoDataShape() {
    }

    /**
     * @param launcher the launcher's jar (or classes directory), its dependencies in {@code lib/} beside it
     */
    static String of(Path repository, Path launcher) {
        Fingerprint fingerprint = new Fingerprint();
        for (String module : MIGRATED) {
            fingerprint.tree(repository.resolve(module + "/target/classes/db"));
        }
        fingerprint.tree(launcher);
        Path lib = launcher.resolveSibling("lib");
        if (Files.isDirectory(lib)) {
            for (Path dependency : sorted(lib)) {
                String name = dependency.getFileName().toString();
                if (name.startsWith("relais-")) {
                    fingerprint.tree(dependency);
                } else {
                    fingerprint.text(name); // a released version: its name says what it holds
                }
            }
        }
        return fingerprint.hex();
    }

    private static List<Path> sorted(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 over names and contents, in an order that does not depend on the file system's. */
    private static final class Fingerprint {
        private final MessageDigest digest;

        Fingerprint() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void text(String text) {
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }

        /** A directory's files, a jar's entries, or the absence of either. */
        void tree(Path path) {
            text(path.getFileName().toString());
            try {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> files = Files.walk(path)) {
                        for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList()) {
                            text(path.relativize(file).toString());
                            digest.update(Files.readAllBytes(file));
                        }
                    }
                } else if (Files.isRegularFile(path) && path.toString().endsWith(".jar")) {
                    archive(path);
                } else {
                    text(Files.exists(path) ? "file" : "missing");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void archive(Path jar) throws IOException {
            try (JarFile archive = new JarFile(jar.toFile())) {
                List<JarEntry> entries = archive.stream()
                        // Maven's own metadata, the one part of a jar that may say when it was built.
                        .filter(e -> !e.isDirectory() && !e.getName().startsWith("META-INF/maven/"))
                        .sorted(Comparator.comparing(JarEntry::getName)).toList();
                for (JarEntry entry : entries) {
                    text(entry.getName());
                    try (InputStream in = archive.getInputStream(entry)) {
                        digest.update(in.readAllBytes());
                    }
                }
            }
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        }
    }
}
