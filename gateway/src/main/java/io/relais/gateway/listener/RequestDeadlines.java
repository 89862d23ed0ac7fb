package io.relais.gateway.listener;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Total deadlines on reading a request, per connection, as HAProxy's {@code timeout
 * http-request} and Envoy's {@code request_headers_timeout}: the head must be complete within
 * {@code header} of its first byte, and the body within {@code body} of the head. An idle
 * timeout alone does not stop a client that trickles one byte every few seconds (slowloris);
 * these do. A late head gets a 408 problem; a late body, whose request the proxy already holds,
 * has its connection closed.
 *
 * <p>Two Netty handlers around the HTTP decoder share one state: the one before it sees the
 * first raw byte of a request, the one after it sees where the head and the body end.
 */
final class RequestDeadlines {

    private static final byte[] HEAD_TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\n"
            + "Content-Type: application/problem+json\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s")
            .getBytes(StandardCharsets.US_ASCII);

    private final long headerNanos;
    private final long bodyNanos;
    /** The longest the timer sleeps: no deadline set later can fall before its next check. */
    private final long checkNanos;
    private final Runnable onExpiry;
    private boolean inRequest;
    /** When the current phase must end (System.nanoTime()), while {@link #pending}. */
    private long deadline;
    private boolean pending;
    private boolean headPhase;
    private ScheduledFuture<?> timer;

    private RequestDeadlines(Duration header, Duration body, Runnable onExpiry) {
        this.headerNanos = header.toNanos();
        this.bodyNanos = body.toNanos();
        this.checkNanos = Math.min(headerNanos, bodyNanos);
        this.onExpiry = onExpiry;
    }

    /** Adds the deadlines to a connection's pipeline (Vert.x names its decoder {@code httpDecoder}). */
    static void install(ChannelPipeline pipeline, Duration header, Duration body, Runnable onExpiry) {
        RequestDeadlines deadlines = new RequestDeadlines(header, body, onExpiry);
        pipeline.addBefore("httpDecoder", "relaisHeadStart", deadlines.new HeadStart());
        pipeline.addAfter("httpDecoder", "relaisRequestProgress", deadlines.new RequestProgress());
    }

    /**
     * Starts a phase's deadline. A deadline is a timestamp, not a timer of its own (as HAProxy's
     * task timers and Netty's IdleStateHandler): scheduling and cancelling two timers per request
     * was 2–3 % of the gateway's CPU. One timer per connection checks the current deadline and
     * sleeps again until it, never longer than the shorter timeout.
     */
    private void start(ChannelHandlerContext ctx, long nanos, boolean head) {
        deadline = System.nanoTime() + nanos;
        pending = true;
        headPhase = head;
        if (timer == null) {
            arm(ctx, checkNanos);
        }
    }

    private void end() {
        pending = false;
    }

    private void arm(ChannelHandlerContext ctx, long nanos) {
        timer = ctx.executor().schedule(() -> check(ctx), nanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        timer = null;
        if (!pending) {
            return; // between requests: the next one arms it again
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            arm(ctx, Math.min(left, checkNanos));
        } else {
            pending = false;
            expire(ctx, headPhase);
        }
    }

    private void stop() {
        pending = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire(ChannelHandlerContext ctx, boolean head) {
        onExpiry.run();
        if (!head) {
            ctx.channel().close();
            return;
        }
        String problem = "{\"type\":\"urn:relais:problem:request-timeout\",\"title\":\"Request timeout\",\"status\":408,"
                + "\"detail\":\"The request headers did not arrive within " + headerNanos / 1_000_000
                + " ms of their first byte. Send the whole request at once.\"}";
        String response = new String(HEAD_TIMEOUT, StandardCharsets.US_ASCII).formatted(problem.length(), problem);
        ByteBuf bytes = Unpooled.copiedBuffer(response, StandardCharsets.US_ASCII);
        ctx.writeAndFlush(bytes).addListener(ChannelFutureListener.CLOSE);
    }

    /** Before the decoder: the first byte of a new request starts the head's deadline. */
    private final class HeadStart extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (!inRequest && !pending && msg instanceof ByteBuf buf && buf.isReadable()) {
                start(ctx, headerNanos, true);
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            stop();
            super.channelInactive(ctx);
        }
    }

    /** After the decoder: a complete head starts the body's deadline, a complete body ends it. */
    private final class RequestProgress extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpRequest) {
                inRequest = true;
                start(ctx, bodyNanos, false);
            }
            if (msg instanceof LastHttpContent) {
                inRequest = false;
                end();
            }
            super.channelRead(ctx, msg);
        }
    }
}
