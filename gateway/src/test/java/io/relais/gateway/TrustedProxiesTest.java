package io.relais.gateway;

import io.relais.gateway.proxy.TrustedProxies;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whose forwarding headers the gateway keeps: the ingress controller's pod range, nobody else. */
class TrustedProxiesTest {

    @Test
    void aRangeTrustsEveryAddressInsideItAndNoneOutside() {
        TrustedProxies ingress = TrustedProxies.of(List.of("10.42.0.0/16", "192.168.1.7"));
        assertTrue(ingress.contains("10.42.0.1"));
        assertTrue(ingress.contains("10.42.255.254"));
        assertFalse(ingress.contains("10.43.0.1"));
        assertTrue(ingress.contains("192.168.1.7"));
        assertFalse(ingress.contains("192.168.1.8"));
        assertFalse(ingress.contains(null));
        assertFalse(ingress.contains("ingress.example"), "a name is never resolved, never trusted");
    }

    @Test
    void prefixesThatDoNotEndOnAByteBoundaryAreHonoured() {
        TrustedProxies ingress = TrustedProxies.of(List.of("10.10.8.0/21"));
        assertTrue(ingress.contains("10.10.15.255"));
        assertFalse(ingress.contains("10.10.16.0"));
        assertFalse(ingress.contains("10.10.7.255"));
    }

    @Test
    void ipv6RangesAndBracketedPeersWork() {
        TrustedProxies ingress = TrustedProxies.of(List.of("fd00:10:42::/48"));
        assertTrue(ingress.contains("fd00:10:42::5"));
        assertTrue(ingress.contains("[fd00:10:42:0:0:0:0:9]"));
        assertFalse(ingress.contains("fd00:10:43::5"));
        assertFalse(ingress.contains("10.42.0.1"), "an IPv4 peer is never inside an IPv6 range");
    }

    @Test
    void nothingConfiguredTrustsNobody() {
        assertFalse(TrustedProxies.of(List.of()).contains("127.0.0.1"));
    }

    @Test
    void aMalformedEntryStopsTheGatewayWithTheEntryNamed() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> TrustedProxies.of(List.of("ingress-nginx.example")));
        assertTrue(name.getMessage().contains("ingress-nginx.example"), name.getMessage());
        IllegalArgumentException prefix = assertThrows(IllegalArgumentException.class,
                () -> TrustedProxies.of(List.of("10.0.0.0/33")));
        assertTrue(prefix.getMessage().contains("10.0.0.0/33"), prefix.getMessage());
    }
}
