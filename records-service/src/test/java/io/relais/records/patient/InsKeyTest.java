package io.relais.records.patient;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The INS control key, without a database: the numbers a registration clerk types. */
class InsKeyTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(textBlock = """
            185027512345625, true
            185027512345626, false
            269049935106893, true
            269049935106839, false
            185022A12345682, true
            185022B12345612, true
            185022A12345612, false
            185022B12345682, false
            """)
    void theLastTwoDigitsMustBeTheKeyOfTheFirstThirteen(String ins, boolean valid) {
        assertEquals(valid, InsKey.matches(ins), ins);
    }
}
