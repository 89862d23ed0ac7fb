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
    @Path("AllergyIntolerance")
    @Audited("entry.list")
    @Operation(summary = "A patient's allergies: patient (required), clinical-status")
    public AboutPatient allergies(@QueryParam("patient") String patient, @QueryParam("clinical-status") String status,
                                  @QueryParam("_count") String count, @QueryParam("_offset") String offset) {
        return search(EntryKind.ALLERGY, patient, status, count, offset);
    }

    @GET
    @Path("Condition")
    @Audited("entry.list")
    @Operation(summary = "A patient's problems: patient (required), clinical-status")
    public AboutPatient conditions(@QueryParam("patient") String patient, @QueryParam("clinical-status") String status,
                                   @QueryParam("_count") String count, @QueryParam("_offset") String offset) {
        return search(EntryKind.PROBLEM, patient, status, count, offset);
    }

    @GET
    @Path("MedicationStatement")
    @Audited("entry.list")
    @Operation(summary = "A patient's medications: patient (required), status")
    public AboutPatient medications(@QueryParam("patient") String patient, @QueryParam("status") String status,
                                    @QueryParam("_count") String count, @QueryParam("_offset") String offset) {
        return search(EntryKind.MEDICATION, patient, status, count, offset);
    }

    @GET
    @Path("DocumentReference")
    @Audited("entry.list")
    @Operation(summary = "A patient's notes: patient (required), status")
    public AboutPatient notes(@QueryParam("patient") String patient, @QueryParam("status") String status,
                              @QueryParam("_count") String count, @QueryParam("_offset") String offset) {
        return search(EntryKind.NOTE, patient, status, count, offset);
    }

    @GET
    @Path("AllergyIntolerance/{entryId}")
    @Audited("entry.read")
    @Operation(summary = "Read an allergy")
    public Response allergy(@PathParam("entryId") String entryId) {
        return read(EntryKind.ALLERGY, entryId);
    }

    @GET
    @Path("Condition/{entryId}")
    @Audited("entry.read")
    @Operation(summary = "Read a problem")
    public Response condition(@PathParam("entryId") String entryId) {
        return read(EntryKind.PROBLEM, entryId);
    }

    @GET
    @Path("MedicationStatement/{entryId}")
    @Audited("entry.read")
    @Operation(summary = "Read a medication")
    public Response medication(@PathParam("entryId") String entryId) {
        return read(EntryKind.MEDICATION, entryId);
    }

    @GET
    @Path("DocumentReference/{entryId}")
    @Audited("entry.read")
    @Operation(summary = "Read a note")
    public Response note(@PathParam("entryId") String entryId) {
        return read(EntryKind.NOTE, entryId);
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
