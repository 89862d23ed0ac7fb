package io.relais.gateway.upstream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.relais.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.http.HttpClientResponse;
import jakarta.enterprise.util.TypeLiteral;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One route at one site: its address, its named circuit breaker (SmallRye Fault Tolerance
 * programmatic guard, called directly), its active-health state and its counters.
 *
 * <p>Its meters are its own, made once: looked up per answer in the registry (or in a map keyed
 * by upstream and status) they were a hashed key and a map lookup on every proxied request.
 */
public final class Upstream {

    private final String route;
    private final String site;
    private final URI base;
    private final URI management;
    private final String breakerName;
    private final TypedGuard<CompletionStage<HttpClientResponse>> guard;
    private final GatewayConfig.Health health;

    private volatile boolean healthy = true;
    private final AtomicInteger consecutive = new AtomicInteger();
    private volatile long latencyMicrosEwma;
    final LongAdder requests = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder failovers = new LongAdder();
    private final MeterRegistry meters;
    private final Timer latency;
    /** relais_gateway_requests by the status delivered (indexed by it: 100-599), made at its first use. */
    private final AtomicReferenceArray<Counter> delivered = new AtomicReferenceArray<>(600);

    Upstream(String route, String site, URI base, URI management, GatewayConfig config, MeterRegistry meters,
             Consumer<CircuitBreakerState> onTransition) {
        this.meters = meters;
        this.latency = meters.timer("relais_gateway_upstream_latency", "route", route, "site", site);
        this.route = route;
        this.site = site;
        this.base = base;
        this.management = management;
        this.health = config.health();
        this.breakerName = route + "@" + site;
        GatewayConfig.Breaker b = config.breaker();
        this.guard = TypedGuard.create(new TypeLiteral<CompletionStage<HttpClientResponse>>() { })
                .withCircuitBreaker()
                .name(breakerName)
                .requestVolumeThreshold(b.requestVolume())
                .failureRatio(b.failureRatio())
                .delay(b.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(b.successThreshold())
                .failOn(UpstreamFailure.class)
                .skipOn(UpstreamFailure.NotTheUpstreamsFault.class)
                .done()
                .withThreadOffload(false)
                .build();
        // Registered once, not on the guard: the guard's own callback is registered again on
        // every call (a map insertion per attempt in the gateway's JFR profile).
        CircuitBreakerMaintenance.get().onStateChange(breakerName, onTransition);
    }

    public String route() {
        return route;
    }

    public String site() {
        return site;
    }

    public URI base() {
        return base;
    }

    /** Where the service's management interface (its health checks) answers at this site. */
    public URI management() {
        return management;
    }

    public String host() {
        return base.getHost();
    }

    public int port() {
        return base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
    }

    public boolean ssl() {
        return "https".equals(base.getScheme());
    }

    public boolean healthy() {
        return healthy;
    }

    public CircuitBreakerState breakerState() {
        return CircuitBreakerMaintenance.get().currentState(breakerName);
    }

    /** Runs one attempt through this upstream's breaker; an open breaker fails it at once. */
    public CompletionStage<HttpClientResponse> attempt(Supplier<CompletionStage<HttpClientResponse>> send) {
        requests.increment();
        return guard.get(send);
    }

    /** Records one active health probe, with hysteresis. */
    public void probed(boolean up) {
        if (up == healthy) {
            consecutive.set(0);
            return;
        }
        int streak = consecutive.incrementAndGet();
        if (streak >= (up ? health.successesToUp() : health.failuresToDown())) {
            healthy = up;
            consecutive.set(0);
        }
    }

    /** True while the last checks disagree with the upstream's state, before enough of them change it. */
    public boolean changingState() {
        return consecutive.get() > 0;
    }

    /** One attempt's time to its answer or failure: the upstream's latency meter and the average in /gateway/upstreams. */
    public void recordLatency(long nanos) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
        long micros = nanos / 1000;
        long previous = latencyMicrosEwma;
        latencyMicrosEwma = previous == 0 ? micros : (previous * 7 + micros) / 8;
    }

    /** An answer of this upstream delivered to the client, counted by its status. */
    public void recordDelivered(int status) {
        if (status < 0 || status >= delivered.length()) { // not delivered (AttemptSender), but never another status's slot
            deliveredCounter(status).increment();
            return;
        }
        Counter counter = delivered.get(status);
        if (counter == null) {
            counter = deliveredCounter(status);
            delivered.compareAndSet(status, null, counter); // the registry hands both racers the same counter
        }
        counter.increment();
    }

    private Counter deliveredCounter(int status) {
        return meters.counter("relais_gateway_requests", "route", route, "site", site, "status", String.valueOf(status));
    }

    public void recordFailure(FailureKind kind) {
        failures.increment();
    }

    public void recordFailover() {
        failovers.increment();
    }

    public long requestCount() {
        return requests.sum();
    }

    public long failureCount() {
        return failures.sum();
    }

    public long failoverCount() {
        return failovers.sum();
    }

    public double latencyMillis() {
        return latencyMicrosEwma / 1000.0;
    }
}
