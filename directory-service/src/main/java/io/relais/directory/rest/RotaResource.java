package io.relais.directory.rest;

import io.quarkus.security.Authenticated;
import io.relais.common.concurrency.EntityTags;
import io.relais.common.idempotency.Idempotency;
import io.relais.common.paging.Page;
import io.relais.common.paging.PageRequest;
import io.relais.common.request.Params;
import io.relais.directory.rota.RotaEntryInput;
import io.relais.directory.rota.RotaEntryView;
import io.relais.directory.rota.RotaService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.relais.common.request.PublicLinks;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/api/directory/rota")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "On-call rota")
@SecurityRequirement(name = "bearer")
public class RotaResource {

    @Inject
    RotaService rota;

    @Inject
    Idempotency idempotency;

    @Context
    UriInfo uri;

    @Inject
    PublicLinks links;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add an on-call slot", description = "Overlaps are allowed. Send an Idempotency-Key to retry safely.")
    public Response create(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull RotaEntryInput input) {
        return idempotency.create(key, uri, input, () -> rota.create(UUID.randomUUID(), input));
    }

    @GET
    @Operation(summary = "Slots of a department or a site overlapping a period")
    public Page<RotaEntryView> list(@QueryParam("department") String department, @QueryParam("site") String site,
                                    @QueryParam("from") String from, @QueryParam("to") String to,
                                    @QueryParam("page") String page, @QueryParam("size") String size) {
        PageRequest request = PageRequest.parse(page, size);
        return Page.of(rota.list(department == null ? null : Params.uuid("department", department),
                site == null ? null : Params.uuid("site", site), Params.optionalInstant("from", from),
                Params.optionalInstant("to", to), request), request, uri, links);
    }

    @GET
    @Path("{entryId}")
    @Operation(summary = "Read an on-call slot")
    public Response get(@PathParam("entryId") String entryId) {
        return EntityTags.ok(rota.get(Params.uuid("entryId", entryId)));
    }

    @PUT
    @Path("{entryId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change an on-call slot", description = "Requires If-Match with the ETag of your last read.")
    public Response update(@PathParam("entryId") String entryId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Valid @NotNull RotaEntryInput input) {
        return EntityTags.ok(rota.update(Params.uuid("entryId", entryId), ifMatch, input));
    }

    @DELETE
    @Path("{entryId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Remove an on-call slot", description = "Requires If-Match.")
    public Response delete(@PathParam("entryId") String entryId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        rota.delete(Params.uuid("entryId", entryId), ifMatch);
        return Response.noContent().build();
    }
}
