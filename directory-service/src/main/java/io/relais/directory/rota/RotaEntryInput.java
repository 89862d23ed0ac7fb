package io.relais.directory.rota;

import io.relais.common.text.Text;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.UUID;

/** An on-call slot; {@code endsAt} is exclusive. Overlaps are allowed (two people on call). */
public record RotaEntryInput(
        @NotNull
        UUID departmentId,
        @NotBlank @Size(max = 100) @Pattern(regexp = Text.PRINTABLE, message = Text.PRINTABLE_MESSAGE)
        String roleLabel,
        @NotNull
        UUID personId,
        @NotNull
        Instant startsAt,
        @NotNull
        Instant endsAt) {
}
