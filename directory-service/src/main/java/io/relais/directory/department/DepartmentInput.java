package io.relais.directory.department;

import io.relais.common.text.Text;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.UUID;

public record DepartmentInput(
        @NotNull
        UUID siteId,
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,31}", message = "must be 1 to 32 lowercase letters, digits or hyphens")
        String code,
        @NotBlank @Size(max = 200) @Pattern(regexp = Text.PRINTABLE, message = Text.PRINTABLE_MESSAGE)
        String name) {
}
