package io.relais.records.rest;

import io.relais.common.request.Params;
import io.relais.records.audit.Audited;
import io.relais.common.problem.ProblemException;
import io.relais.records.pack.PackDocument;
import io.relais.records.pack.PackService;
import io.relais.records.pack.PackStore;
import io.relais.records.stay.Census;
import io.relais.records.stay.StayService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** A unit (a directory department) as records sees it: who is there now, and its downtime pack. */
@Path("/api/records/units/{unitId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CLINICIAN)
@Tag(name = "Stays")
@SecurityRequirement(name = "bearer")
public class UnitResource {

    private final StayService stays;
    private final PackService packs;
    private final PackStore store;

    UnitResource(StayService stays, PackService packs, PackStore store) {
        this.stays = stays;
        this.packs = packs;
        this.store = store;
    }

    @GET
    @Path("census")
    @Audited("unit.census")
    @Operation(summary = "The unit's patients now, by bed", description = "Audited as a read of every patient listed.")
    public Census census(@PathParam("unitId") String unitId) {
        var id = Params.uuid("unitId", unitId);
        return new Census(id, stays.census(id));
    }

    @GET
    @Path("pack.pdf")
    @Produces("application/pdf")
    @Audited("unit.pack")
    @Operation(summary = "The unit's newest downtime pack (PDF)",
            description = "As stored at this site: census, then each patient's allergies, treatments, problems and"
                    + " latest notes. Audited as a read of every patient in it.")
    public Response latest(@PathParam("unitId") String unitId) {
        UUID unit = Params.uuid("unitId", unitId);
        PackStore.Stored stored = store.latest(unit).orElseThrow(() -> ProblemException.notFound("No downtime pack for unit "
                + unit + " at this site yet: packs are made every few minutes for units with patients; POST"
                + " /api/records/units/" + unit + "/pack makes one now."));
        return pdf(stored);
    }

    @POST
    @Path("pack")
    @Produces("application/pdf")
    @Audited("unit.pack")
    @Operation(summary = "Make the unit's downtime pack now and return it (PDF)",
            description = "Also stored as the unit's newest pack. Audited as a read of every patient in it.")
    public Response now(@PathParam("unitId") String unitId) {
        return pdf(packs.generate(Params.uuid("unitId", unitId)));
    }

    private static Response pdf(PackStore.Stored stored) {
        return Response.ok(new PackDocument(stored.pdf(), stored.manifest().patients()), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"pack-" + stored.manifest().unitId() + "-"
                        + stored.manifest().file() + "\"")
                .header("X-Relais-Pack-SHA256", stored.manifest().sha256())
                .build();
    }
}
