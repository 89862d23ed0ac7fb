import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.ContextInternal;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Not the gateway: a yardstick between BareVertxProxy and BareProxy. Vert.x's HTTP server (where
 * the gateway keeps its client guards) in front, and in place of Vert.x's HTTP client a Netty
 * channel of its own on the same event loop, one per client connection, its answers aggregated
 * by Netty's codec and written to the client in one piece. It tells whether the gateway's
 * forwarding, rewritten below Vert.x's client only, could have HAProxy's tail.
 */
public final class BareHybridProxy extends AbstractVerticle {

    private final URI upstream;
    private final int port;
    /** This event loop's client connections and their upstream channels; only this loop touches it. */
    private final Map<HttpConnection, Link> links = new IdentityHashMap<>();
    private Bootstrap bootstrap;

    BareHybridProxy(URI upstream, int port) {
        this.upstream = upstream;
        this.port = port;
    }

    public static void main(String[] args) {
        BareVertxProxy.deploy("Bare hybrid proxy (Vert.x server, Netty client)", BareHybridProxy::new);
    }

    @Override
    public void start(Promise<Void> started) {
        bootstrap = new Bootstrap().group(((ContextInternal) context).nettyEventLoop())
                .channel(vertx.isNativeTransportEnabled() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .remoteAddress(upstream.getHost(), upstream.getPort());
        vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                .connectionHandler(connection -> connection.closeHandler(v -> {
                    Link link = links.remove(connection);
                    if (link != null) {
                        link.channel.close();
                    }
                }))
                .requestHandler(this::forward)
                .listen(port).<Void>mapEmpty().onComplete(started);
    }

    private void forward(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
            for (Map.Entry<String, String> header : request.headers()) {
                headers.add(header.getKey(), header.getValue());
            }
            headers.remove(HttpHeaderNames.CONNECTION);
            headers.set(HttpHeaderNames.HOST, upstream.getHost() + ":" + upstream.getPort());
            headers.add("X-Forwarded-For", request.remoteAddress().hostAddress());
            DefaultFullHttpRequest forwarded = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                    HttpMethod.valueOf(request.method().name()), request.uri(),
                    body.length() == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body.getBytes()),
                    headers, EmptyHttpHeaders.INSTANCE);
            Link link = links.get(request.connection());
            if (link == null || link.closed()) { // the upstream closed its side: a new connection
                link = new Link(bootstrap);
                links.put(request.connection(), link);
            }
            link.send(request, forwarded);
        });
    }

    /** One client connection's upstream channel and the requests waiting for its answers, in order. */
    private static final class Link extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final ArrayDeque<HttpServerRequest> waiting = new ArrayDeque<>();
        private final ChannelFuture connected;
        private final Channel channel;

        Link(Bootstrap bootstrap) {
            Link self = this;
            connected = bootstrap.clone().handler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), self);
                }
            }).connect();
            channel = connected.channel();
        }

        boolean closed() {
            return connected.isDone() && !channel.isActive();
        }

        void send(HttpServerRequest request, DefaultFullHttpRequest forwarded) {
            waiting.add(request);
            if (connected.isSuccess()) {
                channel.writeAndFlush(forwarded);
            } else {
                // Still connecting: the first request leaves once the connection is there, or
                // gets a 502 when it cannot be had (a channel never active is never inactive).
                connected.addListener(done -> {
                    if (done.isSuccess()) {
                        channel.writeAndFlush(forwarded);
                    } else {
                        answerBadGateway();
                    }
                });
            }
        }

        private void answerBadGateway() {
            waiting.forEach(request -> request.response().setStatusCode(502).end());
            waiting.clear();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse answer) {
            HttpServerRequest request = waiting.poll();
            if (request == null) {
                return;
            }
            var response = request.response().setStatusCode(answer.status().code());
            MultiMap headers = response.headers();
            for (Map.Entry<CharSequence, CharSequence> header : (Iterable<Map.Entry<CharSequence, CharSequence>>)
                    answer.headers()::iteratorCharSequence) {
                headers.add(header.getKey(), header.getValue());
            }
            headers.remove(HttpHeaderNames.CONNECTION);
            response.end(Buffer.buffer(ByteBufUtil.getBytes(answer.content())));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            answerBadGateway();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
