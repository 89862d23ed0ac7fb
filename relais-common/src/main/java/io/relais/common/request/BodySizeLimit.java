package io.relais.common.request;

import io.quarkus.runtime.configuration.MemorySize;
import io.relais.common.problem.Problem;
import io.relais.common.problem.ProblemType;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.relais.common.config.RelaisConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.UUID;

/**
 * Refuses a body declared larger than the limit with a problem document before reading it
 * (Vert.x itself would answer a bare 413 with no explanation). API calls are held to
 * {@code relais.http.max-body-size}; the bulk endpoints listed in {@code relais.http.bulk-paths}
 * (CSV imports) only to {@code quarkus.http.limits.max-body-size}, which must be the larger.
 */
@ApplicationScoped
public class BodySizeLimit {

    @Inject
    RelaisConfig config;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize bulkLimit;

    void install(@Observes Router router) {
        List<String> bulk = config.http().bulkPaths().orElse(List.of());
        long apiLimit = config.http().maxBodySize().asLongValue();
        router.route().order(-100).handler(ctx -> {
            String path = ctx.request().path();
            long max = bulk.stream().anyMatch(path::startsWith) ? bulkLimit.asLongValue()
                    : Math.min(apiLimit, bulkLimit.asLongValue());
            String declared = ctx.request().getHeader("Content-Length");
            long length;
            try {
                length = declared == null ? -1 : Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length > max) {
                ProblemType type = ProblemType.PAYLOAD_TOO_LARGE;
                String requestId = ctx.request().getHeader(RequestIds.HEADER);
                JsonObject problem = new JsonObject()
                        .put("type", type.uri())
                        .put("title", type.title())
                        .put("status", type.status())
                        .put("detail", "The body is " + length + " bytes; this service accepts at most " + max
                                + ". Send less data per request.")
                        .put("instance", ctx.request().path())
                        .put("requestId", requestId != null ? requestId : UUID.randomUUID().toString());
                ctx.response().setStatusCode(type.status())
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end(problem.encode());
                return;
            }
            ctx.next();
        });
    }
}
