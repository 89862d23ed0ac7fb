package io.relais.launcher;

import io.relais.local.files.DirectoryTrees;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The demo data as a start wrote it through the API, kept under {@code .relais/demo} so that the
 * next starts restore the primary's database from it instead of writing it again: that writing,
 * on just-started JVMs, was half of the stack's start on 2 cores (docs/benchmarks.md). A snapshot
 * holds the primary's files right after the seeding, before anyone used the stack, so each start
 * still begins from the same fresh demo data. It belongs to one shape of the data (the schema and
 * the seeding code: {@link DemoDataShape}) and one pair of demo sizes, and it is restored for
 * {@link #DAYS_RESTORED} days from the day in Paris it was seeded on; any other start seeds
 * through the API, proving the write path with its audit trail, and replaces it.
 */
final class DemoSnapshot {

    /**
     * The seeding writes a month of rotas from three days before and stays admitted in the ten
     * days before: a week later the rotas still cover the next three weeks, and the stays are
     * one to two and a half weeks old, as a ward's are.
     */
    static final int DAYS_RESTORED = 7;

    private final Path directory;
    private final String key;
    private final LocalDate today;

    /**
     * @param directory where the one snapshot is kept
     * @param shape {@link DemoDataShape}'s fingerprint of this build
     */
    DemoSnapshot(Path directory, DemoData.Sizes sizes, String shape) {
        this(directory, sizes, shape, LocalDate.now(DirectoryDemoData.ZONE));
    }

    /** @param today the day in Paris (the rotas' and stays' days), for tests that move it */
    DemoSnapshot(Path directory, DemoData.Sizes sizes, String shape, LocalDate today) {
        this.directory = directory;
        this.key = "staff=" + sizes.staff() + " patients=" + sizes.patients() + " shape=" + shape;
        this.today = today;
    }

    /** The data directory to restore, for {@link #current()}'s snapshot. */
    Path data() {
        return directory.resolve("data");
    }

    /** The landmarks of a snapshot this start may restore; empty when there is none, or it is stale. */
    Optional<DemoData.Landmarks> current() {
        Path description = directory.resolve("snapshot.properties");
        if (!Files.isRegularFile(description) || !Files.isDirectory(data())) {
            return Optional.empty();
        }
        Properties properties;
        try {
            properties = described(description);
            long age = ChronoUnit.DAYS.between(seededOn(properties), today);
            if (!key.equals(properties.getProperty("key")) || age < 0 || age >= DAYS_RESTORED) {
                return Optional.empty();
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException | DateTimeException unreadable) {
            return Optional.empty();
        }
        return Optional.of(new DemoData.Landmarks(properties.getProperty("firstSite"), properties.getProperty("firstPatient"),
                properties.getProperty("firstUnit")));
    }

    /**
     * When {@link #current()}'s snapshot was taken ("today at 08:12", "on 2026-11-28 at 17:40"),
     * for the line that says it is restored.
     */
    String takenAt() {
        Path description = directory.resolve("snapshot.properties");
        try {
            LocalDate seeded = seededOn(described(description));
            String time = LocalTime.ofInstant(Files.getLastModifiedTime(description).toInstant(),
                    ZoneId.systemDefault()).truncatedTo(ChronoUnit.MINUTES).toString();
            return (seeded.equals(today) ? "today" : "on " + seeded) + " at " + time;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties described(Path description) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(description)) {
            properties.load(in);
        }
        return properties;
    }

    private static LocalDate seededOn(Properties properties) {
        String seeded = properties.getProperty("seeded");
        if (seeded == null) {
            throw new IllegalArgumentException("a snapshot without its seeding day");
        }
        return LocalDate.parse(seeded);
    }

    /**
     * Replaces the snapshot with a new one of the seeded primary: {@code copy} writes the
     * primary's files into the directory it is given. Written beside it first, so that a start
     * stopped halfway leaves either the old snapshot or none.
     */
    void take(Consumer<Path> copy, DemoData.Landmarks landmarks) throws IOException {
        Path taking = directory.resolveSibling(directory.getFileName() + ".taking");
        DirectoryTrees.delete(taking);
        Files.createDirectories(taking);
        copy.accept(taking.resolve("data"));
        Properties properties = new Properties();
        properties.setProperty("key", key);
        properties.setProperty("seeded", today.toString());
        properties.setProperty("firstSite", landmarks.firstSite());
        properties.setProperty("firstPatient", landmarks.firstPatient());
        if (landmarks.firstUnit() != null) {
            properties.setProperty("firstUnit", landmarks.firstUnit());
        }
        try (Writer out = Files.newBufferedWriter(taking.resolve("snapshot.properties"))) {
            properties.store(out, "The demo data of ./relais up, restored by the next starts with the same schema and seeding for "
                    + DAYS_RESTORED + " days;"
                    + " delete this directory to seed through the API again");
        }
        DirectoryTrees.delete(directory);
        Files.move(taking, directory, StandardCopyOption.ATOMIC_MOVE);
    }
}
