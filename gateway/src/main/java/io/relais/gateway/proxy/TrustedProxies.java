package io.relais.gateway.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The peers whose forwarding headers the gateway keeps: single addresses or CIDR ranges, IPv4 or
 * IPv6. An ingress controller's pods get new addresses at every restart, so a range (its pod
 * network, narrowed by the NetworkPolicy that only lets the ingress namespace in) is what an
 * operator can actually configure.
 */
public final class TrustedProxies {

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Parses {@code 10.0.0.7}, {@code 10.42.0.0/16}, {@code fd00::/8}; a malformed entry stops the gateway at start. */
    public static TrustedProxies of(List<String> entries) {
        return new TrustedProxies(entries.stream().map(String::trim).filter(e -> !e.isEmpty()).map(Range::parse).toList());
    }

    /** True when the peer address (as Vert.x reports it: a literal IP) is inside one of the ranges. */
    public boolean contains(String address) {
        if (address == null || ranges.isEmpty()) {
            return false;
        }
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** The address bytes of an IP literal, or null for anything else (never a DNS lookup). */
    private static byte[] literal(String address) {
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        boolean ipv4 = bare.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean ipv6 = bare.matches("[0-9a-fA-F:.]+") && bare.contains(":");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Range(byte[] network, int prefixBits) {

        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            byte[] network = literal(host);
            if (network == null) {
                throw new IllegalArgumentException("gateway.trusted-proxies: '" + entry
                        + "' is not an IP address or CIDR range (e.g. 10.42.0.0/16); host names are not accepted");
            }
            int bits = network.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("gateway.trusted-proxies: '" + entry + "' has a prefix length outside 0–" + bits);
                }
            }
            return new Range(network, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
