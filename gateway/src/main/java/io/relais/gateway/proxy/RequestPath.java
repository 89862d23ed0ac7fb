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
 * either way it gets a 400 that says which rule it broke. Bytes over 0x7E sent raw are taken
 * as escaped (then UTF-8 or refused like any escape).
 *
 * <p>The query is passed on as sent, with two exceptions. A broken escape (a '%' without two hex
 * digits, or escaped bytes that are not UTF-8, such as a legacy client's Latin-1 {@code %E9}) is
 * refused, naming the parameter: what the client meant cannot be known, and the service would
 * answer a bare 400 or search for U+FFFD. A printable character that a URI may not carry raw
 * ({@code " < > \ ^ ` { | }}, which curl sends as typed) is percent-encoded: it decodes to the same
 * value, and the service's server refuses such a target with a bare 400.
 *
 * @param path  the decoded path, e.g. {@code /api/records/patients/é}
 * @param query the query string after {@code ?} as forwarded, or null
 */
public record RequestPath(String path, String query) {

    /** What RFC 3986 does not allow raw in a query (and java.net.URI refuses) though it is printable ASCII. */
    private static final String ENCODED_IN_QUERY = "\"<>\\^`{|}";

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
        boolean rawBytes = false;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '#') {
                throw new Refused("The request target contains " + (c == ' ' ? "a space" : c == '#' ? "a '#'"
                        : "a control character") + " at position " + i + ", which must be percent-encoded"
                        + (c == ' ' ? " (%20)" : c == '#' ? " (%23)" : "") + ".");
            }
            rawBytes |= c > 0x7e;
        }
        if (rawBytes) {
            target = escapeRawBytes(target);
        }
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? null : target.substring(question + 1);
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
        return new RequestPath(decoded, query == null ? null : forwardedQuery(query));
    }

    /**
     * Bytes over 0x7E sent raw (curl sends {@code ?name=Hélène} as typed, in UTF-8), escaped as
     * they would have been: the checks that follow then treat them as any escape, UTF-8 or refused.
     * Netty reads the request line one byte per char, so each such char is one byte.
     */
    private static String escapeRawBytes(String target) {
        StringBuilder out = new StringBuilder(target.length() + 32);
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c > 0x7e) {
                escape(out, c & 0xff);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The query with its escapes checked and {@link #ENCODED_IN_QUERY} percent-encoded. */
    private static String forwardedQuery(String query) throws Refused {
        StringBuilder out = null;
        boolean nonAscii = false;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                int high = i + 2 < query.length() ? Character.digit(query.charAt(i + 1), 16) : -1;
                if (high < 0 || Character.digit(query.charAt(i + 2), 16) < 0) {
                    throw new Refused(parameterAt(query, i) + " has a '%' that is not followed by two hexadecimal"
                            + " digits. Percent-encode the value (a literal '%' is %25).");
                }
                nonAscii |= high >= 8;
            }
            if (ENCODED_IN_QUERY.indexOf(c) >= 0) {
                if (out == null) {
                    out = new StringBuilder(query.length() + 16).append(query, 0, i);
                }
                escape(out, c);
            } else if (out != null) {
                out.append(c);
            }
        }
        if (nonAscii) {
            int start = 0;
            for (String pair : query.split("&", -1)) {
                if (utf8(unescape(pair)) == null) {
                    throw new Refused(parameterAt(query, start) + " has bytes that are not UTF-8 text (sent raw or"
                            + " percent-encoded). Encode text as UTF-8: 'é' is %C3%A9, not %E9.");
                }
                start += pair.length() + 1;
            }
        }
        return out == null ? query : out.toString();
    }

    private static void escape(StringBuilder out, int c) {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
    }

    /** "The query parameter 'name'" for the parameter at {@code index}. */
    private static String parameterAt(String query, int index) {
        int start = query.lastIndexOf('&', index - 1) + 1;
        int end = query.indexOf('&', index);
        String pair = query.substring(start, end < 0 ? query.length() : end);
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        return "The query parameter '" + (name.length() > 64 ? name.substring(0, 64) + "…" : name) + "'";
    }

    /** The bytes of a component whose escapes are well formed. */
    private static ByteBuffer unescape(String component) {
        ByteBuffer bytes = ByteBuffer.allocate(component.length());
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '%') {
                bytes.put((byte) (Character.digit(component.charAt(i + 1), 16) << 4 | Character.digit(component.charAt(i + 2), 16)));
                i += 2;
            } else {
                bytes.put((byte) c);
            }
        }
        return bytes.flip();
    }

    /** Strict UTF-8 (overlong forms and lone surrogates refused), or null. */
    private static String utf8(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The path percent-encoded again, with the query as forwarded: what is sent to the upstream. */
    public String forwardTarget() {
        StringBuilder out = new StringBuilder(path.length() + 16);
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "/-._~!$&'()*+,=:@".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                escape(out, c);
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
        for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 3)) {
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
        }
        String decoded = utf8(unescape(rawPath));
        if (decoded == null) {
            throw new Refused("The path's percent-encoded bytes are not valid UTF-8 (overlong forms included).");
        }
        return decoded;
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
