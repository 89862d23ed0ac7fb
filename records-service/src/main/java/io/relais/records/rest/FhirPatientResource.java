package io.relais.records.rest;

import io.relais.common.problem.ProblemException;
import io.relais.common.request.Params;
import io.relais.fhir.FhirMedia;
import io.relais.fhir.FhirPage;
import io.relais.fhir.FhirReads;
import io.relais.records.audit.Audited;
import io.relais.records.fhir.PatientCriteria;
import io.relais.records.fhir.PatientResources;
import io.relais.records.fhir.RecordsFhir;
import io.relais.records.fhir.SummaryBundles;
import io.relais.records.patient.PatientService;
import io.relais.records.summary.SummaryService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;

import java.util.List;

/** FHIR R4 Patient: the same reads, roles and audit events as {@link PatientResource} and {@link SummaryResource}. */
@Path(RecordsFhir.BASE + "/Patient")
@Produces({FhirMedia.FHIR_JSON, MediaType.APPLICATION_JSON})
@RolesAllowed(Roles.CLINICIAN)
@Tag(name = "FHIR R4")
@SecurityRequirement(name = "bearer")
public class FhirPatientResource {

    @Inject
    PatientService patients;

    @Inject
    SummaryService summaries;

    @Inject
    PatientResources resources;

    @Inject
    RecordsFhir fhir;

    @Context
    UriInfo uri;

    @GET
    @Audited("patient.search")
    @Operation(summary = "Search patients: identifier, name, family, given, birthdate; _count and next links")
    public Bundle search(@QueryParam("name") String name, @QueryParam("family") String family,
                         @QueryParam("given") String given, @QueryParam("birthdate") List<String> birthdate,
                         @QueryParam("identifier") String identifier,
                         @QueryParam("_count") String count, @QueryParam("_offset") String offset) {
        FhirPage page = FhirPage.parse(count, offset);
        List<Patient> found = PatientCriteria.parse(name, family, given, birthdate, identifier, resources.ippSystem(),
                        page.request())
                .map(search -> patients.search(search).stream().map(resources::toFhir).toList())
                .orElse(List.of());
        return fhir.base().searchset(found, page, uri);
    }

    @GET
    @Path("{patientId}")
    @Audited("patient.read")
    @Operation(summary = "Read a patient (ETag W/\"version\", Last-Modified)")
    public Response read(@PathParam("patientId") String patientId) {
        Patient patient = resources.toFhir(patients.get(Params.uuid("patientId", patientId)));
        return FhirReads.ok(patient, patient);
    }

    @GET
    // A template, not a literal: '$' in a literal path segment ends the route's regular expression.
    @Path("{patientId}/{operation}")
    @Audited("summary.read")
    @Operation(summary = "The patient summary as a collection Bundle (works from either site, also read-only)")
    public Bundle summary(@PathParam("patientId") String patientId, @PathParam("operation") String operation) {
        if (!operation.equals("$summary")) {
            throw ProblemException.notFound("Patient has one operation, $summary; " + operation + " is not one.");
        }
        return SummaryBundles.of(summaries.summary(Params.uuid("patientId", patientId)), resources, fhir.base());
    }
}
