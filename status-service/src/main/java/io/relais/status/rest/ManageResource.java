package io.relais.status.rest;

import io.relais.common.concurrency.EntityTags;
import io.relais.common.idempotency.Idempotency;
import io.relais.common.concurrency.Versioned;
import io.relais.common.request.Params;
import io.relais.status.component.Component;
import io.relais.status.component.ComponentInput;
import io.relais.status.component.ComponentService;
import io.relais.status.config.StatusConfig;
import io.relais.status.incident.CachedIncident;
import io.relais.status.incident.IncidentInput;
import io.relais.status.incident.IncidentService;
import io.relais.status.incident.IncidentUpdateInput;
import io.relais.status.incident.MaintenanceInput;
import io.relais.status.incident.StatusStore;
import io.relais.status.view.StatusView;
import io.relais.status.view.V2;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/**
 * What the status team writes: incidents and their timelines, scheduled maintenances, components
 * set by hand and what to do instead. Answers use the Statuspage shapes of the public API.
 */
@Path("/api/v2/manage")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Manage incidents, maintenances and components")
@SecurityRequirement(name = "bearer")
public class ManageResource {

    @Inject
    IncidentService incidents;

    @Inject
    ComponentService components;

    @Inject
    StatusStore store;

    @Inject
    StatusView view;

    @Inject
    V2.Mapper mapper;

    @Inject
    Idempotency idempotency;

    @Context
    UriInfo uri;

    @POST
    @Path("incidents")
    @Operation(summary = "Declare an incident", description = "Send an Idempotency-Key to retry safely.")
    public Response createIncident(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull IncidentInput input) {
        return created(idempotency.create(key, uri, input, () -> incidents.createIncident(UUID.randomUUID(), input, shownNow()), this::show));
    }

    @GET
    @Path("incidents/{id}")
    @Operation(summary = "Read an incident with its ETag")
    public Response incident(@PathParam("id") String id) {
        CachedIncident i = incidents.get(Params.uuid("id", id), "incident");
        return EntityTags.ok(show(i), i.version());
    }

    @POST
    @Path("incidents/{id}/updates")
    @Operation(summary = "Add a timeline entry (investigating → identified → monitoring → resolved)",
            description = "Requires If-Match with the ETag of your last read.")
    public Response updateIncident(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                   @Valid @NotNull IncidentUpdateInput input) {
        CachedIncident i = incidents.addUpdate(Params.uuid("id", id), "incident", ifMatch, input, shownNow());
        store.refresh();
        return EntityTags.ok(show(i), i.version());
    }

    @POST
    @Path("maintenances")
    @Operation(summary = "Schedule a maintenance", description = "Send an Idempotency-Key to retry safely.")
    public Response createMaintenance(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull MaintenanceInput input) {
        return created(idempotency.create(key, uri, input, () -> incidents.createMaintenance(UUID.randomUUID(), input, shownNow()), this::show));
    }

    @GET
    @Path("maintenances/{id}")
    @Operation(summary = "Read a maintenance with its ETag")
    public Response maintenance(@PathParam("id") String id) {
        CachedIncident m = incidents.get(Params.uuid("id", id), "maintenance");
        return EntityTags.ok(show(m), m.version());
    }

    @POST
    @Path("maintenances/{id}/updates")
    @Operation(summary = "Move a maintenance along (scheduled → in_progress → verifying → completed)",
            description = "Requires If-Match with the ETag of your last read.")
    public Response updateMaintenance(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                      @Valid @NotNull IncidentUpdateInput input) {
        CachedIncident m = incidents.addUpdate(Params.uuid("id", id), "maintenance", ifMatch, input, shownNow());
        store.refresh();
        return EntityTags.ok(show(m), m.version());
    }

    @POST
    @Path("components")
    @Operation(summary = "Add a component set by hand (a system outside the suite)", description = "Send an Idempotency-Key to retry safely.")
    public Response createComponent(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull ComponentInput input) {
        return created(idempotency.create(key, uri, input, () -> ComponentRow.of(components.create(input))));
    }

    @GET
    @Path("components/{id}")
    @Operation(summary = "Read a component's editable fields with its ETag (v0 for a probed one never edited)")
    public Response component(@PathParam("id") String id) {
        return EntityTags.ok(ComponentRow.of(components.get(id)));
    }

    @PUT
    @Path("components/{id}")
    @Operation(summary = "Change a component: status (set by hand only), description, what to do instead",
            description = "Requires If-Match with the ETag of your last read.")
    public Response updateComponent(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                    @Valid @NotNull ComponentInput input) {
        ComponentRow c = ComponentRow.of(components.update(id, ifMatch, input));
        store.refresh();
        return EntityTags.ok(c);
    }

    /** A component's stored fields. */
    public record ComponentRow(String id, String name, String description, String fallback, String status,
                               String groupId, int position, boolean manual, long version) implements Versioned {
        static ComponentRow of(Component c) {
            return new ComponentRow(c.id, c.name, c.description, c.fallback, c.status, c.groupId, c.position, c.manual,
                    c.version);
        }
    }

    /** The page shows the write at once, not at the next refresh. */
    private Response created(Response response) {
        store.refresh();
        return response;
    }

    private V2.Incident show(CachedIncident i) {
        return mapper.incident(view.current(), i);
    }

    /** What the page shows for each component right now: the "old status" of what an entry changes. */
    private java.util.function.Function<String, io.relais.status.component.ComponentStatus> shownNow() {
        return view.current()::statusOf;
    }
}
