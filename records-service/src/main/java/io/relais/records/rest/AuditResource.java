package io.relais.records.rest;

import io.relais.common.paging.Page;
import io.relais.common.paging.PageRequest;
import io.relais.common.request.Params;
import io.relais.records.audit.AuditEvent;
import io.relais.records.audit.AuditService;
import io.relais.records.audit.Audited;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import io.relais.common.request.PublicLinks;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/records/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AUDITOR)
@Tag(name = "Audit trail")
@SecurityRequirement(name = "bearer")
public class AuditResource {

    @Inject
    AuditService audit;

    @Context
    UriInfo uri;

    @Inject
    PublicLinks links;

    @GET
    @Audited("audit.search")
    @Operation(summary = "Who accessed which patient record, when, with what outcome; newest first")
    public Page<AuditEvent> find(@QueryParam("patientId") String patientId, @QueryParam("actor") String actor,
                                 @QueryParam("from") String from, @QueryParam("to") String to,
                                 @QueryParam("page") String page, @QueryParam("size") String size) {
        PageRequest request = PageRequest.parse(page, size);
        return Page.of(audit.find(patientId == null || patientId.isBlank() ? null : Params.uuid("patientId", patientId),
                actor == null || actor.isBlank() ? null : actor,
                Params.optionalInstant("from", from), Params.optionalInstant("to", to), request), request, uri, links);
    }
}
