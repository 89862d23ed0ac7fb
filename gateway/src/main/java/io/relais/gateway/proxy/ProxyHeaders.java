package io.relais.gateway.proxy;

import io.vertx.core.MultiMap;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Header rules of a proxy (RFC 9110 §7.6): hop-by-hop headers never cross it. */
final class ProxyHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    /**
     * Headers whose meaning is end to end and that the gateway or the services decide on: a
     * {@code Connection} header that names one would have the gateway strip it after deciding,
     * for instance, that a POST carrying an Idempotency-Key is safe to replay.
     */
    private static final Set<String> END_TO_END = Set.of("authorization", "idempotency-key", "if-match",
            "if-none-match", "if-modified-since", "if-unmodified-since", "content-type", "content-length",
            "content-encoding", "host", "cookie", "accept", "x-request-id", "traceparent", "tracestate",
            "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port");

    private static final List<String> FORWARDED = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host",
            "X-Forwarded-Proto", "X-Forwarded-Port");

    private ProxyHeaders() {
    }

    /** The end-to-end header a {@code Connection} header names, or null when it names none. */
    static String endToEndNamedAsHopByHop(MultiMap headers) {
        for (String connection : headers.getAll("connection")) {
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
        if (headers.contains("connection")) {
            for (String connection : List.copyOf(headers.getAll("connection"))) {
                for (String named : connection.split(",")) {
                    if (!named.isBlank()) {
                        headers.remove(named.trim());
                    }
                }
            }
        }
        // Removal by name is case-insensitive: no copy and lower-casing of every header name.
        for (String name : HOP_BY_HOP) {
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
        headers.add("Forwarded", "for=" + forwardedFor + (host != null ? ";host=\"" + host + "\"" : "") + ";proto=" + scheme);
        String previous = headers.get("X-Forwarded-For");
        headers.set("X-Forwarded-For", previous == null ? clientAddress : previous + ", " + clientAddress);
        if (host != null && !headers.contains("X-Forwarded-Host")) {
            headers.set("X-Forwarded-Host", host);
        }
        if (!headers.contains("X-Forwarded-Proto")) {
            headers.set("X-Forwarded-Proto", scheme);
        }
    }
}
