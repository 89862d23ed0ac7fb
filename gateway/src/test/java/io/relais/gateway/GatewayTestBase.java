package io.relais.gateway;

import io.quarkus.test.common.http.TestHTTPResource;
import io.relais.gateway.listener.ClientListener;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

import java.net.URL;

/**
 * Points REST Assured at the gateway's client port (its own server, not Quarkus') and gives the
 * management interface, where {@code /q/*} and {@code /gateway/upstreams} live, to the tests.
 */
abstract class GatewayTestBase {

    @Inject
    ClientListener listener;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @BeforeEach
    void pointAtTheGateway() {
        RestAssured.port = listener.port();
        // The injected URL ends with the management root path (/q/); the tests name full paths.
        UpstreamSites.management = management.getProtocol() + "://" + management.getHost() + ":" + management.getPort();
    }

    /** A GET on the management interface, e.g. {@code /gateway/upstreams} or {@code /q/metrics}. */
    static Response management(String path) {
        return RestAssured.get(UpstreamSites.management + path);
    }
}
