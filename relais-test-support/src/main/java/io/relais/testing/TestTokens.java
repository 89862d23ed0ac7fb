package io.relais.testing;

import io.relais.local.identity.DevKeys;
import io.relais.local.identity.DevTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Development keys and tokens for the tests of one JVM, generated on first use. */
public final class TestTokens {

    private static final DevKeys KEYS;
    private static final DevTokens TOKENS;

    static {
        try {
            KEYS = DevKeys.loadOrCreate(Files.createTempDirectory("relais-test-keys"));
            TOKENS = new DevTokens(KEYS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestTokens() {
    }

    public static DevKeys keys() {
        return KEYS;
    }

    /** A bearer token for {@code subject} holding {@code roles}. */
    public static String token(String subject, String... roles) {
        return TOKENS.mint(subject, roles);
    }

    public static DevTokens tokens() {
        return TOKENS;
    }
}
