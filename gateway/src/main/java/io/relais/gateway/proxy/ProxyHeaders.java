package io.relais.gateway.proxy;

import io.vertx.core.MultiMap;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Header rules of a proxy (RFC 9110 §7.6): hop-by-hop headers never cross it. */
final class ProxyHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    private ProxyHeaders() {
    }

    /** Removes hop-by-hop headers, including every header named in {@code Connection}. */
    static void removeHopByHop(MultiMap headers) {
        for (String connection : List.copyOf(headers.getAll("connection"))) {
            for (String named : connection.split(",")) {
                if (!named.isBlank()) {
                    headers.remove(named.trim());
                }
            }
        }
        for (String name : List.copyOf(headers.names())) {
            if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                headers.remove(name);
            }
        }
    }

    /** Adds {@code Forwarded} (RFC 7239) and the de-facto {@code X-Forwarded-*} equivalents. */
    static void addForwarded(MultiMap headers, String clientAddress, String host, String scheme) {
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
