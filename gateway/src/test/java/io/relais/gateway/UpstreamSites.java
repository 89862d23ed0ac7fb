package io.relais.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two real HTTP upstreams (site a and site b) on loopback that the tests make healthy, refuse
 * connections, answer 503, hang, or report themselves not ready. Each answers its readiness
 * checks on a management port of its own, as the services do.
 */
public class UpstreamSites implements QuarkusTestResourceLifecycleManager {

    /**
     * What a site does. {@code REFUSE}: both its ports refuse connections (a site without power).
     * {@code API_REFUSES}: its API port refuses while its readiness checks still pass, the moment
     * before the gateway's checks notice: the gateway still tries it, and meets the refusal.
     */
    public enum Mode { NORMAL, REFUSE, API_REFUSES, FAIL_503, HANG, NOT_READY, SLOW, DIE_MID_RESPONSE, DIE_MID_SMALL_RESPONSE, READ_ONLY, FAIL_503_ONCE, LOST_DB_CONNECTIONS, INVALID_STATUS }

    public static final Map<String, Site> SITES = new ConcurrentHashMap<>();
    /** The gateway's management interface, set by {@link GatewayTestBase}. */
    static volatile String management;
    private static Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        // Site b is "the other site": reached over TLS as in k8s/, with a certificate the gateway
        // verifies (host name included) against the CA file it is given, so every failover test
        // also crosses a TLS hop.
        OtherSiteCertificate otherSiteCertificate = OtherSiteCertificate.generate();
        config.put("gateway.upstream-ca-file", otherSiteCertificate.pem().toString());
        for (String name : new String[] {"a", "b"}) {
            boolean tls = name.equals("b");
            Site site = new Site(name, tls ? otherSiteCertificate : null);
            site.listen();
            SITES.put(name, site);
            String scheme = tls ? "https://localhost:" : "http://127.0.0.1:";
            config.put("gateway.routes.records.upstreams." + name, scheme + site.port);
            config.put("gateway.routes.records.management." + name, scheme + site.managementPort);
        }
        config.put("gateway.routes.records.response-timeout", "1s");
        config.put("gateway.routes.records.connect-timeout", "500ms");
        config.put("gateway.health.interval", "200ms");
        config.put("gateway.health.timeout", "150ms");
        config.put("gateway.health.transition-interval", "50ms");
        config.put("gateway.health.down-interval", "100ms");
        config.put("gateway.breaker.request-volume", "4");
        config.put("gateway.breaker.delay", "1s");
        config.put("gateway.retry-budget.min-per-second", "50");
        return config;
    }

    @Override
    public void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /**
     * Both sites back to normal, breakers closed, and the gateway seeing both up with no failed
     * check pending: a site that failed one check in the test before (still up, changing state)
     * would otherwise go down on the next test's first failed check instead of its second.
     */
    public static void bothHealthy() {
        site("a").mode(Mode.NORMAL);
        site("b").mode(Mode.NORMAL);
        io.smallrye.faulttolerance.api.CircuitBreakerMaintenance.get().resetAll();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                io.restassured.RestAssured.get(management + "/gateway/upstreams").then()
                        .body("upstreams.findAll { it.route == 'records' }.health", org.hamcrest.Matchers.contains("up", "up"))
                        .body("upstreams.findAll { it.route == 'records' }.changingState",
                                org.hamcrest.Matchers.contains(false, false)));
    }

    /**
     * A certificate for {@code localhost} made by the JDK's keytool (no extra library): the PKCS#12
     * key store site b serves, and its PEM certificate, which the gateway trusts as the CA file.
     */
    record OtherSiteCertificate(java.nio.file.Path keyStore, java.nio.file.Path pem) {
        static final String PASSWORD = "test-only";

        static OtherSiteCertificate generate() {
            try {
                java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("relais-gateway-tls");
                OtherSiteCertificate made = new OtherSiteCertificate(dir.resolve("site-b.p12"), dir.resolve("site-b.pem"));
                String keytool = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
                run(keytool, "-genkeypair", "-alias", "site-b", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=localhost", "-ext", "san=dns:localhost", "-validity", "2",
                        "-keystore", made.keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
                run(keytool, "-exportcert", "-rfc", "-alias", "site-b", "-keystore", made.keyStore.toString(),
                        "-storepass", PASSWORD, "-file", made.pem.toString());
                return made;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static void run(String... command) throws java.io.IOException {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public static Site site(String name) {
        return SITES.get(name);
    }

    public record ReadinessCheck(long arrivedNanos, boolean ready) { }

    /** One upstream site: a real HTTP server whose behaviour the test sets. */
    public static final class Site {
        final String name;
        volatile Mode mode = Mode.NORMAL;
        volatile JsonObject lastRequest;
        final AtomicInteger apiHits = new AtomicInteger();
        /** Every request line that reached this site, for "nothing reached that should not". */
        final java.util.Queue<String> seen = new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** Every readiness check: when it arrived and whether it was answered ready. */
        final java.util.Queue<ReadinessCheck> readinessChecks = new java.util.concurrent.ConcurrentLinkedQueue<>();
        int port;
        int managementPort;
        private HttpServer server;
        private HttpServer managementServer;

        private final OtherSiteCertificate certificate;

        Site(String name, OtherSiteCertificate certificate) {
            this.name = name;
            this.certificate = certificate;
        }

        public int apiHits() {
            return apiHits.get();
        }

        public java.util.List<String> seen() {
            return java.util.List.copyOf(seen);
        }

        public java.util.List<ReadinessCheck> readinessChecks() {
            return java.util.List.copyOf(readinessChecks);
        }

        public JsonObject lastRequest() {
            return lastRequest;
        }

        public synchronized void mode(Mode next) {
            boolean apiUp = next != Mode.REFUSE && next != Mode.API_REFUSES;
            boolean managementUp = next != Mode.REFUSE;
            if (!apiUp && server != null) {
                close(server);
                server = null;
            } else if (apiUp && server == null) {
                server = listen(port, this::handle);
            }
            if (!managementUp && managementServer != null) {
                close(managementServer);
                managementServer = null;
            } else if (managementUp && managementServer == null) {
                managementServer = listen(managementPort, this::answerReadiness);
            }
            mode = next;
        }

        synchronized void listen() {
            server = listen(0, this::handle);
            port = server.actualPort();
            managementServer = listen(0, this::answerReadiness);
            managementPort = managementServer.actualPort();
        }

        private HttpServer listen(int wanted, io.vertx.core.Handler<HttpServerRequest> handler) {
            HttpServerOptions options = new HttpServerOptions();
            if (certificate != null) {
                options.setSsl(true).setKeyCertOptions(new PfxOptions().setPath(certificate.keyStore().toString())
                        .setPassword(OtherSiteCertificate.PASSWORD));
            }
            return vertx.createHttpServer(options).requestHandler(handler)
                    .listen(wanted, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        }

        private static void close(HttpServer server) {
            server.close().toCompletionStage().toCompletableFuture().join();
        }

        private void answerReadiness(HttpServerRequest request) {
            boolean ready = mode != Mode.NOT_READY;
            readinessChecks.add(new ReadinessCheck(System.nanoTime(), ready));
            request.response().setStatusCode(ready ? 200 : 503).end("{\"status\":\"" + (ready ? "UP" : "DOWN") + "\"}");
        }

        private void handle(HttpServerRequest request) {
            apiHits.incrementAndGet();
            seen.add(request.method() + " " + request.uri());
            request.body().onSuccess(body -> {
                JsonObject seen = new JsonObject().put("site", name).put("method", request.method().name())
                        .put("uri", request.uri()).put("bodyLength", body.length());
                JsonObject headers = new JsonObject();
                request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
                seen.put("headers", headers);
                lastRequest = seen;
                if (request.path().endsWith("/download")) {
                    request.response().putHeader("Content-Type", "application/octet-stream")
                            .end(io.vertx.core.buffer.Buffer.buffer(new byte[5 * 1024 * 1024]));
                    return;
                }
                switch (mode) {
                    case HANG -> { /* never answers */ }
                    // A service whose database connection died under the request: the next one works.
                    case FAIL_503_ONCE -> {
                        mode = Mode.NORMAL;
                        request.response().setStatusCode(503).putHeader("Retry-After", "2").end("{\"connectionLost\":true}");
                    }
                    // A Relais service on a standby: reads served, writes refused on purpose.
                    case READ_ONLY -> {
                        if (request.method().name().equals("GET")) {
                            request.response().putHeader("Content-Type", "application/json").end(seen.encode());
                        } else {
                            request.response().setStatusCode(503).putHeader("Retry-After", "2")
                                    .putHeader("X-Relais-Read-Only", "true")
                                    .putHeader("Content-Type", "application/problem+json").end("{\"status\":503}");
                        }
                    }
                    case FAIL_503 -> request.response().setStatusCode(503).putHeader("Retry-After", "7").end("{\"down\":true}");
                    // A status no HTTP client accepts (RFC 9110 §15: only 100-599 are valid).
                    case INVALID_STATUS -> request.response().setStatusCode(1200).end("{\"odd\":true}");
                    // A Relais service whose database connections just died: this request fails, the next would not.
                    case LOST_DB_CONNECTIONS -> request.response().setStatusCode(503).putHeader("Retry-After", "5")
                            .putHeader("X-Relais-Transient", "database-connection")
                            .putHeader("Content-Type", "application/problem+json").end("{\"status\":503}");
                    case SLOW -> vertx.setTimer(300, t -> request.response().putHeader("Content-Type", "application/json")
                            .end(seen.encode()));
                    case DIE_MID_SMALL_RESPONSE -> {
                        request.response().putHeader("Content-Length", "1000").write("{\"partial\":");
                        vertx.setTimer(50, t -> request.connection().close());
                    }
                    case DIE_MID_RESPONSE -> {
                        request.response().putHeader("Content-Length", "100000").write("{\"partial\":");
                        vertx.setTimer(50, t -> request.connection().close());
                    }
                    default -> request.response().putHeader("Content-Type", "application/json")
                            .putHeader("Connection", "X-Upstream-Hop")
                            .putHeader("X-Upstream-Hop", "secret")
                            .putHeader("Keep-Alive", "timeout=5")
                            .end(seen.encode());
                }
            });
        }
    }
}
