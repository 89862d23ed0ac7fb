package io.relais.common.request;

import io.quarkus.runtime.configuration.MemorySize;
import io.relais.common.problem.ProblemType;
import io.relais.common.problem.RoutedProblems;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.relais.common.config.RelaisConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

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
                // The body is left unread: the connection closes after the answer.
                ctx.response().putHeader("Connection", "close");
                RoutedProblems.send(ctx, ProblemType.PAYLOAD_TOO_LARGE, "The body is " + length
                        + " bytes; this service accepts at most " + max + ". Send less data per request.", null);
                return;
            }
            ctx.next();
        });
    }
}
