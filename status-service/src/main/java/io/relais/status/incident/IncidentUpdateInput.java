package io.relais.status.incident;

import io.relais.status.component.ComponentStatus;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * A timeline entry on an incident or maintenance. {@code components}, when given, replaces the
 * affected components and their statuses; {@code impact} may be raised or lowered as it evolves.
 */
public record IncidentUpdateInput(
        @NotNull @Pattern(regexp = "investigating|identified|monitoring|resolved|postmortem|scheduled|in_progress|verifying|completed",
                message = "must be an incident status (investigating, identified, monitoring, resolved, postmortem) "
                        + "or a maintenance status (scheduled, in_progress, verifying, completed)")
        String status,
        @NotBlank @Size(max = 5000)
        String body,
        @Pattern(regexp = "none|minor|major|critical", message = "must be one of none, minor, major, critical")
        String impact,
        @Size(max = 100)
        Map<String, @NotNull ComponentStatus> components) {
}
