import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Not the gateway: the least a JVM proxy does, as a yardstick for benchmarks/proxies.sh. Netty's
 * epoll transport and HTTP codec on the JVM and options the gateway runs on, one upstream
 * connection per client connection on the client's own event loop, the request's Host and
 * X-Forwarded-For rewritten, nothing else: no health checks, failover, breakers, metrics, access
 * log or client guards. What it measures is the JVM's share of a proxy's cost on this machine;
 * the rest of the gateway's is its features and the layers it is built on (Vert.x).
 */
public final class BareProxy {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("GATEWAY_LISTEN_PORT", "18285"));
        URI upstream = URI.create(System.getenv().getOrDefault("GATEWAY_ROUTES_RECORDS_UPSTREAMS_A", "http://127.0.0.1:18281"));
        InetSocketAddress upstreamAddress = new InetSocketAddress(upstream.getHost(), upstream.getPort());
        EventLoopGroup loops = new EpollEventLoopGroup(Runtime.getRuntime().availableProcessors());
        new ServerBootstrap().group(loops).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new ClientSide(upstreamAddress));
                    }
                })
                .bind(port).sync();
        System.out.println("Bare Netty proxy on port " + port + " to " + upstream);
    }

    /** A client's connection, paired with its own connection to the upstream. */
    private static final class ClientSide extends ChannelInboundHandlerAdapter {
        private final InetSocketAddress upstream;
        private Channel upstreamChannel;

        ClientSide(InetSocketAddress upstream) {
            this.upstream = upstream;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            client.config().setAutoRead(false); // until the upstream connection is there
            ChannelFuture connected = new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new UpstreamSide(client));
                        }
                    })
                    .connect(upstream);
            upstreamChannel = connected.channel();
            connected.addListener(done -> {
                if (done.isSuccess()) {
                    client.config().setAutoRead(true);
                } else {
                    client.close();
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                request.headers().remove(HttpHeaderNames.CONNECTION)
                        .set(HttpHeaderNames.HOST, upstream.getHostString() + ":" + upstream.getPort())
                        .add("X-Forwarded-For", ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress());
            }
            upstreamChannel.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            upstreamChannel.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (upstreamChannel != null) {
                upstreamChannel.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The upstream's answer, streamed to the client as it comes. */
    private static final class UpstreamSide extends ChannelInboundHandlerAdapter {
        private final Channel client;

        UpstreamSide(Channel client) {
            this.client = client;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            client.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            client.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
