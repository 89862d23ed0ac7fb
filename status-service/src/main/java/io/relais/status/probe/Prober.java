package io.relais.status.probe;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.relais.status.config.StatusConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Probes every configured target continuously on the Vert.x event loop (no thread per probe,
 * no database): the current view lives in memory, so the page answers whatever else is down.
 */
@ApplicationScoped
public class Prober {

    @Inject
    Vertx vertx;

    @Inject
    StatusConfig config;

    private final Map<String, TargetState> states = new LinkedHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private HttpClient client;
    private long timer = -1;

    void start(@Observes StartupEvent event) {
        StatusConfig.Probe probe = config.probe();
        config.targets().keySet().stream().sorted().forEach(id -> states.put(id,
                new TargetState(probe.failuresToDown(), probe.successesToUp(), probe.slowThreshold().toMillis())));
        int timeout = (int) probe.timeout().toMillis();
        // Kept-alive connections (a handshake per probe costs both sides CPU); a socket to a site that
        // died without a reset is caught by the per-request timeout, like a fresh connection would be.
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(timeout)
                .setKeepAliveTimeout((int) Math.max(2, probe.interval().toSeconds() * 3)),
                new io.vertx.core.http.PoolOptions().setHttp1MaxSize(1));
        probeAll();
        timer = vertx.setPeriodic(probe.interval().toMillis(), id -> probeAll());
        Log.infof("Probing %d targets every %s (timeout %s)", states.size(), probe.interval(), probe.timeout());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private static final java.util.regex.Pattern DEGRADED = java.util.regex.Pattern.compile("\"degraded\"\\s*:\\s*true");
    /** records-service's downtime-packs check, degraded: the units' paper copies are late (says what to do). */
    private static final java.util.regex.Pattern PACKS_OVERDUE = java.util.regex.Pattern.compile(
            "\"name\"\\s*:\\s*\"downtime-packs\"[^}]*\"degraded\"\\s*:\\s*true");

    private final java.time.Instant startedAt = java.time.Instant.now();

    /** When this page started watching (the created_at of a site with nothing probed yet). */
    public java.time.Instant startedAt() {
        return startedAt;
    }

    /** The state of every target, by component id. */
    public Map<String, TargetState> states() {
        return Collections.unmodifiableMap(states);
    }

    /** Changes each time any shown status changes, so that views can be cached until then. */
    public long generation() {
        return generation.get();
    }

    private void probeAll() {
        config.targets().forEach((id, target) -> probe(id, target.url()));
    }

    /** A failure as a kind the page can say in words; the exception itself goes to the log only. */
    private ProbeDetail describe(String id, Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        if (failure instanceof java.net.ConnectException || message.contains("Connection refused")) {
            return ProbeDetail.of(ProbeDetail.Kind.REFUSED);
        }
        if (failure instanceof java.util.concurrent.TimeoutException || failure instanceof io.netty.channel.ConnectTimeoutException
                || message.contains("timeout") || message.contains("timed out")) {
            return new ProbeDetail(ProbeDetail.Kind.TIMEOUT, config.probe().timeout().toMillis());
        }
        if (failure instanceof java.net.UnknownHostException) {
            return ProbeDetail.of(ProbeDetail.Kind.UNKNOWN_HOST);
        }
        Log.debugf("Probe of %s failed: %s", id, failure);
        return ProbeDetail.of(ProbeDetail.Kind.FAILED);
    }

    private void probe(String id, String url) {
        long started = System.nanoTime();
        URI uri = URI.create(url);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : 80).setURI(uri.getRawPath())
                .setTimeout(config.probe().timeout().toMillis()).putHeader("Accept", "application/json");
        client.request(options)
                .compose(request -> request.send().compose(response -> response.body().map(body -> {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    if (response.statusCode() / 100 != 2) {
                        return ProbeResult.failed(millis, new ProbeDetail(ProbeDetail.Kind.HTTP_STATUS, response.statusCode()));
                    }
                    // Relais health checks say "degraded": true for what still works but needs a
                    // person (writes refused on a standby, an audit journal filling up).
                    boolean degraded = DEGRADED.matcher(body.toString()).find();
                    boolean packsLate = degraded && PACKS_OVERDUE.matcher(body.toString()).find();
                    return new ProbeResult(true, millis, degraded, packsLate ? ProbeDetail.of(ProbeDetail.Kind.PACKS_OVERDUE) : null);
                })))
                .otherwise(failure -> ProbeResult.failed((System.nanoTime() - started) / 1_000_000, describe(id, failure)))
                .onSuccess(result -> {
                    if (states.get(id).record(result, Instant.now())) {
                        generation.incrementAndGet();
                        Log.infof("%s is now %s%s", id, states.get(id).status().code(),
                                result.failure() == null ? "" : " (" + result.failure().english() + ")");
                    }
                });
    }
}
