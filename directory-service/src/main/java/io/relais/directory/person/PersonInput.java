package io.relais.directory.person;

import io.relais.common.text.Text;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.UUID;

/** A staff member as sent to create or replace one (contact points included, in rank order). */
public record PersonInput(
        @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1 to 64 letters, digits, dots, dashes or underscores")
        String externalId,
        @NotBlank @Size(max = 100) @Pattern(regexp = Text.PRINTABLE, message = Text.PRINTABLE_MESSAGE)
        String familyName,
        @NotBlank @Size(max = 200) @Pattern(regexp = Text.PRINTABLE, message = Text.PRINTABLE_MESSAGE)
        String givenNames,
        @NotBlank @Size(max = 100) @Pattern(regexp = Text.PRINTABLE, message = Text.PRINTABLE_MESSAGE)
        String profession,
        @Size(max = 100) @Pattern(regexp = Text.PRINTABLE, message = Text.PRINTABLE_MESSAGE)
        String title,
        @Pattern(regexp = "[0-9]{11}", message = "an RPPS number is 11 digits")
        String rpps,
        @NotNull @Size(max = 20)
        List<@NotNull UUID> departmentIds,
        @NotNull @Size(max = 20)
        List<@Valid @NotNull ContactPointInput> contactPoints) {
}
