package io.relais.gateway.proxy;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A client's response has ended, or its connection closed first: the request body buffer it
 * held goes back to the budget and its access-log line is written, once.
 */
final class ResponseEnd implements Handler<Void> {

    private final HttpServerRequest request;
    private final long startedNanos;
    private final String requestId;
    private final AccessLog log;
    private final AtomicLong bufferedBytes;
    /** The routed path; the raw one until the target is parsed (what a refusal logs). */
    String path;
    /** Null when the gateway refused the request before routing it. */
    Exchange exchange;
    long heldBytes;
    /** The client sent an {@code Expect} and has not been told to go on: it may hold its body back. */
    boolean awaitingContinue;
    private boolean done;

    ResponseEnd(HttpServerRequest request, long startedNanos, String requestId, AccessLog log, AtomicLong bufferedBytes) {
        this.request = request;
        this.startedNanos = startedNanos;
        this.requestId = requestId;
        this.log = log;
        this.bufferedBytes = bufferedBytes;
        String uri = request.uri();
        int query = uri.indexOf('?');
        this.path = query < 0 ? uri : uri.substring(0, query);
    }

    @Override
    public void handle(Void ignored) {
        if (done) {
            return;
        }
        done = true;
        if (heldBytes > 0) {
            bufferedBytes.addAndGet(-heldBytes);
        }
        HttpServerResponse response = request.response();
        if (awaitingContinue && !request.isEnded()) {
            // Refused before its body was asked for: Vert.x would keep the connection for a body
            // that will not come, and bytes that did would be read as the next request.
            response.close();
        }
        String site = exchange == null || exchange.servedBy == null ? null : exchange.servedBy.site();
        log.record(request.remoteAddress() == null ? "-" : request.remoteAddress().hostAddress(), request.method().name(),
                path, protocol(), response.ended() ? response.getStatusCode() : 0, response.bytesWritten(), startedNanos,
                site, exchange == null ? 0 : exchange.tried.size(), requestId);
    }

    private String protocol() {
        return switch (request.version()) {
            case HTTP_1_0 -> "HTTP/1.0";
            case HTTP_1_1 -> "HTTP/1.1";
            case HTTP_2 -> "HTTP/2";
        };
    }
}
