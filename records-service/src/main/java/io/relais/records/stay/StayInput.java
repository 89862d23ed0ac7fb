package io.relais.records.stay;

import io.relais.common.text.Text;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.UUID;

/**
 * A stay as sent to admit a patient or to change it (a transfer to another bed or unit, a
 * discharge). {@code unitName} is the department's name in the directory, stored with the stay
 * so that a downtime pack prints it without the directory.
 */
public record StayInput(
        @NotNull UUID unitId,
        @NotBlank @Size(max = 200) @Pattern(regexp = Text.PRINTABLE, message = Text.PRINTABLE_MESSAGE) String unitName,
        @Size(max = 20) @Pattern(regexp = "[\\p{L}\\p{N}][\\p{L}\\p{N} ./-]*", message = "letters, digits, spaces, '.', '/' or '-'")
        String bed,
        @NotNull @PastOrPresent Instant admittedAt,
        @PastOrPresent Instant dischargedAt) {
}
