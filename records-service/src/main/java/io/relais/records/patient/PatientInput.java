package io.relais.records.patient;

import io.relais.common.text.Text;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

/** Identity and demographics sent to create or update a patient. */
public record PatientInput(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{1,20}", message = "must be 1 to 20 letters, digits or hyphens")
        String ipp,
        @Valid InsInput ins,
        @NotBlank @Size(max = 100) @Pattern(regexp = Text.PRINTABLE, message = Text.PRINTABLE_MESSAGE)
        String familyName,
        @NotBlank @Size(max = 200) @Pattern(regexp = Text.PRINTABLE, message = Text.PRINTABLE_MESSAGE)
        String givenNames,
        @NotNull @PastOrPresent
        LocalDate birthDate,
        @NotNull
        Sex sex) {
}
