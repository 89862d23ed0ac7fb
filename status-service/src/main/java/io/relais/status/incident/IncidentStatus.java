package io.relais.status.incident;

import java.util.Set;

/** Statuspage's incident and maintenance statuses, and which of them are over. */
public final class IncidentStatus {

    public static final Set<String> INCIDENT = Set.of("investigating", "identified", "monitoring", "resolved", "postmortem");
    public static final Set<String> MAINTENANCE = Set.of("scheduled", "in_progress", "verifying", "completed");
    public static final Set<String> IMPACTS = Set.of("none", "minor", "major", "critical");
    private static final Set<String> OVER = Set.of("resolved", "postmortem", "completed");

    private IncidentStatus() {
    }

    public static boolean over(String status) {
        return OVER.contains(status);
    }
}
