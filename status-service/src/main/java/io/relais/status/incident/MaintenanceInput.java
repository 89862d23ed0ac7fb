package io.relais.status.incident;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** A scheduled maintenance: its window puts its components under maintenance. */
public record MaintenanceInput(
        @NotBlank @Size(max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String name,
        @NotNull
        Instant scheduledFor,
        @NotNull
        Instant scheduledUntil,
        @NotBlank @Size(max = 5000)
        String body,
        @NotNull @Size(min = 1, max = 100)
        List<@NotBlank String> components) {
}
