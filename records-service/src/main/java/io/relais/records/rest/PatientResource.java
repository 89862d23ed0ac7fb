package io.relais.records.rest;

import io.relais.common.concurrency.EntityTags;
import io.relais.common.idempotency.Idempotency;
import io.relais.common.paging.Page;
import io.relais.common.paging.PageRequest;
import io.relais.common.request.Params;
import io.relais.records.audit.Audited;
import io.relais.records.patient.PatientInput;
import io.relais.records.patient.PatientService;
import io.relais.records.patient.PatientView;
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

@Path("/api/records/patients")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CLINICIAN)
@Tag(name = "Patients")
@SecurityRequirement(name = "bearer")
public class PatientResource {

    @Inject
    PatientService patients;

    @Inject
    Idempotency idempotency;

    @Context
    UriInfo uri;

    @Inject
    PublicLinks links;

    @POST
    @Audited("patient.create")
    @Operation(summary = "Create a patient", description = "Send an Idempotency-Key to retry safely.")
    public Response create(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull PatientInput input) {
        return idempotency.create(key, uri, input, () -> patients.create(UUID.randomUUID(), input));
    }

    @GET
    @Audited("patient.search")
    @Operation(summary = "Search patients by name (accent- and typo-tolerant), birth date or identifier")
    public Page<PatientView> search(@QueryParam("name") String name, @QueryParam("birthDate") String birthDate,
                                    @QueryParam("identifier") String identifier,
                                    @QueryParam("page") String page, @QueryParam("size") String size) {
        PageRequest request = PageRequest.parse(page, size);
        return Page.of(patients.search(name, Params.optionalDate("birthDate", birthDate), identifier, request),
                request, uri, links);
    }

    @GET
    @Path("{patientId}")
    @Audited("patient.read")
    @Operation(summary = "Read a patient")
    public Response get(@PathParam("patientId") String patientId) {
        PatientView patient = patients.get(Params.uuid("patientId", patientId));
        return EntityTags.ok(patient, patient.version());
    }

    @PUT
    @Path("{patientId}")
    @Audited("patient.update")
    @Operation(summary = "Update a patient's demographics", description = "Requires If-Match with the ETag of your last read.")
    public Response update(@PathParam("patientId") String patientId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Valid @NotNull PatientInput input) {
        PatientView patient = patients.update(Params.uuid("patientId", patientId), ifMatch, input);
        return EntityTags.ok(patient, patient.version());
    }
}
