package io.relais.records.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relais.records.config.RecordsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The local, append-only, fsync'ed file where audit events wait while the database refuses
 * writes. Replay works on a rotated copy so that appends never race a replay, and inserts are
 * idempotent (event ids), so a replay interrupted half-way is simply done again.
 */
@ApplicationScoped
public class AuditJournal {

    @Inject
    RecordsConfig config;

    @Inject
    ObjectMapper json;

    private Path active() {
        return config.audit().journal();
    }

    private Path replaying() {
        return active().resolveSibling(active().getFileName() + ".replaying");
    }

    public synchronized void append(List<AuditEvent> events) {
        try {
            Path file = active().toAbsolutePath();
            Files.createDirectories(file.getParent());
            StringBuilder lines = new StringBuilder();
            for (AuditEvent e : events) {
                lines.append(json.writeValueAsString(e)).append('\n');
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the audit journal " + active().toAbsolutePath()
                    + "; check that its directory exists, is writable and has free space", e);
        }
    }

    /** True when events are waiting to be replayed. */
    public synchronized boolean pending() {
        try {
            return Files.exists(replaying()) || Files.exists(active()) && Files.size(active()) > 0;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Takes the waiting events for replay: moves the journal aside (unless a previous replay's
     * copy is still there) and returns that copy's events.
     */
    public synchronized List<AuditEvent> takeForReplay() {
        try {
            if (!Files.exists(replaying()) && Files.exists(active())) {
                Files.move(active(), replaying(), StandardCopyOption.ATOMIC_MOVE);
            }
            if (!Files.exists(replaying())) {
                return List.of();
            }
            List<AuditEvent> events = new ArrayList<>();
            for (String line : Files.readAllLines(replaying(), StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(json.readValue(line, AuditEvent.class));
                } catch (com.fasterxml.jackson.core.JacksonException torn) {
                    // Only a line cut short by a crash mid-append can be unreadable.
                    io.quarkus.logging.Log.errorf("Skipping an unreadable audit journal line: %s", line);
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the audit journal " + replaying().toAbsolutePath(), e);
        }
    }

    /** The events returned by {@link #takeForReplay()} are safely in the database. */
    public synchronized void replayed() {
        try {
            Files.deleteIfExists(replaying());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
