package io.relais.records.audit;

import io.relais.common.request.RequestIds;
import io.relais.common.security.Caller;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.time.Instant;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.UUID;

/**
 * Writes one audit event per call of an {@link Audited} method — successful, refused or failed —
 * and holds the answer back until the event is durable, so that no access goes unrecorded.
 */
public class AuditFilter {

    @Inject
    AuditWriter writer;

    /** Response filters may run on the IO thread, where only the deferred identity may be read. */
    @Inject
    CurrentIdentityAssociation identity;

    /** Read directly: a config mapping injected into a REST filter is not yet available at its creation. */
    @ConfigProperty(name = "relais.site", defaultValue = "local")
    String site;

    @ServerResponseFilter
    public Uni<Void> audit(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource,
                           io.vertx.core.http.HttpServerRequest connection) {
        Audited audited = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(Audited.class);
        if (audited == null) {
            return Uni.createFrom().voidItem();
        }
        Instant at = Instant.now();
        String requestId = RequestIds.current();
        return identity.getDeferredIdentity()
                .onFailure().recoverWithItem(() -> io.quarkus.security.runtime.QuarkusSecurityIdentity.builder()
                        .setAnonymous(true).build())
                .onItem().transformToUni(who -> {
            java.util.function.Function<UUID, AuditEvent> about = patient -> new AuditEvent(UUID.randomUUID(), at,
                    Caller.subjectOf(who), String.join(",", new TreeSet<>(who.getRoles())), audited.value(), patient,
                    request.getMethod() + " " + request.getUriInfo().getPath(),
                    request.getUriInfo().getRequestUri().getRawQuery(),
                    AuditEvent.outcomeOf(response.getStatus()), response.getStatus(), requestId, site,
                    clientOf(connection, request.getHeaderString("X-Forwarded-For")));
            if (!(response.getEntity() instanceof ManyPatients many) || many.patientIds().isEmpty()) {
                return Uni.createFrom().completionStage(writer.record(about.apply(patientOf(request, response))));
            }
            // An answer about several patients is a read of each of them: one event per patient.
            CompletableFuture<?>[] written = many.patientIds().stream()
                    .map(patient -> writer.record(about.apply(patient)).toCompletableFuture())
                    .toArray(CompletableFuture[]::new);
            return Uni.createFrom().completionStage(CompletableFuture.allOf(written));
        });
    }

    private static String clientOf(io.vertx.core.http.HttpServerRequest connection, String forwardedFor) {
        String peer = connection == null || connection.remoteAddress() == null ? "unknown"
                : connection.remoteAddress().hostAddress();
        if (forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        String claimed = forwardedFor.length() > 200 ? forwardedFor.substring(0, 200) : forwardedFor;
        return peer + " for " + claimed.replaceAll("[^0-9A-Fa-f.:, \\[\\]]", "?");
    }

    private static UUID patientOf(ContainerRequestContext request, ContainerResponseContext response) {
        String fromPath = request.getUriInfo().getPathParameters().getFirst("patientId");
        if (fromPath == null) {
            // The audit trail searched for one patient: that is a read about that patient too.
            fromPath = request.getUriInfo().getQueryParameters().getFirst("patientId");
        }
        if (fromPath != null) {
            try {
                return UUID.fromString(fromPath);
            } catch (IllegalArgumentException malformed) {
                return null;
            }
        }
        return response.getEntity() instanceof PatientScoped scoped ? scoped.patientId() : null;
    }
}
