package io.relais.records.rest;

import io.relais.records.pack.PackService;
import io.relais.records.pack.PackView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Every unit's newest downtime pack at this site (a unit's own: {@link UnitResource}). */
@Path("/api/records/packs")
@RolesAllowed(Roles.CLINICIAN)
@Tag(name = "Downtime packs")
@SecurityRequirement(name = "bearer")
public class PackResource {

    private final PackService packs;

    PackResource(PackService packs) {
        this.packs = packs;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every unit's newest pack at this site, with its age and freshness",
            description = "overdue: older than twice the interval — regeneration is failing; print the last one.")
    public List<PackView> list() {
        return packs.list();
    }
}
