package io.relais.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.relais.gateway.UpstreamSites.site;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a hostile or broken client sends, byte for byte, over real sockets to the gateway in
 * front of two real upstream servers. Every row states the status the client gets; for every
 * row there is no 5xx, nothing reaches an upstream that should not, and the gateway still
 * serves afterwards.
 */
@QuarkusTest
@TestProfile(HostileClientTest.TightLimits.class)
class HostileClientTest extends GatewayTestBase {

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.listen.header-timeout", "1s", "gateway.listen.body-timeout", "2s",
                    "gateway.listen.max-connections", "600", "gateway.listen.max-initial-line-length", "2048",
                    "gateway.listen.max-header-size", "8192");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(UpstreamSites.class));
        }
    }

    /** One hostile request: what is sent, the status expected, and whether it may reach a service. */
    record Row(String what, String request, int status, boolean reachesUpstream) {
    }

    private static final String LONG = "a".repeat(3000);
    private static final String BIG_HEADER = "X-Junk: " + "b".repeat(9000) + "\r\n";

    static final List<Row> ROWS = List.of(
            // Path traversal in every encoding: refused before routing, never normalised into /q/.
            new Row("dot-dot", get("/api/records/../../q/metrics"), 400, false),
            new Row("encoded dot-dot", get("/api/records/%2e%2e/%2e%2e/q/openapi"), 400, false),
            new Row("upper-case encoded dot-dot", get("/api/directory/%2E%2E/%2E%2E/q/health"), 400, false),
            new Row("single dot", get("/api/records/./patients"), 400, false),
            new Row("encoded slash", get("/api/records/patients%2f..%2f..%2fq%2fmetrics"), 400, false),
            new Row("encoded backslash", get("/api/records/..%5c..%5cq%5cmetrics"), 400, false),
            new Row("raw backslash", get("/api/records/..\\..\\q\\metrics"), 400, false),
            new Row("overlong UTF-8 dot", get("/api/records/%c0%ae%c0%ae/%c0%ae%c0%ae/q/metrics"), 400, false),
            new Row("overlong UTF-8 slash", get("/api/records/..%c0%af..%c0%afq%c0%afmetrics"), 400, false),
            new Row("double-encoded dot", get("/api/records/%252e%252e/q/metrics"), 400, false),
            new Row("matrix parameter", get("/api/records/patients;jsessionid=x"), 400, false),
            new Row("matrix dot-dot", get("/api/records/..;/..;/q/metrics"), 400, false),
            new Row("empty segment", get("/api/records//patients"), 400, false),
            new Row("encoded NUL", get("/api/records/patients%00.json"), 400, false),
            // Broken query escapes: what the client meant cannot be known, so the parameter is named.
            new Row("'%' without hex digits in a query", get("/api/records/patients?name=%ZZ"), 400, false),
            new Row("escape cut short at a query's end", get("/api/records/patients?name=a&size=%4"), 400, false),
            new Row("Latin-1 bytes in a query", get("/api/records/patients?name=H%E9l%E8ne"), 400, false),
            new Row("overlong UTF-8 in a query", get("/api/records/patients?name=%C0%AF"), 400, false),
            new Row("raw overlong UTF-8 dot-dot", get("/api/records/\u00c0\u00ae\u00c0\u00ae/\u00c0\u00ae\u00c0\u00ae/q/metrics"),
                    400, false),
            new Row("raw Latin-1 byte in a path", get("/api/records/patients/J\u00e9r\u00f4me"), 400, false),
            // Internals are not on the client port at all.
            new Row("metrics", get("/q/metrics"), 404, false),
            new Row("upstream states", get("/gateway/upstreams"), 404, false),
            new Row("no route", get("/admin"), 404, false),
            // Request smuggling: any framing two parsers could read differently is refused.
            new Row("CL and TE", "POST /api/records/patients HTTP/1.1\r\nHost: gw\r\nContent-Length: 4\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\nGET /q/metrics HTTP/1.1\r\nHost: gw\r\n\r\n",
                    400, false),
            new Row("two Content-Lengths", "POST /api/records/patients HTTP/1.1\r\nHost: gw\r\nContent-Length: 3\r\n"
                    + "Content-Length: 40\r\nConnection: close\r\n\r\nabc", 400, false),
            new Row("obfuscated TE", "POST /api/records/patients HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: xchunked\r\n"
                    + "Content-Length: 3\r\nConnection: close\r\n\r\nabc", 400, false),
            new Row("obfuscated TE, chunked first", "POST /api/records/patients HTTP/1.1\r\nHost: gw\r\n"
                    + "Transfer-Encoding: chunked, identity\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400, false),
            new Row("bare LF", "GET /api/records/patients HTTP/1.1\nHost: gw\nConnection: close\n\n", 400, false),
            // Sizes.
            new Row("oversized request line", get("/api/records/" + LONG), 414, false),
            new Row("oversized headers", "GET /api/records/patients HTTP/1.1\r\nHost: gw\r\n" + BIG_HEADER
                    + "Connection: close\r\n\r\n", 431, false),
            // Spoofing: answered, but nothing downstream believes it (checked below).
            new Row("Host spoofing", "GET /api/records/patients HTTP/1.1\r\nHost: evil.example\r\n"
                    + "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\nX-Forwarded-For: 10.0.0.1\r\n"
                    + "Forwarded: for=10.0.0.1;host=evil.example\r\nConnection: close\r\n\r\n", 200, true),
            // Hop-by-hop abuse.
            new Row("Connection names Idempotency-Key", "POST /api/records/patients HTTP/1.1\r\nHost: gw\r\n"
                    + "Idempotency-Key: k-1\r\nConnection: close, Idempotency-Key\r\nContent-Length: 2\r\n\r\n{}", 400, false),
            new Row("Connection names Authorization", "GET /api/records/patients HTTP/1.1\r\nHost: gw\r\n"
                    + "Authorization: Bearer x.y.z\r\nConnection: Authorization\r\n\r\n", 400, false),
            // Upgrades: not offered; the request is served as plain HTTP/1.1 without them.
            new Row("WebSocket upgrade", "GET /api/records/patients HTTP/1.1\r\nHost: gw\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade, close\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                    200, true),
            new Row("h2c upgrade", "GET /api/records/patients HTTP/1.1\r\nHost: gw\r\nUpgrade: h2c\r\n"
                    + "HTTP2-Settings: AAMAAABkAAQAAP__\r\nConnection: Upgrade, HTTP2-Settings, close\r\n\r\n", 200, true),
            // Request-target forms a reverse proxy does not serve.
            new Row("absolute-form", "GET http://evil.example/api/records/patients HTTP/1.1\r\nHost: evil.example\r\n"
                    + "Connection: close\r\n\r\n", 400, false),
            new Row("asterisk-form", "OPTIONS * HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n", 400, false));

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n";
    }

    @BeforeEach
    void bothSitesHealthy() {
        UpstreamSites.bothHealthy();
    }

    @Test
    void everyHostileRequestGetsItsAnswerAndNothingReachesWhatItShouldNot() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Row row : ROWS) {
            int before = site("a").apiHits() + site("b").apiHits();
            String answer = send(row.request(), Duration.ofSeconds(5));
            int status = statusOf(answer);
            int reached = site("a").apiHits() + site("b").apiHits() - before;
            if (status != row.status()) {
                failures.add(row.what() + ": got " + status + ", expected " + row.status());
            }
            if (status >= 400 && !(answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json")
                    && answer.contains("\"status\":" + status) && answer.contains("\"requestId\""))) {
                failures.add(row.what() + ": not a problem document: " + answer);
            }
            if (status >= 500) {
                failures.add(row.what() + ": a 5xx");
            }
            if (!row.reachesUpstream() && reached > 0) {
                failures.add(row.what() + ": reached an upstream " + reached + " time(s)");
            }
            if (row.reachesUpstream() && reached > 1) {
                failures.add(row.what() + ": reached the upstreams " + reached + " times (smuggled?)");
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        for (UpstreamSites.Site s : List.of(site("a"), site("b"))) {
            assertFalse(s.seen().stream().anyMatch(line -> line.contains("/q/") || line.contains("..")),
                    "an upstream saw " + s.seen());
        }
        stillServing();
    }

    @Test
    void aBrokenQueryEscapeIsNamedAndCharactersCurlSendsRawAreForwardedEncoded() throws Exception {
        String answer = send(get("/api/records/patients?name=dupont&size=%4"), Duration.ofSeconds(5));
        assertTrue(answer.contains("The query parameter 'size' has a '%' that is not followed by two hexadecimal digits"),
                answer);
        answer = send(get("/api/records/patients?name=H%E9l%E8ne"), Duration.ofSeconds(5));
        assertTrue(answer.contains("The query parameter 'name' has bytes that are not UTF-8 text"), answer);

        // As typed in a shell: the same values, encoded, so that the service's server takes them.
        assertEquals(200, statusOf(send(get("/api/records/patients?name=a|b&q={x}^\"<>`"), Duration.ofSeconds(5))));
        assertEquals("/api/records/patients?name=a%7Cb&q=%7Bx%7D%5E%22%3C%3E%60", site("a").lastRequest().getString("uri"));
        // Raw UTF-8 bytes, as curl sends what is typed, go on escaped; raw Latin-1 is refused as not UTF-8.
        assertEquals(200, statusOf(send(get("/api/records/patients?name=H\u00c3\u00a9l\u00c3\u00a8ne"), Duration.ofSeconds(5))));
        assertEquals("/api/records/patients?name=H%C3%A9l%C3%A8ne", site("a").lastRequest().getString("uri"));
        assertEquals(200, statusOf(send(get("/api/records/patients/J\u00c3\u00a9r\u00c3\u00b4me"), Duration.ofSeconds(5))));
        assertEquals("/api/records/patients/J%C3%A9r%C3%B4me", site("a").lastRequest().getString("uri"));
        answer = send(get("/api/records/patients?name=H\u00e9l\u00e8ne"), Duration.ofSeconds(5));
        assertTrue(answer.contains("The query parameter 'name' has bytes that are not UTF-8 text"), answer);
        // What is already well encoded goes on byte for byte.
        assertEquals(200, statusOf(send(get("/api/records/patients?name=H%C3%A9l%C3%A8ne+Dupont&x=%25&y=a%2Fb"),
                Duration.ofSeconds(5))));
        assertEquals("/api/records/patients?name=H%C3%A9l%C3%A8ne+Dupont&x=%25&y=a%2Fb",
                site("a").lastRequest().getString("uri"));
    }

    @Test
    void spoofedHostAndForwardedHeadersNeverReachTheServices() throws Exception {
        send(ROWS.stream().filter(r -> r.what().equals("Host spoofing")).findFirst().orElseThrow().request(), Duration.ofSeconds(5));
        var headers = site("a").lastRequest().getJsonObject("headers");
        assertEquals("127.0.0.1:" + site("a").port, headers.getString("host"));
        assertEquals("127.0.0.1", headers.getString("x-forwarded-for"), "the client's own X-Forwarded-For is dropped");
        assertEquals("http", headers.getString("x-forwarded-proto"));
        assertFalse(headers.getString("forwarded").contains("10.0.0.1"), headers.getString("forwarded"));
    }

    @Test
    void slowlorisConnectionsAreCutWhileEveryoneElseIsServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < 200; i++) {
                Socket socket = new Socket("localhost", RestAssured.port);
                socket.getOutputStream().write("GET /api/records/patients HTTP/1.1\r\nHost: gw\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            // They trickle one header byte every 100 ms, well within any idle timeout: the attack's
            // own pace, on a schedule.
            trickle.scheduleAtFixedRate(() -> {
                for (Socket socket : slow) {
                    try {
                        socket.getOutputStream().write('X');
                    } catch (IOException closedByTheGateway) {
                        // expected, once the header deadline has passed
                    }
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            for (int i = 0; i < 20; i++) {
                RestAssured.get("/api/records/patients").then().statusCode(200);
            }
            management("/q/health/ready").then().statusCode(200);
            // Every slow connection gets a 408 and is closed within the 1 s header deadline.
            for (Socket socket : slow) {
                socket.setSoTimeout(5000);
                String answer = readAll(socket.getInputStream());
                assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
                assertTrue(answer.contains("urn:relais:problem:request-timeout"), answer);
            }
        } finally {
            trickle.shutdownNow();
            for (Socket socket : slow) {
                socket.close();
            }
        }
        stillServing();
    }

    @Test
    void aKeptAliveConnectionStillMeetsTheHeaderDeadlineAfterASlowBodyAndAnIdlePause() throws Exception {
        ScheduledExecutorService client = Executors.newSingleThreadScheduledExecutor();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(6000);
            OutputStream out = socket.getOutputStream();
            // A body that takes longer than the header deadline but less than the body deadline:
            // the connection's deadline timer fires in the middle of it and must sleep again.
            out.write(("POST /api/records/patients HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
                    + "Idempotency-Key: slow-body-then-slowloris\r\nContent-Length: 2\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            client.schedule(() -> {
                out.write("{}".getBytes(StandardCharsets.US_ASCII));
                return null;
            }, 1300, TimeUnit.MILLISECONDS).get();
            assertEquals(200, statusOf(readAll(socket.getInputStream())), "the slow body is within its deadline");
            // Idle for longer than the header deadline (its timer fires with nothing to time), then
            // the next request on the same connection trickles its head.
            client.schedule(() -> {
                out.write("GET /api/records/patients HTTP/1.1\r\nHost: gw\r\n".getBytes(StandardCharsets.US_ASCII));
                return null;
            }, 1500, TimeUnit.MILLISECONDS).get();
            client.scheduleAtFixedRate(() -> {
                try {
                    out.write('X');
                } catch (IOException closedByTheGateway) {
                    // expected, once the header deadline has passed
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            String answer = readAll(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        } finally {
            client.shutdownNow();
        }
        stillServing();
    }

    @Test
    void heldBodiesNeitherExhaustTheGatewayNorOutliveTheBodyDeadline() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 150; i++) {
                Socket socket = new Socket("localhost", RestAssured.port);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/records/patients HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1048576\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[64 * 1024]);
                held.add(socket);
            }
            for (int i = 0; i < 20; i++) {
                RestAssured.given().header("Idempotency-Key", "held-" + i).body("{}").contentType("application/json")
                        .post("/api/records/patients").then().statusCode(200);
            }
            management("/q/health/ready").then().statusCode(200);
            // The gateway closes each of them once the 2 s body deadline has passed.
            await().atMost(Duration.ofSeconds(15)).until(() -> held.stream().allMatch(HostileClientTest::closedByPeer));
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        stillServing();
    }

    private void stillServing() {
        RestAssured.get("/api/records/patients").then().statusCode(200).body("uri", equalTo("/api/records/patients"));
        management("/q/health/ready").then().statusCode(200);
    }

    private static boolean closedByPeer(Socket socket) {
        try {
            socket.setSoTimeout(50);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static String send(String request, Duration timeout) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    /** Everything the gateway answers until it closes, or the first response when it keeps the connection. */
    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (completeResponse(out.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException ended) {
            // what was read is the answer
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean completeResponse(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        Matcher length = Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(text.substring(0, end));
        return length.find() && text.length() >= end + 4 + Integer.parseInt(length.group(1));
    }

    private static int statusOf(String response) {
        Matcher status = Pattern.compile("^HTTP/1\\.[01] (\\d{3})").matcher(response);
        return status.find() ? Integer.parseInt(status.group(1)) : -1;
    }

}
