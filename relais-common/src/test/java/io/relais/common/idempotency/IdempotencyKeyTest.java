package io.relais.common.idempotency;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdempotencyKeyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"8e03978e-40d5-43e8-bc93-6894a57f9324\"|8e03978e-40d5-43e8-bc93-6894a57f9324",
            "8e03978e-40d5-43e8-bc93-6894a57f9324|8e03978e-40d5-43e8-bc93-6894a57f9324",
            "  \"a b\"  |a b",
            "\"say \\\"hi\\\"\"|say \"hi\"",
            "\"back\\\\slash\"|back\\slash",
    })
    void keysAreReadAsSfStringsOrBareTokens(String header, String key) throws Exception {
        assertEquals(Optional.of(key), IdempotencyKey.parse(header));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "\"unterminated",
            "\"trailing\" junk",
            "\"bad \\x escape\"",
            "\"\"",
            "bare with space",
            "caf\u00e9",
    })
    void malformedKeysAreRefused(String header) {
        assertThrows(IdempotencyKey.Invalid.class, () -> IdempotencyKey.parse(header));
    }

    @org.junit.jupiter.api.Test
    void anAbsentOrOverlongKey() throws Exception {
        assertEquals(Optional.empty(), IdempotencyKey.parse(null));
        assertEquals(Optional.empty(), IdempotencyKey.parse("  "));
        assertThrows(IdempotencyKey.Invalid.class, () -> IdempotencyKey.parse("x".repeat(256)));
    }
}
