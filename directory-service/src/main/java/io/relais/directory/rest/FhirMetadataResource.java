package io.relais.directory.rest;

import io.relais.fhir.FhirMedia;
import io.relais.directory.fhir.DirectoryFhir;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.CapabilityStatement;

@Path(DirectoryFhir.BASE + "/metadata")
@Produces({FhirMedia.FHIR_JSON, MediaType.APPLICATION_JSON})
@PermitAll
@Tag(name = "FHIR R4")
public class FhirMetadataResource {

    @Inject
    DirectoryFhir fhir;

    @GET
    @Operation(summary = "CapabilityStatement: exactly what this FHIR R4 base serves (public, as FHIR clients expect)")
    public CapabilityStatement metadata() {
        return fhir.capabilities();
    }
}
