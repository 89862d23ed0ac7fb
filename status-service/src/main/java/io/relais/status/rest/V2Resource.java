package io.relais.status.rest;

import io.relais.status.view.Snapshot;
import io.relais.status.view.StatusView;
import io.relais.status.view.V2;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The public, token-free read API in Atlassian Statuspage's v2 format. Every answer is built from
 * memory; {@code X-Relais-Stale: true} says the incidents come from the last copy read before the
 * database became unreachable.
 */
@Path("/api/v2")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "Public status (Statuspage v2)")
public class V2Resource {

    @Inject
    StatusView view;

    @Inject
    V2.Mapper mapper;

    @GET
    @Path("summary.json")
    @Operation(summary = "Page, components, unresolved incidents, upcoming and active maintenances, overall status")
    public Response summary() {
        Snapshot s = view.current();
        java.util.List<io.relais.status.incident.CachedIncident> maintenances = new java.util.ArrayList<>(s.activeMaintenances());
        maintenances.addAll(s.upcomingMaintenances());
        return answer(s, new V2.Summary(mapper.page(s), mapper.components(s), mapper.incidents(s, s.unresolved()),
                mapper.incidents(s, maintenances), mapper.status(s)));
    }

    @GET
    @Path("status.json")
    @Operation(summary = "Overall status indicator")
    public Response status() {
        Snapshot s = view.current();
        return answer(s, new V2.StatusDocument(mapper.page(s), mapper.status(s)));
    }

    @GET
    @Path("components.json")
    @Operation(summary = "Every component and its status, sites as groups")
    public Response components() {
        Snapshot s = view.current();
        return answer(s, new V2.Components(mapper.page(s), mapper.components(s)));
    }

    @GET
    @Path("incidents.json")
    @Operation(summary = "The 50 most recent incidents")
    public Response incidents() {
        Snapshot s = view.current();
        return answer(s, new V2.Incidents(mapper.page(s), mapper.incidents(s, s.incidents())));
    }

    @GET
    @Path("incidents/unresolved.json")
    @Operation(summary = "Incidents not yet resolved")
    public Response unresolved() {
        Snapshot s = view.current();
        return answer(s, new V2.Incidents(mapper.page(s), mapper.incidents(s, s.unresolved())));
    }

    @GET
    @Path("scheduled-maintenances.json")
    @Operation(summary = "The 50 most recent scheduled maintenances")
    public Response maintenances() {
        Snapshot s = view.current();
        return answer(s, new V2.ScheduledMaintenances(mapper.page(s), mapper.incidents(s, s.maintenances())));
    }

    @GET
    @Path("scheduled-maintenances/upcoming.json")
    @Operation(summary = "Maintenances scheduled and not yet started")
    public Response upcoming() {
        Snapshot s = view.current();
        return answer(s, new V2.ScheduledMaintenances(mapper.page(s), mapper.incidents(s, s.upcomingMaintenances())));
    }

    @GET
    @Path("scheduled-maintenances/active.json")
    @Operation(summary = "Maintenances in progress")
    public Response active() {
        Snapshot s = view.current();
        return answer(s, new V2.ScheduledMaintenances(mapper.page(s), mapper.incidents(s, s.activeMaintenances())));
    }

    private static Response answer(Snapshot s, Object document) {
        return Response.ok(document).header("Cache-Control", "no-cache").header("X-Relais-Stale", String.valueOf(s.stale()))
                .header("Access-Control-Allow-Origin", "*").build();
    }
}
