package io.relais.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Header rules of a proxy (RFC 9110 §7.6): hop-by-hop headers never cross it.
 *
 * <p>The names the request path looks up are Netty {@link AsciiString}s: a header map hashes a
 * name at every lookup, an {@code AsciiString} once, where a {@code String} is hashed again each
 * time (hashing header names was 7 % of the gateway's CPU in its JFR profile at 64 connections).
 */
final class ProxyHeaders {

    static final AsciiString X_REQUEST_ID = AsciiString.cached("X-Request-Id");
    static final AsciiString X_RELAIS_SITE = AsciiString.cached("X-Relais-Site");
    static final AsciiString X_CONTENT_TYPE_OPTIONS = AsciiString.cached("X-Content-Type-Options");
    static final AsciiString IDEMPOTENCY_KEY = AsciiString.cached("Idempotency-Key");

    private static final List<AsciiString> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
            AsciiString.cached("proxy-connection"), HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION,
            HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE);

    /**
     * Headers whose meaning is end to end and that the gateway or the services decide on: a
     * {@code Connection} header that names one would have the gateway strip it after deciding,
     * for instance, that a POST carrying an Idempotency-Key is safe to replay.
     */
    private static final Set<String> END_TO_END = Set.of("authorization", "idempotency-key", "if-match",
            "if-none-match", "if-modified-since", "if-unmodified-since", "content-type", "content-length",
            "content-encoding", "host", "cookie", "accept", "x-request-id", "traceparent", "tracestate",
            "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port");

    private static final AsciiString FORWARDED_HEADER = AsciiString.cached("Forwarded");
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
    private static final List<AsciiString> FORWARDED = List.of(FORWARDED_HEADER, X_FORWARDED_FOR, X_FORWARDED_HOST,
            X_FORWARDED_PROTO, AsciiString.cached("X-Forwarded-Port"));

    private ProxyHeaders() {
    }

    /** The end-to-end header a {@code Connection} header names, or null when it names none. */
    static String endToEndNamedAsHopByHop(MultiMap headers) {
        for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String named : connection.split(",")) {
                String name = named.trim().toLowerCase(Locale.ROOT);
                if (END_TO_END.contains(name)) {
                    return named.trim();
                }
            }
        }
        return null;
    }

    /** Removes hop-by-hop headers, including every header named in {@code Connection}. */
    static void removeHopByHop(MultiMap headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            for (String connection : List.copyOf(headers.getAll(HttpHeaderNames.CONNECTION))) {
                for (String named : connection.split(",")) {
                    if (!named.isBlank()) {
                        headers.remove(named.trim());
                    }
                }
            }
        }
        // Removal by name is case-insensitive: no copy and lower-casing of every header name.
        for (AsciiString name : HOP_BY_HOP) {
            headers.remove(name);
        }
    }

    /**
     * Adds {@code Forwarded} (RFC 7239) and the de-facto {@code X-Forwarded-*} equivalents. What
     * a client sent is kept only when the client is a trusted proxy (the ingress); from anyone
     * else it is a claim about itself that nobody downstream may believe, and is replaced.
     */
    static void addForwarded(MultiMap headers, boolean fromTrustedProxy, String clientAddress, String host, String scheme) {
        if (!fromTrustedProxy) {
            FORWARDED.forEach(headers::remove);
        }
        String forwardedFor = clientAddress.contains(":") ? "\"[" + clientAddress + "]\"" : clientAddress;
        headers.add(FORWARDED_HEADER, "for=" + forwardedFor + (host != null ? ";host=\"" + host + "\"" : "") + ";proto=" + scheme);
        String previous = headers.get(X_FORWARDED_FOR);
        headers.set(X_FORWARDED_FOR, previous == null ? clientAddress : previous + ", " + clientAddress);
        if (host != null && !headers.contains(X_FORWARDED_HOST)) {
            headers.set(X_FORWARDED_HOST, host);
        }
        if (!headers.contains(X_FORWARDED_PROTO)) {
            headers.set(X_FORWARDED_PROTO, scheme);
        }
    }
}
