package io.relais.status.incident;

import io.relais.common.text.Text;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** A scheduled maintenance: its window puts its components under maintenance. */
public record MaintenanceInput(
        @NotBlank @Size(max = 200) @Pattern(regexp = Text.PRINTABLE, message = Text.PRINTABLE_MESSAGE)
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
