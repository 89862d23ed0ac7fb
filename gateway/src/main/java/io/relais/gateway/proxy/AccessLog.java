package io.relais.gateway.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.FastThreadLocal;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.relais.gateway.config.GatewayConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One line per client request on standard output, as HAProxy's and Envoy's access logs:
 * <pre>2026-11-30T21:55:03.417Z 10.0.0.7 "GET /api/records/patients/… HTTP/1.1" 200 1234 3.21 ms site=a attempts=1 req=…</pre>
 * The path is the decoded, normalised one the gateway routed (the raw one, escaped, when it was
 * refused), never the query string: searches carry patients' names, which have no place in a
 * proxy's log. The site is the one that answered ({@code -} when none did: the gateway's own
 * refusal or problem), attempts how many sites were tried, req the request id that the services'
 * logs and the client's error document carry too.
 *
 * <p>On standard output unless {@code gateway.access-log.file} names a file. The event loops
 * never write: each appends to a buffer of its own, handed at 4 KB (one {@code write(2)}, whole
 * lines, so that nothing interleaves with another writer of the same pipe)
 * or every second to one writer thread. When that thread cannot keep up (a stalled log pipe) the
 * lines are dropped and counted ({@code relais_gateway_access_log_dropped}) rather than stalling
 * client traffic — HAProxy's choice for its log too.
 */
@Singleton
public class AccessLog {

    private static final int CHUNK = 4096;
    private static final int QUEUED_CHUNKS = 1024;

    private final boolean enabled;
    private final Optional<Path> file;
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private final Counter dropped;
    private final FastThreadLocal<Lines> lines = new FastThreadLocal<>() {
        @Override
        protected Lines initialValue() {
            return new Lines();
        }
    };
    private final Thread writer;
    private volatile boolean stopping;

    AccessLog(GatewayConfig config, MeterRegistry meters) {
        this.enabled = config.accessLog().enabled();
        this.file = config.accessLog().file();
        this.dropped = meters.counter("relais_gateway_access_log_dropped");
        this.writer = new Thread(this::write, "relais-access-log");
        writer.setDaemon(true);
        if (enabled) {
            writer.start();
        }
    }

    /** One finished (or abandoned) client request; on its event loop. */
    void record(String client, String method, String path, String protocol, int status, long bytes, long startedNanos,
                String site, int attempts, String requestId) {
        if (!enabled) {
            return;
        }
        long now = System.currentTimeMillis();
        long micros = (System.nanoTime() - startedNanos) / 1000;
        Lines own = lines.get();
        StringBuilder line = own.text;
        own.timestamp(now);
        line.append(' ').append(client).append(" \"").append(method).append(' ');
        appendEscaped(line, path);
        line.append(' ').append(protocol).append("\" ");
        if (status > 0) {
            line.append(status);
        } else {
            line.append("aborted");
        }
        line.append(' ').append(bytes).append(' ').append(micros / 1000).append('.');
        long fraction = micros % 1000 / 10;
        if (fraction < 10) {
            line.append('0');
        }
        line.append(fraction).append(" ms site=").append(site == null ? "-" : site)
                .append(" attempts=").append(attempts).append(" req=").append(requestId).append('\n');
        if (line.length() >= CHUNK - 512) {
            handOver(own);
        }
    }

    /** Hands this event loop's lines to the writer; each loop calls it every second (ClientListener). */
    public void flush() {
        if (enabled) {
            Lines own = lines.get();
            if (own.text.length() > 0) {
                handOver(own);
            }
        }
    }

    private void handOver(Lines own) {
        byte[] text = own.text.toString().getBytes(StandardCharsets.UTF_8);
        own.text.setLength(0);
        // Counted in characters, the buffer may encode to more than a chunk (non-ASCII paths):
        // split it at line ends, so that every write stays whole lines of at most CHUNK bytes.
        int from = 0;
        while (from < text.length) {
            int end = Math.min(text.length, from + CHUNK);
            if (end < text.length) {
                int cut = end;
                while (cut > from && text[cut - 1] != '\n') {
                    cut--;
                }
                if (cut == from) { // one line longer than a chunk (a client's odd method): whole, alone
                    cut = end;
                    while (cut < text.length && text[cut - 1] != '\n') {
                        cut++;
                    }
                }
                end = cut;
            }
            byte[] chunk = from == 0 && end == text.length ? text : Arrays.copyOfRange(text, from, end);
            if (!chunks.offer(chunk)) {
                int count = 0;
                for (byte b : chunk) {
                    if (b == '\n') {
                        count++;
                    }
                }
                dropped.increment(count);
            }
            from = end;
        }
    }

    private void write() {
        OutputStream out;
        try {
            out = file.isPresent() ? new FileOutputStream(file.get().toFile(), true) : new FileOutputStream(FileDescriptor.out);
        } catch (IOException e) {
            Log.errorf("The access log file %s cannot be opened (%s): fix gateway.access-log.file; no access log until then",
                    file.get(), e);
            return;
        }
        while (!stopping || !chunks.isEmpty()) {
            try {
                byte[] chunk = chunks.poll(200, TimeUnit.MILLISECONDS);
                if (chunk != null) {
                    out.write(chunk);
                }
            } catch (InterruptedException e) {
                stopping = true;
            } catch (IOException e) {
                Log.warnf("The access log cannot be written to standard output (%s); its lines are dropped until it can", e);
            }
        }
    }

    /** After the client listener's own shutdown observer (default priority), whose loops hand their last lines over. */
    void stop(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event)
            throws InterruptedException {
        stopping = true;
        writer.join(2000);
    }

    /**
     * Control characters, spaces, quotes and backslashes as %XX (the path was decoded; a refused
     * one is raw): a line stays one line with one quoted request, whatever a client sent.
     */
    private static void appendEscaped(StringBuilder line, String path) {
        int limit = Math.min(path.length(), 512);
        for (int i = 0; i < limit; i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == '"' || c == '\\' || c == 0x7f) {
                line.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                line.append(c);
            }
        }
        if (path.length() > limit) {
            line.append("…");
        }
    }

    /** An event loop's pending lines, and its last formatted second (one format per second, not per line). */
    private static final class Lines {
        final StringBuilder text = new StringBuilder(CHUNK);
        private long second = -1;
        private String secondText;

        void timestamp(long millis) {
            long s = millis / 1000;
            if (s != second) {
                second = s;
                secondText = LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC).toString();
                if (secondText.length() == 16) {
                    secondText += ":00"; // LocalDateTime leaves out zero seconds
                }
            }
            int ms = (int) (millis % 1000);
            text.append(secondText).append('.').append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10))
                    .append((char) ('0' + ms % 10)).append('Z');
        }
    }
}
