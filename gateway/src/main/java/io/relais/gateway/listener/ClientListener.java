package io.relais.gateway.listener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.relais.gateway.config.GatewayConfig;
import io.relais.gateway.proxy.AccessLog;
import io.relais.gateway.proxy.GatewayProxy;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client port. The gateway runs its own Vert.x HTTP server rather than Quarkus' so that it
 * owns every connection: a connection cap, per-request header and body deadlines
 * ({@link RequestDeadlines}), an idle timeout, no h2c upgrade, and nothing else on the port —
 * {@code /q/*} and {@code /gateway/upstreams} live on the management interface only. One
 * server per event loop, sharing the port.
 */
@ApplicationScoped
public class ClientListener {

    @Inject
    GatewayConfig config;

    @Inject
    GatewayProxy proxy;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry meters;

    @Inject
    AccessLog accessLog;

    private final AtomicInteger open = new AtomicInteger();
    private volatile int port;
    private String deployment;

    void start(@Observes StartupEvent event) {
        GatewayConfig.Listen listen = config.listen();
        Counter refused = meters.counter("relais_gateway_connections_refused");
        Counter expired = meters.counter("relais_gateway_request_deadlines_expired");
        Gauge.builder("relais_gateway_connections_open", open, AtomicInteger::get).register(meters);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(listen.host())
                .setPort(listen.port())
                .setIdleTimeout((int) listen.idleTimeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxInitialLineLength(listen.maxInitialLineLength())
                .setMaxHeaderSize(listen.maxHeaderSize())
                .setTcpNoDelay(true)
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                .setHttp2ClearTextEnabled(false)
                .setHandle100ContinueAutomatically(false)
                // No WebSocket on this port: without these Vert.x puts a compression negotiator in
                // front of every request's pipeline.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                // Traced explicitly, one span per attempt (AttemptTracing), not by Vert.x.
                .setTracingPolicy(io.vertx.core.tracing.TracingPolicy.IGNORE);
        // A random port cannot be shared between servers: one server then (tests).
        int instances = listen.port() == 0 ? 1 : Math.max(1, Runtime.getRuntime().availableProcessors());
        deployment = vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                HttpServer server = vertx.createHttpServer(options)
                        .connectionHandler(connection -> admit(connection, listen, refused, expired))
                        .requestHandler(proxy::handle)
                        .invalidRequestHandler(proxy::refuseMalformed);
                // This loop's access-log lines reach the log within a second even when traffic is light.
                vertx.setPeriodic(1000, id -> accessLog.flush());
                server.listen().onSuccess(s -> {
                    port = s.actualPort();
                    started.complete();
                }).onFailure(started::fail);
            }

            @Override
            public void stop() {
                accessLog.flush(); // this loop's last lines, before the access log's writer stops
            }
        }, new DeploymentOptions().setInstances(instances)).toCompletionStage().toCompletableFuture()
                .orTimeout(30, TimeUnit.SECONDS).join();
        Log.infof("Gateway %s listening for clients on %s:%d (%d event loops, %s)", config.site(), listen.host(), port,
                instances, vertx.isNativeTransportEnabled() ? "native transport" : "NIO");
    }

    void stop(@Observes ShutdownEvent event) {
        if (deployment != null) {
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }

    /** The port clients connect to (the actual one when configured as 0). */
    public int port() {
        return port;
    }

    private void admit(HttpConnection connection, GatewayConfig.Listen listen, Counter refused, Counter expired) {
        if (open.incrementAndGet() > listen.maxConnections()) {
            open.decrementAndGet();
            refused.increment();
            connection.close();
            return;
        }
        connection.closeHandler(v -> open.decrementAndGet());
        RequestDeadlines.install(((ConnectionBase) connection).channel().pipeline(),
                listen.headerTimeout(), listen.bodyTimeout(), expired::increment);
    }
}
