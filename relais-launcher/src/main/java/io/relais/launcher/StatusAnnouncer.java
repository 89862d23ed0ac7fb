package io.relais.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells clinicians about role changes on the status page: an incident opened when the HA
 * stand-in promotes a site or drops to asynchronous replication, resolved when the lost site is
 * back. Posted in the background with retries, since the status service is itself reconnecting
 * to the new primary at that moment; an Idempotency-Key makes the retries harmless.
 */
final class StatusAnnouncer implements AutoCloseable {

    enum Topic { FAILOVER, REPLICATION }

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);

    private final Supplier<List<String>> statusPages;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ExecutorService queue = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "relais-status-announcer");
        t.setDaemon(true);
        return t;
    });
    /** Open incident per topic; touched only by the queue's thread. */
    private final Map<Topic, String> open = new EnumMap<>(Topic.class);

    StatusAnnouncer(Supplier<List<String>> statusPages, String token) {
        this.statusPages = statusPages;
        this.token = token;
    }

    void open(Topic topic, String name, String body) {
        String key = UUID.randomUUID().toString();
        String json = "{\"name\":" + quote(name) + ",\"status\":\"identified\",\"impact\":\"minor\",\"body\":" + quote(body) + "}";
        queue.execute(() -> {
            if (open.containsKey(topic)) {
                return;
            }
            String answer = retrying("open '" + name + "'", base -> send(HttpRequest.newBuilder(
                            URI.create(base + "/api/v2/manage/incidents"))
                    .header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(json)), 201).body());
            if (answer != null) {
                Matcher id = ID.matcher(answer);
                if (id.find()) {
                    open.put(topic, id.group(1));
                }
            }
        });
    }

    void resolve(Topic topic, String body) {
        String json = "{\"status\":\"resolved\",\"body\":" + quote(body) + "}";
        queue.execute(() -> {
            String id = open.remove(topic);
            if (id == null) {
                return;
            }
            retrying("resolve incident " + id, base -> {
                String incident = base + "/api/v2/manage/incidents/" + id;
                String etag = send(HttpRequest.newBuilder(URI.create(incident)).GET(), 200).headers().firstValue("ETag")
                        .orElseThrow(() -> new IllegalStateException("no ETag on " + incident));
                return send(HttpRequest.newBuilder(URI.create(incident + "/updates")).header("If-Match", etag)
                        .POST(HttpRequest.BodyPublishers.ofString(json)), 200).body();
            });
        });
    }

    private interface Call {
        String at(String statusPage) throws Exception;
    }

    /** Tries every status page in turn until one takes the call; gives up (and says so) after two minutes. */
    private String retrying(String what, Call call) {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        String lastError = "no status page is running";
        while (System.nanoTime() < deadline) {
            for (String page : statusPages.get()) {
                try {
                    return call.at(page);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                } catch (Exception e) {
                    lastError = page + ": " + e.getMessage();
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        System.err.println("[relais-ha] could not " + what + " on the status page: " + lastError
                + " — post it by hand (docs/operations.md, 'Status page operations')");
        return null;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        queue.shutdownNow();
    }
}
