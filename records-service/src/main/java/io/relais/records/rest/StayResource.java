package io.relais.records.rest;

import io.relais.common.concurrency.EntityTags;
import io.relais.common.idempotency.Idempotency;
import io.relais.common.request.Params;
import io.relais.records.audit.Audited;
import io.relais.records.stay.StayInput;
import io.relais.records.stay.StayService;
import io.relais.records.stay.StayView;
import jakarta.annotation.security.RolesAllowed;
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

import java.util.List;
import java.util.UUID;

/** Where a patient is: admissions, transfers, discharges. */
@Path("/api/records/patients/{patientId}/stays")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CLINICIAN)
@Tag(name = "Stays")
@SecurityRequirement(name = "bearer")
public class StayResource {

    private final StayService stays;
    private final Idempotency idempotency;

    @Context
    UriInfo uri;

    StayResource(StayService stays, Idempotency idempotency) {
        this.stays = stays;
        this.idempotency = idempotency;
    }

    @POST
    @Audited("stay.admit")
    @Operation(summary = "Admit a patient to a unit and bed",
            description = "At most one open stay per patient (409 otherwise). Send an Idempotency-Key to retry safely.")
    public Response admit(@PathParam("patientId") String patientId, @HeaderParam(Idempotency.HEADER) String key,
                          @Valid @NotNull StayInput input) {
        UUID patient = Params.uuid("patientId", patientId);
        return idempotency.create(key, uri, input, () -> stays.admit(patient, UUID.randomUUID(), input));
    }

    @GET
    @Audited("stay.list")
    @Operation(summary = "A patient's stays, latest admission first")
    public List<StayView> list(@PathParam("patientId") String patientId) {
        return stays.ofPatient(Params.uuid("patientId", patientId));
    }

    @GET
    @Path("{stayId}")
    @Audited("stay.read")
    @Operation(summary = "One stay")
    public Response get(@PathParam("patientId") String patientId, @PathParam("stayId") String stayId) {
        StayView stay = stays.get(Params.uuid("patientId", patientId), Params.uuid("stayId", stayId));
        return EntityTags.ok(stay, stay.version());
    }

    @PUT
    @Path("{stayId}")
    @Audited("stay.change")
    @Operation(summary = "Transfer (unit, bed) or discharge (dischargedAt): the stay as it now is",
            description = "Requires If-Match with the ETag of your last read.")
    public Response change(@PathParam("patientId") String patientId, @PathParam("stayId") String stayId,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull StayInput input) {
        StayView stay = stays.change(Params.uuid("patientId", patientId), Params.uuid("stayId", stayId), ifMatch, input);
        return EntityTags.ok(stay, stay.version());
    }
}
