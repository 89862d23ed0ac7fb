package io.relais.status.probe;

/**
 * One probe's outcome: reachable and healthy, how long it took, and whether the service reports
 * itself degraded (read-only database) — {@code failure} says why when it failed, or why it is degraded when
 * the service said (downtime packs overdue).
 */
public record ProbeResult(boolean healthy, long latencyMillis, boolean reportsDegraded, ProbeDetail failure) {

    public static ProbeResult failed(long latencyMillis, ProbeDetail why) {
        return new ProbeResult(false, latencyMillis, false, why);
    }
}
