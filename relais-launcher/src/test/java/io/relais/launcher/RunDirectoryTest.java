package io.relais.launcher;

import io.relais.local.files.DirectoryTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a start clears of the run directory the last one left (the databases it copies over: ReplicationTest). */
class RunDirectoryTest {

    @Test
    void aStartKeepsOnlyEachSitesPostgresqlFiles(@TempDir Path run) throws IOException {
        Path primary = write(run.resolve("site-a/postgres/base/5/16384"), "relation");
        Path standby = write(run.resolve("site-b/postgres/PG_VERSION"), "17");
        Path pack = write(run.resolve("site-a/packs/unit-1/census.pdf"), "last run's pack");
        Path log = write(run.resolve("logs/records-a.log"), "last run's log");
        Path notASite = write(run.resolve("patroni/postgres/PG_VERSION"), "15");

        DirectoryTrees.deleteExcept(run, Site::isDataDirectory);

        assertEquals("relation", Files.readString(primary));
        assertEquals("17", Files.readString(standby));
        assertFalse(Files.exists(pack.getParent().getParent()), "the packs are made again");
        assertFalse(Files.exists(log.getParent()), "the logs are the new run's");
        assertFalse(Files.exists(notASite.getParent().getParent()), "only a site's directory holds a site's database");
        assertTrue(Files.isDirectory(run));
    }

    @Test
    void deletingEverythingLeavesNothing(@TempDir Path parent) throws IOException {
        Path run = parent.resolve("run");
        write(run.resolve("site-a/postgres/PG_VERSION"), "17");

        DirectoryTrees.delete(run);

        assertFalse(Files.exists(run));
        DirectoryTrees.delete(run); // nothing to delete is not an error
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
