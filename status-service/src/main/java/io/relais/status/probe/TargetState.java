package io.relais.status.probe;

import io.relais.status.component.ComponentStatus;

import java.time.Instant;

/**
 * What the probes say about one target, with hysteresis: it takes {@code failuresToDown}
 * failures in a row to go down and {@code successesToUp} successes to come back, so that one
 * lost packet is not an outage and one lucky answer is not a recovery. The first probe decides
 * at once (there is nothing to smooth yet).
 */
public final class TargetState {

    private final int failuresToDown;
    private final int successesToUp;
    private final long slowMillis;

    private Boolean up;
    private int failures;
    private int successes;
    private ProbeResult last;
    private Instant lastChecked;
    private final Instant created = Instant.now();
    private Instant since = created;
    private Instant firstAnswered;

    public TargetState(int failuresToDown, int successesToUp, long slowMillis) {
        this.failuresToDown = failuresToDown;
        this.successesToUp = successesToUp;
        this.slowMillis = slowMillis;
    }

    /** Records a probe; returns true when the shown status changed. */
    public synchronized boolean record(ProbeResult result, Instant at) {
        ComponentStatus before = status();
        last = result;
        lastChecked = at;
        if (result.healthy()) {
            if (firstAnswered == null) {
                firstAnswered = at;
            }
            successes++;
            failures = 0;
            if (up == null || !up && successes >= successesToUp) {
                up = true;
            }
        } else {
            failures++;
            successes = 0;
            if (up == null || up && failures >= failuresToDown) {
                up = false;
            }
        }
        ComponentStatus after = status();
        if (after != before) {
            since = at;
            return true;
        }
        return false;
    }

    /** Operational, degraded (slow or read-only), or major outage; operational until the first probe. */
    public synchronized ComponentStatus status() {
        if (up == null) {
            return ComponentStatus.OPERATIONAL;
        }
        if (!up) {
            return ComponentStatus.MAJOR_OUTAGE;
        }
        boolean degraded = last != null && last.healthy() && (last.reportsDegraded() || last.latencyMillis() > slowMillis);
        return degraded ? ComponentStatus.DEGRADED_PERFORMANCE : ComponentStatus.OPERATIONAL;
    }

    public synchronized boolean probed() {
        return up != null;
    }

    /** When this page started watching the component (its Statuspage {@code created_at} unless edited). */
    public Instant created() {
        return created;
    }

    /**
     * The first time the component answered its health check, or null: before it, a component
     * that is still starting (a site coming up after its status page) is not counted as down.
     */
    public synchronized Instant firstAnswered() {
        return firstAnswered;
    }

    public synchronized Instant since() {
        return since;
    }

    public synchronized Instant lastChecked() {
        return lastChecked;
    }

    /** Why the last probe failed or what made it degraded, for the page; null when all is well. */
    public synchronized ProbeDetail detail() {
        if (last == null) {
            return null;
        }
        if (!last.healthy()) {
            return last.failure();
        }
        if (last.reportsDegraded()) {
            // A healthy answer that says why it is degraded, when the service told (packs overdue).
            return last.failure() != null ? last.failure() : ProbeDetail.of(ProbeDetail.Kind.DEGRADED);
        }
        return last.latencyMillis() > slowMillis ? new ProbeDetail(ProbeDetail.Kind.SLOW, last.latencyMillis()) : null;
    }
}
