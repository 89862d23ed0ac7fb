import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.function.BiFunction;

/**
 * Not the gateway: BareProxy's yardstick one layer up, on Vert.x's HTTP server and client (the
 * gateway's own Vert.x, with the native transport) and nothing else. Between BareProxy and the
 * gateway, it tells Vert.x's share of the gateway's cost from the share of its features.
 */
public final class BareVertxProxy extends AbstractVerticle {

    /** JBoss Logging, which io.quarkus.logging.Log stands for: Log itself works only inside a Quarkus application. */
    private static final Logger LOG = Logger.getLogger(BareVertxProxy.class);

    private final URI upstream;
    private final int port;

    BareVertxProxy(URI upstream, int port) {
        this.upstream = upstream;
        this.port = port;
    }

    public static void main(String[] args) {
        deploy("Bare Vert.x proxy", BareVertxProxy::new);
    }

    /**
     * One verticle per event loop: each has its server and its own client, so that a request and
     * its upstream connection share a loop, as in the gateway (UpstreamRegistry). The port and
     * upstream are the gateway's settings, as proxies.sh gives them.
     */
    static void deploy(String what, BiFunction<URI, Integer, Verticle> proxy) {
        int port = Integer.parseInt(System.getenv().getOrDefault("GATEWAY_LISTEN_PORT", "18285"));
        URI upstream = URI.create(System.getenv().getOrDefault("GATEWAY_ROUTES_RECORDS_UPSTREAMS_A", "http://127.0.0.1:18281"));
        int loops = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(loops));
        vertx.deployVerticle(() -> proxy.apply(upstream, port), new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> LOG.infof("%s on port %d to %s (%s)", what, port, upstream,
                        vertx.isNativeTransportEnabled() ? "epoll" : "NIO"))
                .onFailure(e -> {
                    LOG.errorf(e, "The %s could not listen on port %d (to %s): free the port or set"
                            + " GATEWAY_LISTEN_PORT to another", what.toLowerCase(java.util.Locale.ROOT), port, upstream);
                    System.exit(1);
                });
    }

    @Override
    public void start(Promise<Void> started) {
        HttpClient client = vertx.createHttpClient();
        String authority = upstream.getHost() + ":" + upstream.getPort();
        // The deployment fails, and main says so, when the port cannot be had.
        vertx.createHttpServer().requestHandler(request -> forward(client, authority, request)).listen(port)
                .<Void>mapEmpty().onComplete(started);
    }

    private void forward(HttpClient client, String authority, HttpServerRequest request) {
        request.pause(); // until the upstream's request takes the body
        client.request(new RequestOptions().setHost(upstream.getHost()).setPort(upstream.getPort())
                        .setMethod(request.method()).setURI(request.uri()))
                .compose(upstreamRequest -> {
                    upstreamRequest.headers().addAll(request.headers())
                            .remove(HttpHeaders.CONNECTION)
                            .set(HttpHeaders.HOST, authority)
                            .add("X-Forwarded-For", request.remoteAddress().hostAddress());
                    return upstreamRequest.send(request);
                })
                .onSuccess(answer -> {
                    var response = request.response().setStatusCode(answer.statusCode());
                    response.headers().addAll(answer.headers()).remove(HttpHeaders.CONNECTION);
                    response.send(answer);
                })
                .onFailure(e -> request.response().setStatusCode(502).end());
    }
}
