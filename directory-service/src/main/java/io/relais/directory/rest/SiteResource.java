package io.relais.directory.rest;

import io.quarkus.security.Authenticated;
import io.relais.common.concurrency.EntityTags;
import io.relais.common.idempotency.Idempotency;
import io.relais.common.paging.Page;
import io.relais.common.paging.PageRequest;
import io.relais.common.request.Params;
import io.relais.directory.site.SiteInput;
import io.relais.directory.site.SiteService;
import io.relais.directory.site.SiteView;
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

@Path("/api/directory/sites")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Sites")
@SecurityRequirement(name = "bearer")
public class SiteResource {

    @Inject
    SiteService sites;

    @Inject
    Idempotency idempotency;

    @Context
    UriInfo uri;

    @Inject
    PublicLinks links;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a site (hospital)", description = "Send an Idempotency-Key to retry safely.")
    public Response create(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull SiteInput input) {
        return idempotency.create(key, uri, input, () -> sites.create(UUID.randomUUID(), input));
    }

    @GET
    @Operation(summary = "List sites")
    public Page<SiteView> list(@QueryParam("page") String page, @QueryParam("size") String size) {
        PageRequest request = PageRequest.parse(page, size);
        return Page.of(sites.list(request), request, uri, links);
    }

    @GET
    @Path("{siteId}")
    @Operation(summary = "Read a site")
    public Response get(@PathParam("siteId") String siteId) {
        return EntityTags.ok(sites.get(Params.uuid("siteId", siteId)));
    }

    @PUT
    @Path("{siteId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Update a site", description = "Requires If-Match with the ETag of your last read.")
    public Response update(@PathParam("siteId") String siteId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Valid @NotNull SiteInput input) {
        return EntityTags.ok(sites.update(Params.uuid("siteId", siteId), ifMatch, input));
    }

    @DELETE
    @Path("{siteId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a site without departments", description = "Requires If-Match.")
    public Response delete(@PathParam("siteId") String siteId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        sites.delete(Params.uuid("siteId", siteId), ifMatch);
        return Response.noContent().build();
    }
}
