package io.relais.directory.person;

import io.relais.common.text.Text;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/** One number of a person, in the order they should be tried. */
public record ContactPointInput(
        @NotNull
        ContactKind kind,
        @NotBlank @Size(max = 100)
        String value,
        /* The site where the number works; defaults to the site of the person's first department. */
        UUID siteId,
        @NotNull
        Visibility visibility,
        @Size(max = 100) @Pattern(regexp = Text.PRINTABLE, message = Text.PRINTABLE_MESSAGE)
        String label) {
}
