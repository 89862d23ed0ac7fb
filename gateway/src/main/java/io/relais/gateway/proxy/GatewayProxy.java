package io.relais.gateway.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.relais.gateway.config.GatewayConfig;
import io.relais.gateway.upstream.FailureKind;
import io.relais.gateway.upstream.Upstream;
import io.relais.gateway.upstream.UpstreamFailure;
import io.relais.gateway.upstream.UpstreamRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import java.util.concurrent.atomic.AtomicLong;
import io.vertx.core.http.HttpClientResponse;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * The reverse proxy: checks and decodes the request target once, routes by path prefix to the
 * route's upstream at this site first, then at the other sites, on connect failure, timeout,
 * 502/503/504 or open breaker. Safe methods (GET, HEAD, OPTIONS) are always replayed; any other
 * method only when nothing reached the upstream, or — for a POST — when an Idempotency-Key makes
 * the replay safe. A PUT or DELETE that may have reached a site is never replayed at another:
 * there it would meet its own effect (a 412 for a change that succeeded). Never more than one
 * attempt per site and round; failovers within the retry budget.
 *
 * <p>The beans on the request path are singletons: an {@code @ApplicationScoped} bean is reached
 * through a client proxy that looks its instance up on every call (3 % of the gateway's CPU in
 * its JFR profile). The request and its answer are forwarded with Vert.x's own client and server
 * objects (no vertx-http-proxy: its copies of every header, and its parsing of the upstream's
 * {@code Date} and {@code Cache-Control} for a cache the gateway does not use, were a third of
 * its time).
 */
@Singleton
public class GatewayProxy {

    private static final long RETRY_ROUND_DELAY_MS = 100;
    private static final int MAX_RETRY_ROUNDS = 2;
    /** Answers up to this size are read whole and written to the client at once; larger ones are streamed. */
    private static final long SMALL_ANSWER_BYTES = 16 * 1024;
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Inject
    UpstreamRegistry registry;

    @Inject
    RetryBudget budget;

    @Inject
    GatewayConfig config;

    @Inject
    MeterRegistry meters;

    @Inject
    AttemptSender sender;

    @Inject
    AttemptTracing tracing;

    @Inject
    AccessLog accessLog;

    private final AtomicLong bufferedBytes = new AtomicLong();

    /** Every client request, on the event loop of its connection. */
    public void handle(HttpServerRequest request) {
        String offered = request.getHeader(ProxyHeaders.X_REQUEST_ID);
        String requestId = offered != null && REQUEST_ID.matcher(offered).matches() ? offered : newRequestId();
        ResponseEnd end = new ResponseEnd(request, System.nanoTime(), requestId, accessLog, bufferedBytes);
        request.response().endHandler(end).closeHandler(end);
        String expect = request.getHeader(HttpHeaderNames.EXPECT);
        end.awaitingContinue = expect != null && request.version() != HttpVersion.HTTP_1_0;
        String site = config.site();
        RequestPath target;
        try {
            target = RequestPath.parse(request.uri());
        } catch (RequestPath.Refused refused) {
            refused("path");
            GatewayProblems.badRequest(request.response(), site, refused.getMessage(), null, requestId);
            return;
        }
        String named = ProxyHeaders.endToEndNamedAsHopByHop(request.headers());
        if (named != null) {
            refused("connection-header");
            GatewayProblems.badRequest(request.response(), site, "The Connection header names '" + named
                    + "', an end-to-end header that a proxy would then remove. Send it without naming it in Connection.",
                    target.path(), requestId);
            return;
        }
        String transferEncoding = request.getHeader(HttpHeaderNames.TRANSFER_ENCODING);
        if (transferEncoding != null && !transferEncoding.trim().equalsIgnoreCase("chunked")) {
            // RFC 9112 §6.3: a body whose length cannot be determined reliably is refused, never
            // guessed at (a proxy in front that read it otherwise would smuggle a request past us).
            refused("transfer-encoding");
            GatewayProblems.badRequest(request.response(), site, "Transfer-Encoding '" + transferEncoding
                    + "' is not supported: send the body with Content-Length or 'Transfer-Encoding: chunked'.",
                    target.path(), requestId);
            return;
        }
        end.path = target.path();
        long length = parseLength(request.getHeader(HttpHeaderNames.CONTENT_LENGTH));
        boolean hasBody = length > 0 || transferEncoding != null;
        UpstreamRegistry.Route route = registry.routeFor(target.path());
        if (route == null) {
            // A body left unread would be taken for the next request on the connection, and its
            // client may never send it (it waits for a 100 Continue that does not come): close.
            GatewayProblems.notFound(request.response(), site, target.path(), requestId, hasBody);
            return;
        }
        if (length > config.maxBodyBytes()) {
            refused("body-size");
            GatewayProblems.tooLarge(request.response(), site, length, config.maxBodyBytes(), target.path(), requestId);
            return;
        }
        if (end.awaitingContinue) {
            if (!expect.trim().equalsIgnoreCase("100-continue")) {
                refused("expectation");
                GatewayProblems.send(request.response(), site, requestId, GatewayProblems.problem("expectation-failed",
                        "Expectation failed", 417, "The gateway meets only 'Expect: 100-continue', not '" + expect
                        + "'. Send the request without it.", target.path(), requestId).put("retryable", false), true);
                return;
            }
            // The gateway takes the body itself (buffered or streamed) and answers the client's
            // wait now, as nginx and Envoy do; a client that waited would otherwise lose up to a
            // second on every POST (curl's timeout; .NET clients send Expect by default). The
            // refusals above were sent instead of it, before any body.
            request.response().writeContinue();
            end.awaitingContinue = false;
        }
        budget.onRequest();
        Exchange exchange = new Exchange(request, Vertx.currentContext(), route, target, requestId,
                tracing.clientContext(request.headers()));
        end.exchange = exchange;
        if (hasBody && length >= 0 && length <= config.bufferLimitBytes() && reserveBuffer(length)) {
            end.heldBytes = length;
            request.body().onSuccess(body -> {
                exchange.body = body;
                attempt(exchange);
            }).onFailure(e -> GatewayProblems.badRequest(request.response(), site,
                    "The request body could not be read: " + e.getMessage(), target.path(), requestId));
        } else {
            // Bodies over the buffer limit (or of unknown length, or while the buffer budget is
            // spent) are streamed: only replayable while nothing has been sent.
            exchange.streaming = hasBody;
            request.pause();
            attempt(exchange);
        }
    }

    /**
     * A request Netty could not decode (its line or headers too long, or framing that is not
     * HTTP/1.1): the status Vert.x would give it, with a problem saying what to change, and the
     * connection closed after it, as the request's end cannot be known.
     */
    public void refuseMalformed(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        GatewayConfig.Listen listen = config.listen();
        String requestId = newRequestId();
        ResponseEnd end = new ResponseEnd(request, System.nanoTime(), requestId, accessLog, bufferedBytes);
        request.response().endHandler(end).closeHandler(end);
        JsonObject problem;
        if (cause instanceof TooLongHttpLineException) {
            problem = GatewayProblems.problem("uri-too-long", "The request line is too long", 414, "The request line is"
                    + " longer than " + listen.maxInitialLineLength() + " bytes. Shorten the URL: fewer or shorter query"
                    + " parameters.", null, requestId);
        } else if (cause instanceof TooLongHttpHeaderException) {
            problem = GatewayProblems.problem("header-fields-too-large", "The request headers are too large", 431,
                    "The request headers take more than " + listen.maxHeaderSize() + " bytes. Send fewer or smaller"
                    + " headers (a cookie that grew, a token carrying too much).", null, requestId);
        } else {
            String why = cause == null || cause.getMessage() == null ? "unreadable framing" : cause.getMessage();
            problem = GatewayProblems.problem("validation", "The request is invalid", 400, "The request is not valid"
                    + " HTTP/1.1 (" + (why.length() > 200 ? why.substring(0, 200) + "…" : why) + "). Send one"
                    + " Content-Length or 'Transfer-Encoding: chunked', CRLF line ends and a Host header.", null, requestId);
        }
        refused("malformed-http-" + problem.getInteger("status"));
        GatewayProblems.send(request.response(), config.site(), requestId, problem.put("retryable", false), true);
        request.response().close();
    }

    private void refused(String reason) {
        meters.counter("relais_gateway_requests_refused", "reason", reason).increment();
    }

    private boolean reserveBuffer(long length) {
        if (bufferedBytes.addAndGet(length) <= config.bufferBudgetBytes()) {
            return true;
        }
        bufferedBytes.addAndGet(-length);
        meters.counter("relais_gateway_buffer_budget_exhausted").increment();
        return false;
    }

    private void attempt(Exchange exchange) {
        if (exchange.request.response().closed()) {
            return; // the client left during a retry's pause: nobody would read the answer
        }
        Upstream next = exchange.nextCandidate();
        if (next == null) {
            giveUp(exchange);
            return;
        }
        if (!exchange.tried.isEmpty()) {
            exchange.tried.get(exchange.tried.size() - 1).recordFailover();
            meters.counter("relais_gateway_failovers", "route", exchange.route.name(), "to", next.site()).increment();
        }
        exchange.tried.add(next);
        long started = System.nanoTime();
        io.opentelemetry.api.trace.Span span = tracing.start(exchange.trace, exchange, next);
        exchange.traceId = span.getSpanContext().getTraceId();
        CompletionStage<HttpClientResponse> outcome;
        try {
            outcome = next.attempt(() -> sender.send(exchange, next, span));
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((response, failure) -> onContext(exchange, () -> {
            long elapsed = System.nanoTime() - started;
            next.recordLatency(elapsed);
            if (failure == null) {
                tracing.end(span, "delivered", response.statusCode());
                deliver(exchange, next, response);
                return;
            }
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            FailureKind kind = cause instanceof UpstreamFailure uf ? uf.kind()
                    : cause instanceof CircuitBreakerOpenException ? FailureKind.NOT_SENT
                    : FailureKind.RESET;
            tracing.end(span, kind.name().toLowerCase(java.util.Locale.ROOT),
                    cause instanceof UpstreamFailure uf ? uf.status() : 0);
            if (kind == FailureKind.CLIENT_GONE) {
                meters.counter("relais_gateway_client_gone", "route", next.route(), "site", next.site()).increment();
                return;
            }
            recordFailure(exchange, next, kind, cause instanceof UpstreamFailure uf && uf.status() > 0
                    ? String.valueOf(uf.status()) : null, elapsed);
            HttpClientResponse upstreamAnswer = cause instanceof UpstreamFailure uf ? uf.response() : null;
            if (upstreamAnswer != null && upstreamAnswer.statusCode() == 503) {
                exchange.unavailable = next;
                exchange.unavailableKind = kind;
                exchange.retryAfter = upstreamAnswer.headers().get("Retry-After");
            }
            FailoverPolicy.Decision decision = FailoverPolicy.decide(
                    exchange.facts(kind, upstreamAnswer != null, MAX_RETRY_ROUNDS), budget::tryRetry);
            exchange.budgetExhausted |= decision.budgetExhausted();
            switch (decision.next()) {
                case TRY_NEXT_SITE -> {
                    release(upstreamAnswer);
                    attempt(exchange);
                }
                case RETRY_ROUND -> {
                    release(upstreamAnswer);
                    startRetryRound(exchange);
                }
                case DELIVER_ANSWER -> deliver(exchange, next, upstreamAnswer);
                case GIVE_UP -> giveUp(exchange);
                case ABANDON -> release(upstreamAnswer);
            }
        }));
    }

    /** An attempt that failed: the upstream's counters, the failure meter, and the exchange's trail for the operator's log line. */
    private void recordFailure(Exchange exchange, Upstream upstream, FailureKind kind, String status, long elapsedNanos) {
        upstream.recordFailure(kind);
        String kindName = kind.name().toLowerCase(java.util.Locale.ROOT);
        exchange.trail.add(upstream.site() + " " + (status != null ? status : kindName) + " after "
                + elapsedNanos / 1_000_000 + " ms");
        meters.counter("relais_gateway_upstream_failures", "route", upstream.route(), "site", upstream.site(),
                "kind", kindName).increment();
        exchange.lastKind = kind;
    }

    /** Runs on the exchange's event loop: at once when already there (the usual case), else queued to it. */
    private static void onContext(Exchange exchange, Runnable action) {
        if (((io.vertx.core.impl.ContextInternal) exchange.context).isRunningOnContext()) {
            action.run();
        } else {
            exchange.context.runOnContext(v -> action.run());
        }
    }

    /**
     * A new round over every site, shortly, in the route's order (FailoverPolicy says when): a
     * service whose database connections died under it (the primary's site lost power a moment
     * ago) fails the requests that held one, then answers from a fresh connection to whichever
     * server is left. The whole round, not only the site that answered last: that one's breaker
     * may have opened on those very 503s (seen in the switchover drill), and a site out of
     * rotation is skipped for free.
     */
    private void startRetryRound(Exchange exchange) {
        exchange.retryRounds++;
        exchange.roundStart = exchange.tried.size();
        meters.counter("relais_gateway_retry_rounds", "route", exchange.route.name()).increment();
        exchange.context.owner().setTimer(RETRY_ROUND_DELAY_MS * exchange.retryRounds,
                t -> exchange.context.runOnContext(v -> attempt(exchange)));
    }

    /** Drops an answer that will not be delivered, reading its body to the end so that its connection is reused. */
    static void release(HttpClientResponse answer) {
        if (answer != null) {
            answer.handler(null).exceptionHandler(null).resume();
        }
    }

    /**
     * The upstream's answer to the client: its status and headers (hop-by-hop ones removed, the
     * serving site and the request id added) and its body streamed with back-pressure.
     */
    private void deliver(Exchange exchange, Upstream upstream, HttpClientResponse answer) {
        HttpServerResponse response = exchange.request.response();
        exchange.servedBy = upstream;
        exchange.answeredAt = System.nanoTime();
        upstream.recordDelivered(answer.statusCode());
        if (response.closed()) {
            release(answer);
            return;
        }
        response.setStatusCode(answer.statusCode());
        // The upstream's reason phrase only when it is not the usual one: setting it builds a
        // status of its own for the answer.
        String reason = answer.statusMessage();
        if (reason != null && !reason.equals(response.getStatusMessage())) {
            response.setStatusMessage(reason);
        }
        MultiMap headers = response.headers();
        headers.addAll(answer.headers());
        ProxyHeaders.removeHopByHop(headers);
        headers.set(ProxyHeaders.X_RELAIS_SITE, upstream.site());
        headers.set(ProxyHeaders.X_REQUEST_ID, exchange.requestId);
        if (!headers.contains(ProxyHeaders.X_CONTENT_TYPE_OPTIONS)) {
            headers.set(ProxyHeaders.X_CONTENT_TYPE_OPTIONS, "nosniff");
        }
        if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH) && exchange.request.method() != HttpMethod.HEAD
                && answer.statusCode() != 204 && answer.statusCode() != 304) {
            response.setChunked(true);
        }
        if (isSmall(answer, exchange.request.method())) {
            // Status, headers and body in one write to the client, as a proxy that buffers small
            // answers does: a pipe writes the body and then the end, each through the pipeline.
            answer.body().onSuccess(response::end).onFailure(e -> brokenOff(exchange, upstream, e));
            answer.resume();
            return;
        }
        // An upstream that dies mid-body: the status line is out, so no other site can answer;
        // the client's connection is reset rather than the body ended as if it were whole.
        answer.pipe().endOnFailure(false).to(response).onFailure(e -> response.reset());
    }

    /**
     * A small answer that broke off before its end: nothing has reached the client yet, so it gets
     * a 502 saying so rather than a cut connection (a streamed answer's client gets the cut).
     */
    private void brokenOff(Exchange exchange, Upstream upstream, Throwable cause) {
        recordFailure(exchange, upstream, FailureKind.RESET, "broke its answer off", System.nanoTime() - exchange.answeredAt);
        exchange.servedBy = null;
        answerProblem(exchange, 502, "Site " + upstream.site() + " broke its answer off before its end ("
                + cause.getMessage() + ")." + (exchange.safe ? " Send the request again."
                : " It may have been applied there: check before sending it again."));
    }

    /** An answer with a body of known length up to {@link #SMALL_ANSWER_BYTES} (not HEAD, 204 or 304). */
    private static boolean isSmall(HttpClientResponse answer, HttpMethod method) {
        if (method == HttpMethod.HEAD || answer.statusCode() == 204 || answer.statusCode() == 304) {
            return false;
        }
        long length = parseLength(answer.getHeader(HttpHeaderNames.CONTENT_LENGTH));
        return length >= 0 && length <= SMALL_ANSWER_BYTES;
    }

    /**
     * A version-4 UUID from ThreadLocalRandom: a correlation id, not a secret, so it need not
     * queue every event loop on the one SecureRandom behind UUID.randomUUID() (seen in JFR).
     */
    private static String newRequestId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    private void giveUp(Exchange exchange) {
        List<String> sites = exchange.tried.stream().map(Upstream::site).toList();
        int status;
        String detail;
        if (exchange.tried.isEmpty() || exchange.lastKind == FailureKind.NOT_SENT && exchange.allBreakersOpen()) {
            status = 503;
            detail = "Every site of route '" + exchange.route.name() + "' is out of rotation (breakers open or health"
                    + " checks failing). Retry after the Retry-After delay.";
        } else if (exchange.unavailable != null) {
            // One site answered "unavailable, retry later" and no other could do better: that is
            // the answer the client can act on, not a bare 502 about the site that is gone.
            status = 503;
            detail = "Site " + exchange.unavailable.site() + " answered that it cannot serve this request now (for a write:"
                    + " no primary database reachable) and no other site could (tried " + sites + ")."
                    + " Retry after the Retry-After delay; with the same Idempotency-Key it is never applied twice.";
        } else if (exchange.lastKind == FailureKind.TIMEOUT) {
            status = 504;
            detail = "No site of route '" + exchange.route.name() + "' answered in time (tried " + sites + ")."
                    + (exchange.safe ? "" : " The request may have been applied: check before sending it again,"
                    + " or send it with an Idempotency-Key.");
        } else {
            status = 502;
            detail = "No site of route '" + exchange.route.name() + "' could serve the request (tried " + sites + ")"
                    + (exchange.budgetExhausted ? "; the failover budget is exhausted" : "")
                    + (exchange.streaming && exchange.bodySent ? "; the body was too large to replay" : "")
                    + (exchange.safe || exchange.lastKind.nothingSent() ? "" : "; it may have been applied at site "
                    + sites.get(sites.size() - 1) + ", so it was not replayed elsewhere: check before sending it again")
                    + ".";
        }
        answerProblem(exchange, status, detail);
    }

    /** The gateway's own answer when no site's could be delivered, and the line an operator greps for. */
    private void answerProblem(Exchange exchange, int status, String detail) {
        // What each site did, in order: the line an operator greps for with the client's request id.
        Log.warnf("%s %s -> %d [req=%s trace=%s] attempts: %s", exchange.request.method(), exchange.target.path(),
                status, exchange.requestId, exchange.traceId == null ? "" : exchange.traceId, String.join(", ", exchange.trail));
        var response = exchange.request.response();
        if (response.closed()) {
            return;
        }
        if (!response.headWritten()) {
            response.headers().clear(); // nothing of an upstream's answer that was about to be delivered
            if (status == 503) {
                response.putHeader("Retry-After", exchange.retryAfter != null ? exchange.retryAfter
                        : String.valueOf(Math.max(1, config.breaker().delay().toSeconds())));
            }
        }
        GatewayProblems.send(response, config.site(), exchange.requestId, GatewayProblems.upstream(status, detail,
                exchange.target.path(), exchange.requestId, exchange.route.name(),
                exchange.tried.stream().map(Upstream::site).toList()), false);
    }

    private static long parseLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
