package io.relais.common.problem;

import io.relais.common.request.RequestIds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem documents answered from a Vert.x route, before the request reaches JAX-RS (and so its
 * exception mappers and request-id filter): the same RFC 9457 body, media type and request id as
 * {@link ProblemResponses}.
 */
public final class RoutedProblems {

    private RoutedProblems() {
    }

    /** Ends the exchange with a problem; {@code field} may be null when no single input is at fault. */
    public static void send(RoutingContext ctx, ProblemType type, String detail, Problem.FieldError field) {
        String requestId = RequestIds.acceptedOrNew(ctx.request().getHeader(RequestIds.HEADER));
        JsonObject problem = new JsonObject()
                .put("type", type.uri())
                .put("title", type.title())
                .put("status", type.status())
                .put("detail", detail)
                .put("instance", ctx.request().path())
                .put("requestId", requestId);
        if (field != null) {
            problem.put("errors", new JsonArray().add(new JsonObject()
                    .put("field", field.field()).put("message", field.message())));
        }
        ctx.response().setStatusCode(type.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader(RequestIds.HEADER, requestId)
                .end(problem.encode());
    }
}
