package io.relais.directory.rest;

import io.quarkus.security.Authenticated;
import io.relais.common.concurrency.EntityTags;
import io.relais.common.idempotency.Idempotency;
import io.relais.common.paging.Page;
import io.relais.common.paging.PageRequest;
import io.relais.common.request.Params;
import io.relais.directory.person.PersonInput;
import io.relais.directory.person.PersonService;
import io.relais.directory.person.PersonView;
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

@Path("/api/directory/people")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "People")
@SecurityRequirement(name = "bearer")
public class PersonResource {

    @Inject
    PersonService people;

    @Inject
    Idempotency idempotency;

    @Context
    UriInfo uri;

    @Inject
    PublicLinks links;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a staff member with departments and numbers", description = "Send an Idempotency-Key to retry safely.")
    public Response create(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull PersonInput input) {
        return idempotency.create(key, uri, input, () -> people.create(UUID.randomUUID(), input));
    }

    @GET
    @Operation(summary = "Search staff by name (accent-, case- and typo-tolerant), site, department, profession",
            description = "Restricted numbers are shown only to the switchboard and directory administrators.")
    public Page<PersonView> search(@QueryParam("q") String q, @QueryParam("site") String site,
                                   @QueryParam("department") String department,
                                   @QueryParam("profession") String profession,
                                   @QueryParam("page") String page, @QueryParam("size") String size) {
        PageRequest request = PageRequest.parse(page, size);
        return Page.of(people.search(q, site == null ? null : Params.uuid("site", site),
                department == null ? null : Params.uuid("department", department), profession, request), request, uri, links);
    }

    @GET
    @Path("{personId}")
    @Operation(summary = "Read a staff member")
    public Response get(@PathParam("personId") String personId) {
        return EntityTags.ok(people.get(Params.uuid("personId", personId)));
    }

    @PUT
    @Path("{personId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace a staff member (numbers included)", description = "Requires If-Match with the ETag of your last read.")
    public Response update(@PathParam("personId") String personId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Valid @NotNull PersonInput input) {
        return EntityTags.ok(people.update(Params.uuid("personId", personId), ifMatch, input));
    }

    @DELETE
    @Path("{personId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a staff member who is on no rota", description = "Requires If-Match.")
    public Response delete(@PathParam("personId") String personId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        people.delete(Params.uuid("personId", personId), ifMatch);
        return Response.noContent().build();
    }
}
