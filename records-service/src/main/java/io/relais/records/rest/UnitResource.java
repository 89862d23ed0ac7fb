package io.relais.records.rest;

import io.relais.common.request.Params;
import io.relais.records.audit.Audited;
import io.relais.records.stay.Census;
import io.relais.records.stay.StayService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A unit (a directory department) as records sees it: who is there now. */
@Path("/api/records/units/{unitId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CLINICIAN)
@Tag(name = "Stays")
@SecurityRequirement(name = "bearer")
public class UnitResource {

    private final StayService stays;

    UnitResource(StayService stays) {
        this.stays = stays;
    }

    @GET
    @Path("census")
    @Audited("unit.census")
    @Operation(summary = "The unit's patients now, by bed", description = "Audited as a read of every patient listed.")
    public Census census(@PathParam("unitId") String unitId) {
        var id = Params.uuid("unitId", unitId);
        return new Census(id, stays.census(id));
    }
}
