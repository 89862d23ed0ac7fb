package io.relais.records.patient;

import java.math.BigInteger;

/**
 * The control key of an INS (the NIR): its last two digits are 97 minus the first thirteen
 * modulo 97, Corsica's departments 2A and 2B read as 19 and 18. A wrong key is a typo caught
 * before two patients are merged or split on it.
 */
final class InsKey {

    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private InsKey() {
    }

    /** True when the 15-character INS carries the key its first 13 characters call for. */
    static boolean matches(String ins) {
        String body = ins.substring(0, 13).replace("2A", "19").replace("2B", "18");
        int key = 97 - new BigInteger(body).mod(NINETY_SEVEN).intValue();
        return String.format("%02d", key).equals(ins.substring(13));
    }
}
