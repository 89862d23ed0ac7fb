package io.relais.gateway.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request target decoded once and checked before routing, so that the gateway routes on the
 * very path the service will see. Anything a normaliser would rewrite — a {@code ..} or
 * {@code .} segment, an empty segment, an encoded {@code /}, {@code \}, {@code .} or
 * {@code %}, a matrix parameter, a byte sequence that is not UTF-8 (overlong forms included) —
 * is refused rather than rewritten: a client that sends it is either broken or probing, and
 * either way it gets a 400 that says which rule it broke.
 *
 * @param path  the decoded path, e.g. {@code /api/records/patients/é}
 * @param query the raw query string after {@code ?}, or null
 */
public record RequestPath(String path, String query) {

    /** Why a request target was refused: the detail of the 400 problem. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses the request line's target (origin-form only). */
    public static RequestPath parse(String target) throws Refused {
        if (target == null || target.isEmpty()) {
            throw new Refused("The request has no target.");
        }
        if (target.charAt(0) != '/') {
            throw new Refused(target.contains("://")
                    ? "Absolute-form request targets are for forward proxies; send the path only (origin-form)."
                    : "The request target must be a path starting with '/'.");
        }
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? null : target.substring(question + 1);
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '#' || c > 0x7e) {
                throw new Refused("The request target contains a character that must be percent-encoded (at "
                        + i + ").");
            }
        }
        if (rawPath.indexOf('\\') >= 0) {
            throw new Refused("Backslashes are not allowed in paths.");
        }
        if (rawPath.indexOf(';') >= 0) {
            throw new Refused("Matrix parameters (';') are not allowed in paths.");
        }
        String decoded = decode(rawPath);
        List<String> segments = segments(decoded);
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (segment.isEmpty() && !last) {
                throw new Refused("Empty path segments ('//') are not allowed.");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new Refused("Dot segments ('.' and '..') are not allowed in paths.");
            }
        }
        return new RequestPath(decoded, query);
    }

    /** The path percent-encoded again, with the raw query: what is sent to the upstream. */
    public String forwardTarget() {
        StringBuilder out = new StringBuilder(path.length() + 16);
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "/-._~!$&'()*+,=:@".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        if (query != null) {
            out.append('?').append(query);
        }
        return out.toString();
    }

    private static String decode(String rawPath) throws Refused {
        if (rawPath.indexOf('%') < 0) {
            return rawPath;
        }
        ByteBuffer bytes = ByteBuffer.allocate(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c != '%') {
                bytes.put((byte) c);
                continue;
            }
            int high = i + 2 < rawPath.length() ? Character.digit(rawPath.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(rawPath.charAt(i + 2), 16);
            if (low < 0) {
                throw new Refused("A '%' in the path is not followed by two hexadecimal digits.");
            }
            int value = high << 4 | low;
            if (value == '/' || value == '\\' || value == '.' || value == '%' || value == ';') {
                throw new Refused("Encoded '" + (char) value + "' is not allowed in paths.");
            }
            if (value < 0x20 || value == 0x7f) {
                throw new Refused("Encoded control characters are not allowed in paths.");
            }
            bytes.put((byte) value);
            i += 2;
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new Refused("The path's percent-encoded bytes are not valid UTF-8 (overlong forms included).");
        }
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        int start = 1;
        while (true) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                segments.add(path.substring(start));
                return segments;
            }
            segments.add(path.substring(start, slash));
            start = slash + 1;
        }
    }
}
