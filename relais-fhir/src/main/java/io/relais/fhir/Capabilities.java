package io.relais.fhir;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations;

import java.util.Date;

/**
 * Builds a base's CapabilityStatement from what its resources really do: each service declares
 * its types, interactions, search parameters and operations here, next to the code that serves them.
 */
public final class Capabilities {

    private final CapabilityStatement statement = new CapabilityStatement();
    private final CapabilityStatement.CapabilityStatementRestComponent rest;

    public Capabilities(String name, String title, String baseUrl, Date published) {
        statement.setName(name).setTitle(title)
                .setStatus(Enumerations.PublicationStatus.ACTIVE)
                .setDate(published)
                .setPublisher("Relais")
                .setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE)
                .setFhirVersion(Enumerations.FHIRVersion._4_0_1)
                .setFormat(java.util.List.of(new CodeType(FhirMedia.FHIR_JSON), new CodeType("json")));
        statement.getSoftware().setName("Relais " + name);
        statement.getImplementation().setDescription(title).setUrl(baseUrl);
        rest = statement.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.getSecurity().setDescription("Send 'Authorization: Bearer <token>' from the hospital identity provider;"
                + " roles as in the native API. This statement is public.");
    }

    /** A resource type that is read and searched. */
    public CapabilityStatementRestResourceComponent resource(String type) {
        return rest.addResource().setType(type)
                .setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONED)
                .setReadHistory(false).setUpdateCreate(false)
                .addInteraction(new CapabilityStatement.ResourceInteractionComponent().setCode(TypeRestfulInteraction.READ))
                .addInteraction(new CapabilityStatement.ResourceInteractionComponent().setCode(TypeRestfulInteraction.SEARCHTYPE));
    }

    public static void searchParam(CapabilityStatementRestResourceComponent resource, String name,
                                   Enumerations.SearchParamType type, String documentation) {
        resource.addSearchParam().setName(name).setType(type).setDocumentation(documentation);
    }

    public CapabilityStatement build() {
        return statement;
    }
}
