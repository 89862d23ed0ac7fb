package io.relais.records.patient;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The INS (Identifiant National de Santé, the NIR): 13 characters (digits, or 2A/2B for
 * Corsica) and a 2-digit control key. {@code qualified} is true only once the identity was
 * checked against the national teleservice; until then the INS is not used as an identifier.
 */
public record InsInput(
        @NotNull @Pattern(regexp = "[12378][0-9]{4}(2A|2B|[0-9]{2})[0-9]{8}",
                message = "must be 15 characters: sex digit, year, month, department (or 2A/2B), commune, order, key")
        String value,
        @NotNull Boolean qualified) {
}
