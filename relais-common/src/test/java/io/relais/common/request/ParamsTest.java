package io.relais.common.request;

import io.relais.common.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Path and query parameters: a malformed one is a problem naming it, never a 404 or a 500. */
class ParamsTest {

    @Test
    void aUuidMustBeWrittenInFull() {
        UUID id = UUID.randomUUID();
        assertEquals(id, Params.uuid("patientId", id.toString()));
        assertEquals(id, Params.uuid("patientId", id.toString().toUpperCase()));
        // UUID.fromString accepts "1-1-1-1-1"; a client that sent it has a bug worth seeing.
        assertNamed("patientId", "is not a UUID", () -> Params.uuid("patientId", "1-1-1-1-1"));
        assertNamed("patientId", "is not a UUID", () -> Params.uuid("patientId", "12345"));
        assertNamed("patientId", "is not a UUID", () -> Params.uuid("patientId", null));
    }

    @Test
    void optionalDatesAndInstantsAreAbsentWhenBlankAndNamedWhenWrong() {
        assertNull(Params.optionalDate("birthDate", " "));
        assertEquals(LocalDate.of(2024, 2, 29), Params.optionalDate("birthDate", "2024-02-29"));
        assertNamed("birthDate", "YYYY-MM-DD", () -> Params.optionalDate("birthDate", "2023-02-29"));
        assertNull(Params.optionalInstant("from", null));
        assertEquals(Instant.parse("2026-01-31T08:00:00Z"), Params.optionalInstant("from", "2026-01-31T08:00:00Z"));
        assertNamed("from", "timestamp", () -> Params.optionalInstant("from", "yesterday"));
    }

    @Test
    void enumsAreReadFromTheirApiCodesAndListThemWhenWrong() {
        assertEquals(TimeUnit.MILLISECONDS, Params.optionalEnum("unit", "milliseconds", TimeUnit.class));
        assertNull(Params.optionalEnum("unit", "", TimeUnit.class));
        ProblemException wrong = assertNamed("unit", "is not one of", () -> Params.optionalEnum("unit", "weeks", TimeUnit.class));
        assertTrue(wrong.getMessage().contains("days"), wrong.getMessage());
    }

    private static ProblemException assertNamed(String field, String saying, Runnable parse) {
        ProblemException problem = assertThrows(ProblemException.class, parse::run);
        assertEquals(field, problem.errors().get(0).field());
        assertTrue(problem.getMessage().contains(saying) || problem.errors().get(0).message().contains(saying),
                problem.getMessage() + " / " + problem.errors().get(0).message());
        return problem;
    }
}
