package io.relais.common.idempotency;

import java.util.Optional;

/**
 * The {@code Idempotency-Key} header as the IETF httpapi draft defines it: a Structured Field
 * sf-string ({@code "8e03978e-40d5-43e8-bc93-6894a57f9324"}, RFC 8941 §3.3.3). A bare token, as
 * Stripe and most clients send it, is accepted too. Either way the key is 1 to 255 printable
 * ASCII characters.
 */
public final class IdempotencyKey {

    private IdempotencyKey() {
    }

    /** Why a header is not a key: the detail of the 400. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** The key, or empty when the header is absent or blank. */
    public static Optional<String> parse(String header) throws Invalid {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        String key = value.startsWith("\"") ? unquote(value) : value;
        if (key.isEmpty() || key.length() > 255) {
            throw new Invalid("must be 1 to 255 characters (a UUID is ideal)");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e || c == ' ' && !value.startsWith("\"")) {
                throw new Invalid("must be printable ASCII: send it as an sf-string, e.g. \"8e03978e-40d5-43e8-bc93-6894a57f9324\"");
            }
        }
        return Optional.of(key);
    }

    private static String unquote(String value) throws Invalid {
        StringBuilder key = new StringBuilder(value.length());
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                if (i + 1 >= value.length() || value.charAt(i + 1) != '"' && value.charAt(i + 1) != '\\') {
                    throw new Invalid("has a backslash that escapes neither '\"' nor '\\' (RFC 8941 sf-string)");
                }
                key.append(value.charAt(++i));
            } else if (c == '"') {
                if (i != value.length() - 1) {
                    throw new Invalid("has characters after its closing quote (RFC 8941 sf-string)");
                }
                return key.toString();
            } else {
                key.append(c);
            }
        }
        throw new Invalid("has no closing quote (RFC 8941 sf-string)");
    }
}
