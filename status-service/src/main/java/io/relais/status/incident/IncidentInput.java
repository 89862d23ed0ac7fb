package io.relais.status.incident;

import io.relais.common.text.Text;

import io.relais.status.component.ComponentStatus;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/** A new incident: its first timeline entry, and the status each affected component is set to. */
public record IncidentInput(
        @NotBlank @Size(max = 200) @Pattern(regexp = Text.PRINTABLE, message = Text.PRINTABLE_MESSAGE)
        String name,
        @NotNull @Pattern(regexp = "investigating|identified|monitoring|resolved|postmortem",
                message = "must be one of investigating, identified, monitoring, resolved, postmortem")
        String status,
        @NotNull @Pattern(regexp = "none|minor|major|critical", message = "must be one of none, minor, major, critical")
        String impact,
        @NotBlank @Size(max = 5000)
        String body,
        @Size(max = 100)
        Map<String, @NotNull ComponentStatus> components) {
}
