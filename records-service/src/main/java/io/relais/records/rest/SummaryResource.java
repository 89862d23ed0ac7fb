package io.relais.records.rest;

import io.relais.common.request.Params;
import io.relais.records.audit.Audited;
import io.relais.records.summary.PatientSummary;
import io.relais.records.summary.SummaryService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/records/patients/{patientId}/summary")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CLINICIAN)
@Tag(name = "Patient summary")
@SecurityRequirement(name = "bearer")
public class SummaryResource {

    @Inject
    SummaryService summaries;

    @GET
    @Audited("summary.read")
    @Operation(summary = "Demographics, active allergies, medications and problems, latest notes — in one call",
            description = "Works from either site, also while the database is read-only (readOnly tells).")
    public PatientSummary summary(@PathParam("patientId") String patientId) {
        return summaries.summary(Params.uuid("patientId", patientId));
    }
}
