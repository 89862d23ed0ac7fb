package io.relais.status.component;

import io.relais.common.text.Text;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A component set by hand, or the texts of a probed one. {@code status} is required for the
 * former and refused for the latter (the probes decide it).
 */
public record ComponentInput(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}", message = "must be 1 to 64 lowercase letters, digits or hyphens")
        String id,
        @NotBlank @Size(max = 200) @Pattern(regexp = Text.PRINTABLE, message = Text.PRINTABLE_MESSAGE)
        String name,
        @Size(max = 1000)
        String description,
        @Size(max = 2000)
        String fallback,
        ComponentStatus status,
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}", message = "must be a component id")
        String groupId,
        Integer position) {
}
