package io.relais.gateway.proxy;

import io.netty.util.AsciiString;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.relais.gateway.upstream.Upstream;
import io.vertx.core.MultiMap;
import jakarta.inject.Singleton;

/**
 * One span per attempt on an upstream, child of the client's trace (its {@code traceparent}, or a
 * new trace), carrying the route, the site and the outcome; the upstream gets this span as its
 * parent, so a trace shows which site served and what each failed attempt met. Explicit W3C
 * propagation on the gateway's own server and client (not Vert.x's automatic tracing, which
 * would add its own spans and headers to every proxied request). Exporting is off by default:
 * see docs/operations.md, "A user reports an error".
 */
@Singleton
public class AttemptTracing {

    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("relais.route");
    static final AttributeKey<String> SITE = AttributeKey.stringKey("relais.site");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("relais.outcome");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("relais.attempt");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("relais.request_id");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<MultiMap> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(MultiMap carrier) {
            return carrier.names();
        }

        @Override
        public String get(MultiMap carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };
    private static final AsciiString TRACEPARENT = AsciiString.cached("traceparent");
    private static final AsciiString TRACESTATE = AsciiString.cached("tracestate");
    private static final TextMapSetter<MultiMap> SETTER = (carrier, key, value) -> carrier.set(key, value);

    private final Tracer tracer;

    AttemptTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.relais.gateway");
    }

    /** The client's trace, from its {@code traceparent}; the root context (a new trace) without one. */
    Context clientContext(MultiMap requestHeaders) {
        return W3C.extract(Context.root(), requestHeaders, GETTER);
    }

    Span start(Context client, Exchange exchange, Upstream upstream) {
        // The method alone, as OpenTelemetry names HTTP client spans (route and site are attributes):
        // no string built per attempt on the event loop. The attributes go on the started span, and
        // only when it records: on the builder they were a map built for every attempt, sampled or
        // not (2 % of the gateway's allocations with sampling off, the default).
        Span attempt = tracer.spanBuilder(exchange.request.method().name())
                .setParent(client)
                .setSpanKind(SpanKind.CLIENT)
                .startSpan();
        if (attempt.isRecording()) {
            attempt.setAttribute(ROUTE, exchange.route.name())
                    .setAttribute(SITE, upstream.site())
                    .setAttribute(ATTEMPT, (long) exchange.tried.size())
                    .setAttribute(REQUEST_ID, exchange.requestId);
        }
        return attempt;
    }

    /** Replaces whatever trace headers the client sent with this attempt's: the upstream's parent is the attempt. */
    void inject(Span attempt, MultiMap upstreamHeaders) {
        upstreamHeaders.remove(TRACEPARENT);
        upstreamHeaders.remove(TRACESTATE);
        W3C.inject(Context.root().with(attempt), upstreamHeaders, SETTER);
    }

    /** Ends an attempt: {@code delivered}, or what it met (connect, timeout, status, read_only, …). */
    void end(Span attempt, String outcome, int status) {
        if (attempt.isRecording()) {
            attempt.setAttribute(OUTCOME, outcome);
            if (status > 0) {
                attempt.setAttribute(STATUS, (long) status);
            }
            if (!outcome.equals("delivered")) {
                attempt.setStatus(StatusCode.ERROR, outcome);
            }
        }
        attempt.end();
    }
}
