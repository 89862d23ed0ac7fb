package io.relais.directory.rest;

import io.quarkus.security.Authenticated;
import io.relais.common.concurrency.EntityTags;
import io.relais.common.idempotency.Idempotency;
import io.relais.common.paging.Page;
import io.relais.common.paging.PageRequest;
import io.relais.common.request.Params;
import io.relais.directory.department.DepartmentInput;
import io.relais.directory.department.DepartmentService;
import io.relais.directory.department.DepartmentView;
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

@Path("/api/directory/departments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Departments")
@SecurityRequirement(name = "bearer")
public class DepartmentResource {

    @Inject
    DepartmentService departments;

    @Inject
    Idempotency idempotency;

    @Context
    UriInfo uri;

    @Inject
    PublicLinks links;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a department of a site", description = "Send an Idempotency-Key to retry safely.")
    public Response create(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull DepartmentInput input) {
        return idempotency.create(key, uri, input, () -> departments.create(UUID.randomUUID(), input));
    }

    @GET
    @Operation(summary = "List departments, optionally of one site")
    public Page<DepartmentView> list(@QueryParam("site") String site, @QueryParam("page") String page,
                                     @QueryParam("size") String size) {
        PageRequest request = PageRequest.parse(page, size);
        UUID siteId = site == null ? null : Params.uuid("site", site);
        return Page.of(departments.list(siteId, request), request, uri, links);
    }

    @GET
    @Path("{departmentId}")
    @Operation(summary = "Read a department")
    public Response get(@PathParam("departmentId") String departmentId) {
        return EntityTags.ok(departments.get(Params.uuid("departmentId", departmentId)));
    }

    @PUT
    @Path("{departmentId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Update a department", description = "Requires If-Match with the ETag of your last read.")
    public Response update(@PathParam("departmentId") String departmentId,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull DepartmentInput input) {
        return EntityTags.ok(departments.update(Params.uuid("departmentId", departmentId), ifMatch, input));
    }

    @DELETE
    @Path("{departmentId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a department without members or rota", description = "Requires If-Match.")
    public Response delete(@PathParam("departmentId") String departmentId,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        departments.delete(Params.uuid("departmentId", departmentId), ifMatch);
        return Response.noContent().build();
    }
}
