package io.relais.testing;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The service under test's management interface, where {@code /q/*} lives: a port of its own
 * ({@code quarkus.management.test-port}, 9001 unless set), never the API port.
 */
public final class Management {

    private Management() {
    }

    public static String url(String path) {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
        return "http://localhost:" + port + path;
    }

    public static Response get(String path) {
        return given().get(url(path));
    }

    public static RequestSpecification given() {
        return RestAssured.given();
    }
}
