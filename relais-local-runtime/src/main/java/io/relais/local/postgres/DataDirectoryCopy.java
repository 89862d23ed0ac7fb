package io.relais.local.postgres;

import io.relais.local.files.DirectoryTrees;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

/**
 * Makes a directory an exact copy of a PostgreSQL data directory, writing over the files it
 * already holds and deleting what the source lacks, rather than emptying it first.
 *
 * <p>Why not delete and copy: a local start and a site's power-on copy about 2,000 files into
 * the directory the last run left. On ext4 without a journal (these machines' disks), each file
 * created soon after thousands were deleted searches past every recently freed inode, so a copy
 * into a just-emptied directory took 1.3–1.8 s instead of 0.2 s, on the CPU the services need to
 * start. Writing over a file keeps its inode.
 */
final class DataDirectoryCopy {

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private DataDirectoryCopy() {
    }

    /**
     * Copies {@code from} into {@code to}, without the top-level entries named in {@code excluded}
     * (their directories are left empty). Afterwards {@code to} holds nothing that {@code from}
     * did not, whatever it held before: a stale {@code postmaster.pid}, WAL or relation files of
     * the last run are gone.
     */
    static void mirror(Path from, Path to, Set<String> excluded) throws IOException {
        Files.createDirectories(to);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
        Set<Path> copied = new HashSet<>();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path relative = from.relativize(dir);
                directory(to.resolve(relative));
                copied.add(relative);
                return isExcluded(relative) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path relative = from.relativize(file);
                if (!isExcluded(relative)) {
                    try {
                        overwrite(file, to.resolve(relative));
                        copied.add(relative);
                    } catch (NoSuchFileException vanished) {
                        // Temporary files come and go while the primary runs; WAL replay covers them.
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }

            private boolean isExcluded(Path relative) {
                return relative.getNameCount() == 1 && excluded.contains(relative.toString());
            }
        });
        deleteAllBut(to, copied);
    }

    private static void directory(Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(target);
        }
        Files.createDirectories(target);
    }

    /** Writes {@code file}'s bytes into {@code target}, in place when it exists (the same inode). */
    private static void overwrite(Path file, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel out = open(target)) {
            long size = in.size();
            long position = 0;
            while (position < size) {
                long sent = in.transferTo(position, size - position, out);
                if (sent <= 0) {
                    break; // truncated while copied: the running primary's WAL replay covers it
                }
                position += sent;
            }
        }
    }

    private static FileChannel open(Path target) throws IOException {
        try {
            return FileChannel.open(target, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING), OWNER_ONLY);
        } catch (FileSystemException directoryInTheWay) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw directoryInTheWay;
            }
            DirectoryTrees.delete(target);
            return open(target);
        }
    }

    /** Deletes every entry under {@code root} whose path relative to it is not in {@code kept}. */
    private static void deleteAllBut(Path root, Set<Path> kept) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (kept.contains(root.relativize(dir))) {
                    return FileVisitResult.CONTINUE;
                }
                DirectoryTrees.delete(dir);
                return FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!kept.contains(root.relativize(file))) {
                    Files.delete(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
