package io.relais.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static io.relais.gateway.UpstreamSites.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Expect: 100-continue}, as curl sends it for bodies over 1 KiB and .NET clients for every
 * POST: the gateway answers the wait itself once it will take the body, refuses without it when
 * it will not, and the upstream gets the body straight after the head.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamSites.class)
class ExpectContinueTest extends GatewayTestBase {

    @BeforeEach
    void bothSitesHealthy() {
        UpstreamSites.bothHealthy();
    }

    @Test
    void theClientIsToldToGoOnAndTheUpstreamGetsTheBodyWithoutTheExpectation() throws IOException {
        assertBodyAfterContinue(2);
    }

    @Test
    void aStreamedBodyIsToldToGoOnToo() throws IOException {
        assertBodyAfterContinue(2 * 1024 * 1024);
    }

    @Test
    void aBodyTooLargeIsRefusedBeforeItIsSent() throws IOException {
        try (Socket socket = connect()) {
            write(socket, head(64L * 1024 * 1024, "100-continue"));
            String answer = readHead(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413 "), "no 100 Continue for a body that will be refused: " + answer);
            assertClosedAfterItsBody(socket.getInputStream(), answer);
        }
    }

    @Test
    void anUnroutedRequestIsRefusedBeforeItsBodyAndItsConnectionClosed() throws IOException {
        try (Socket socket = connect()) {
            write(socket, head(2, "100-continue").replace("/api/records/import", "/nowhere"));
            InputStream in = socket.getInputStream();
            String answer = readHead(in);
            assertTrue(answer.startsWith("HTTP/1.1 404 "), answer);
            assertClosedAfterItsBody(in, answer);
        }
    }

    @Test
    void anotherExpectationFails() throws IOException {
        int hits = site("a").apiHits() + site("b").apiHits();
        try (Socket socket = connect()) {
            write(socket, head(2, "tea-please"));
            String answer = readHead(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 417 "), answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json"), answer);
            assertClosedAfterItsBody(socket.getInputStream(), answer);
        }
        assertEquals(hits, site("a").apiHits() + site("b").apiHits(), "nothing reaches a service");
    }

    private static void assertBodyAfterContinue(int length) throws IOException {
        try (Socket socket = connect()) {
            write(socket, head(length, "100-continue"));
            // The head alone: nothing is sent until the gateway says to go on.
            assertEquals("HTTP/1.1 100 Continue", readHead(socket.getInputStream()).strip());
            socket.getOutputStream().write(new byte[length]);
            String answer = readHead(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        }
        var seen = site("a").lastRequest();
        assertEquals(length, seen.getInteger("bodyLength"));
        assertFalse(seen.getJsonObject("headers").containsKey("expect"), seen.encode());
    }

    /**
     * A refusal sent while the client holds its body back: the connection is not kept for a body
     * that will not come, or whose bytes would be read as the next request.
     */
    private static void assertClosedAfterItsBody(InputStream in, String head) throws IOException {
        assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), head);
        in.readNBytes(Integer.parseInt(head.replaceAll("(?is).*content-length:\\s*(\\d+).*", "$1").trim()));
        assertEquals(-1, in.read(), "the gateway closes the connection");
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static String head(long length, String expectation) {
        return "POST /api/records/import HTTP/1.1\r\nHost: gw\r\nContent-Type: application/octet-stream\r\n"
                + "Idempotency-Key: expect-" + System.nanoTime() + "\r\nContent-Length: " + length + "\r\n"
                + "Expect: " + expectation + "\r\nConnection: close\r\n\r\n";
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One response head (status line and headers), read up to its blank line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
