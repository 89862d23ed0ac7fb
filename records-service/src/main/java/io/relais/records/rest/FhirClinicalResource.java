package io.relais.records.rest;

import io.relais.common.problem.ProblemException;
import io.relais.common.request.Params;
import io.relais.fhir.FhirMedia;
import io.relais.fhir.FhirPage;
import io.relais.fhir.FhirReads;
import io.relais.records.audit.Audited;
import io.relais.records.entry.EntryKind;
import io.relais.records.entry.EntryService;
import io.relais.records.entry.EntryView;
import io.relais.records.fhir.AboutPatient;
import io.relais.records.fhir.ClinicalCriteria;
import io.relais.records.fhir.ClinicalResources;
import io.relais.records.fhir.RecordsFhir;
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
import org.hl7.fhir.r4.model.Resource;

import java.util.List;
import java.util.UUID;

/**
 * FHIR R4 AllergyIntolerance, MedicationStatement, Condition and DocumentReference: one patient's
 * entries by status, and reads; the same roles and audit events as {@link EntryResource}.
 */
@Path(RecordsFhir.BASE)
@Produces({FhirMedia.FHIR_JSON, MediaType.APPLICATION_JSON})
@RolesAllowed(Roles.CLINICIAN)
@Tag(name = "FHIR R4")
@SecurityRequirement(name = "bearer")
public class FhirClinicalResource {

    @Inject
    EntryService entries;

    @Inject
    RecordsFhir fhir;

    @Context
    UriInfo uri;

    @GET
    @Path("{type: " + ClinicalResources.TYPES + "}")
    @Audited("entry.list")
    @Operation(summary = "A patient's allergies, problems, medications or notes: patient (required), and"
            + " clinical-status (AllergyIntolerance, Condition) or status (MedicationStatement, DocumentReference)")
    public AboutPatient search(@PathParam("type") String type, @QueryParam("patient") String patient,
                               @QueryParam("clinical-status") String clinicalStatus, @QueryParam("status") String status,
                               @QueryParam("_count") String count, @QueryParam("_offset") String offset) {
        EntryKind kind = ClinicalResources.kindOf(type);
        return search(kind, patient, ClinicalCriteria.statusParameter(kind).equals("status") ? status : clinicalStatus,
                count, offset);
    }

    @GET
    @Path("{type: " + ClinicalResources.TYPES + "}/{entryId}")
    @Audited("entry.read")
    @Operation(summary = "Read an allergy, problem, medication or note")
    public Response read(@PathParam("type") String type, @PathParam("entryId") String entryId) {
        return read(ClinicalResources.kindOf(type), entryId);
    }

    private AboutPatient search(EntryKind kind, String patientReference, String status, String count, String offset) {
        UUID patient = ClinicalCriteria.patient(patientReference);
        FhirPage page = FhirPage.parse(count, offset);
        List<Resource> found = ClinicalCriteria.statuses(kind, status)
                .map(statuses -> entries.list(patient, kind, statuses, page.request()).stream()
                        .map(ClinicalResources::toFhir).toList())
                .orElse(List.of());
        return new AboutPatient(fhir.base().searchset(found, page, uri), patient);
    }

    private Response read(EntryKind kind, String entryId) {
        EntryView entry = entries.get(Params.uuid("entryId", entryId));
        if (entry.kind() != kind) {
            throw ProblemException.notFound("No " + ClinicalResources.typeOf(kind) + " with id " + entryId
                    + "; it is a " + ClinicalResources.typeOf(entry.kind()) + ".");
        }
        Resource resource = ClinicalResources.toFhir(entry);
        return FhirReads.ok(new AboutPatient(resource, entry.patientId()), resource);
    }
}
