package io.relais.records.entry;

import io.relais.common.text.Text;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

/**
 * A clinical entry as sent to create it or write a new version of it. {@code kind} is required
 * to create and cannot change afterwards; {@code criticality} is for allergies, {@code dosage}
 * for medications.
 */
public record EntryInput(
        EntryKind kind,
        EntryStatus status,
        @NotBlank @Size(max = 200) @Pattern(regexp = Text.PRINTABLE, message = Text.PRINTABLE_MESSAGE) String display,
        @Size(max = 64) @Pattern(regexp = "[^\\s]*", message = "must not contain spaces") String code,
        @Size(max = 200) String codeSystem,
        @Size(max = 10000) @Pattern(regexp = Text.PRINTABLE_MULTILINE, message = Text.PRINTABLE_MESSAGE) String text,
        @Pattern(regexp = "low|high|unable-to-assess", message = "must be one of low, high, unable-to-assess")
        String criticality,
        @Size(max = 500) @Pattern(regexp = Text.PRINTABLE, message = Text.PRINTABLE_MESSAGE) String dosage,
        @PastOrPresent LocalDate onset,
        @Size(max = 500) String reason) {
}
