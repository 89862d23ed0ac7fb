package io.relais.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a start may restore the demo data instead of seeding it (the copy itself: ReplicationTest). */
class DemoSnapshotTest {

    private static final DemoData.Sizes DEFAULT = new DemoData.Sizes(3000, 200);
    private static final String SHAPE = "0123456789abcdef";
    private static final DemoData.Landmarks LANDMARKS = new DemoData.Landmarks("site-1", "patient-1", "unit-1");

    @Test
    void aStartRestoresTheSnapshotTheStartBeforeItKeptForTheSameBuildAndSizes(@TempDir Path dir) throws Exception {
        DemoSnapshot first = new DemoSnapshot(dir.resolve("demo"), DEFAULT, SHAPE);
        assertEquals(Optional.empty(), first.current(), "nothing kept yet: seed through the API");

        first.take(DemoSnapshotTest::copyOfAPrimary, LANDMARKS);

        DemoSnapshot next = new DemoSnapshot(dir.resolve("demo"), DEFAULT, SHAPE);
        assertEquals(Optional.of(LANDMARKS), next.current());
        assertTrue(Files.exists(next.data().resolve("PG_VERSION")));
        assertFalse(Files.exists(dir.resolve("demo.taking")), "nothing left half-written beside it");
        assertEquals(Optional.empty(), new DemoSnapshot(dir.resolve("demo"), new DemoData.Sizes(50_000, 200), SHAPE)
                .current(), "other sizes: seed them");
    }

    @Test
    void aSnapshotIsRestoredForAWeekFromItsSeedingDayThenSeededAgain(@TempDir Path dir) throws Exception {
        LocalDate seeded = LocalDate.of(2026, 11, 24);
        new DemoSnapshot(dir.resolve("demo"), DEFAULT, SHAPE, seeded).take(DemoSnapshotTest::copyOfAPrimary, LANDMARKS);

        DemoSnapshot sameDay = new DemoSnapshot(dir.resolve("demo"), DEFAULT, SHAPE, seeded);
        assertEquals(Optional.of(LANDMARKS), sameDay.current());
        assertTrue(sameDay.takenAt().startsWith("today at "), sameDay.takenAt());
        DemoSnapshot sixDaysLater = new DemoSnapshot(dir.resolve("demo"), DEFAULT, SHAPE, seeded.plusDays(6));
        assertEquals(Optional.of(LANDMARKS), sixDaysLater.current(), "the rotas still cover three weeks ahead");
        assertTrue(sixDaysLater.takenAt().startsWith("on 2026-11-24 at "), sixDaysLater.takenAt());
        assertEquals(Optional.empty(), new DemoSnapshot(dir.resolve("demo"), DEFAULT, SHAPE, seeded.plusDays(7))
                .current(), "a week old: seed this week's rotas and stays");
        assertEquals(Optional.empty(), new DemoSnapshot(dir.resolve("demo"), DEFAULT, SHAPE, seeded.minusDays(1))
                .current(), "seeded on a day still to come (the clock was put back): seed again");
    }

    @Test
    void aSnapshotWithoutItsSeedingDayIsNotRestored(@TempDir Path dir) throws Exception {
        DemoSnapshot snapshot = new DemoSnapshot(dir.resolve("demo"), DEFAULT, SHAPE);
        snapshot.take(DemoSnapshotTest::copyOfAPrimary, LANDMARKS);
        Path description = dir.resolve("demo/snapshot.properties");
        FileTime taken = Files.getLastModifiedTime(description);
        Files.writeString(description, Files.readString(description).replaceAll("(?m)^seeded=.*$", ""));
        Files.setLastModifiedTime(description, taken);

        assertEquals(Optional.empty(), snapshot.current());
    }

    @Test
    void anotherShapeOfTheDataMakesTheSnapshotStale(@TempDir Path dir) throws Exception {
        new DemoSnapshot(dir.resolve("demo"), DEFAULT, SHAPE).take(DemoSnapshotTest::copyOfAPrimary, LANDMARKS);

        assertEquals(Optional.empty(), new DemoSnapshot(dir.resolve("demo"), DEFAULT, "fedcba9876543210").current(),
                "a migration or the seeding code changed: seed through the API");
    }

    @Test
    void aFailedCopyKeepsTheSnapshotBeforeIt(@TempDir Path dir) throws Exception {
        DemoSnapshot snapshot = new DemoSnapshot(dir.resolve("demo"), DEFAULT, SHAPE);
        snapshot.take(DemoSnapshotTest::copyOfAPrimary, LANDMARKS);

        assertThrows(IllegalStateException.class, () -> snapshot.take(target -> {
            throw new IllegalStateException("the primary went away");
        }, new DemoData.Landmarks("site-2", "patient-2", null)));

        assertEquals(Optional.of(LANDMARKS), snapshot.current());
    }

    private static void copyOfAPrimary(Path target) {
        try {
            Files.createDirectories(target);
            Files.writeString(target.resolve("PG_VERSION"), "17\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
