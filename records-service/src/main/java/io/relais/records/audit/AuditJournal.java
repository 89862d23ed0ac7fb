package io.relais.records.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.relais.records.config.RecordsConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The local, append-only, fsync'ed file where audit events wait while the database refuses
 * writes: one event per line. Replay works on a rotated copy so that appends never race it, reads
 * that copy as a stream in batches (a long read-only period's journal need not fit in the heap),
 * and inserts are idempotent (event ids), so a replay interrupted half-way is simply done again.
 *
 * <p>A crash in the middle of an append leaves a torn last line. The next append first ends that
 * line, so the torn event never swallows the next one; at replay an unreadable line is moved to
 * a quarantine file next to the journal, for a person to look at, instead of being dropped.
 *
 * <p>The journal is bounded ({@code records.audit.journal-max-size}): past the bound an append
 * fails and the request it audits is refused, because serving patient data unaudited is worse
 * than not serving it. Its size is a metric, and past {@code journal-warn-ratio} of the bound the
 * health check marks the service degraded on the status page, long before that happens.
 */
@ApplicationScoped
public class AuditJournal {

    @Inject
    RecordsConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry meters;

    @PostConstruct
    void metrics() {
        Gauge.builder("relais_audit_journal_bytes", this, AuditJournal::size)
                .description("Audit events waiting in the local journal (active + being replayed), in bytes")
                .register(meters);
    }

    private Path active() {
        return config.audit().journal().toAbsolutePath();
    }

    private Path replaying() {
        return active().resolveSibling(active().getFileName() + ".replaying");
    }

    /** Where unreadable lines go: kept for a person, never silently dropped. */
    public Path quarantineFile() {
        return active().resolveSibling(active().getFileName() + ".quarantine");
    }

    public synchronized void append(List<AuditEvent> events) {
        try {
            Path file = active();
            Files.createDirectories(file.getParent());
            StringBuilder lines = new StringBuilder();
            for (AuditEvent e : events) {
                lines.append(json.writeValueAsString(e)).append('\n');
            }
            byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
            long limit = config.audit().journalMaxSize().asLongValue();
            if (size() + bytes.length > limit) {
                throw new IllegalStateException("The audit journal " + file + " has reached its limit of " + limit
                        + " bytes (records.audit.journal-max-size): audited requests are refused until the database"
                        + " accepts writes again and the journal is replayed, or the limit is raised");
            }
            // Not APPEND (it cannot be combined with READ): the one writer is this synchronized method.
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                channel.position(channel.size());
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                if (endsTorn(channel)) {
                    // The last append was cut short: end its line so that it stays one bad line.
                    buffer = ByteBuffer.allocate(bytes.length + 1).put((byte) '\n').put(bytes).flip();
                }
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the audit journal " + active()
                    + "; check that its directory exists, is writable and has free space", e);
        }
    }

    private static boolean endsTorn(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return false;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        return last.get(0) != '\n';
    }

    /** True when events are waiting to be replayed. */
    public synchronized boolean pending() {
        try {
            return Files.exists(replaying()) || Files.exists(active()) && Files.size(active()) > 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Bytes waiting: the active journal and the copy being replayed. */
    public long size() {
        return sizeOf(active()) + sizeOf(replaying());
    }

    /** True once the journal holds more than the warning share of its bound. */
    public boolean filling() {
        return size() > config.audit().journalMaxSize().asLongValue() * config.audit().journalWarnRatio();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Receives the journal's events in order, a batch at a time. */
    @FunctionalInterface
    public interface BatchSink {
        void accept(List<AuditEvent> batch) throws Exception;
    }

    /**
     * Moves the journal aside (unless a previous replay's copy is still there) and streams that
     * copy's events to {@code sink} in batches of {@code batchSize}; deletes the copy once every
     * batch was accepted. A batch the sink refuses stops the replay; the copy stays for the next
     * attempt, which starts again from its beginning (the sink must be idempotent).
     *
     * @return the number of events replayed
     */
    public long replay(int batchSize, BatchSink sink) throws Exception {
        Path copy;
        synchronized (this) {
            if (!Files.exists(replaying()) && Files.exists(active())) {
                Files.move(active(), replaying(), StandardCopyOption.ATOMIC_MOVE);
            }
            copy = replaying();
            if (!Files.exists(copy)) {
                return 0;
            }
        }
        long replayed = 0;
        List<String> torn = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(copy), decoder))) {
            List<AuditEvent> batch = new ArrayList<>(batchSize);
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    batch.add(json.readValue(line, AuditEvent.class));
                } catch (com.fasterxml.jackson.core.JacksonException unreadable) {
                    torn.add(line);
                    continue;
                }
                if (batch.size() == batchSize) {
                    sink.accept(batch);
                    replayed += batch.size();
                    batch = new ArrayList<>(batchSize);
                }
            }
            if (!batch.isEmpty()) {
                sink.accept(batch);
                replayed += batch.size();
            }
        }
        synchronized (this) {
            if (!torn.isEmpty()) {
                quarantine(torn);
            }
            Files.deleteIfExists(copy);
        }
        return replayed;
    }

    private void quarantine(List<String> lines) throws IOException {
        Log.errorf("%d unreadable audit journal line(s) (an append cut short by a crash) moved to %s: look at them"
                + " before deleting that file", lines.size(), quarantineFile());
        meters.counter("relais_audit_journal_quarantined_lines").increment(lines.size());
        Files.write(quarantineFile(), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    }
}
