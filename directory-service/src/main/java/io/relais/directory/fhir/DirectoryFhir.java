package io.relais.directory.fhir;

import io.relais.common.request.PublicLinks;
import io.relais.fhir.Capabilities;
import io.relais.fhir.FhirBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

import java.util.Date;

/** directory-service's FHIR R4 base and what it declares it serves (exactly what {@code rest.Fhir*Resource} do). */
@ApplicationScoped
public class DirectoryFhir {

    public static final String BASE = "/api/directory/fhir/r4";

    private final FhirBase base;
    private final CapabilityStatement capabilities;

    @Inject
    public DirectoryFhir(PublicLinks links) {
        this.base = new FhirBase(BASE, links);
        Capabilities statement = new Capabilities("DirectoryFhirR4", "Relais directory: staff, their roles and numbers,"
                + " sites and departments (read-only)", base.url(), new Date());
        CapabilityStatementRestResourceComponent practitioner = statement.resource("Practitioner");
        Capabilities.searchParam(practitioner, "name", SearchParamType.STRING, "Any part of the name; accent-, case- and typo-tolerant");
        Capabilities.searchParam(practitioner, "identifier", SearchParamType.TOKEN,
                PractitionerResources.RPPS_SYSTEM + "|<RPPS> or " + PractitionerResources.IDNPS_SYSTEM + "|8<RPPS>");
        CapabilityStatementRestResourceComponent role = statement.resource("PractitionerRole");
        Capabilities.searchParam(role, "practitioner", SearchParamType.REFERENCE, "Practitioner/{id}: that person's roles");
        Capabilities.searchParam(role, "organization", SearchParamType.REFERENCE,
                "Organization/{department id}: everyone working there (one of practitioner or organization is required)");
        CapabilityStatementRestResourceComponent organization = statement.resource("Organization");
        Capabilities.searchParam(organization, "type", SearchParamType.TOKEN, "prov (a site) or dept (a department)");
        Capabilities.searchParam(organization, "partof", SearchParamType.REFERENCE, "Organization/{site id}: its departments");
        Capabilities.searchParam(organization, "name", SearchParamType.STRING, "Start of the name or of one of its words; accent- and case-insensitive");
        CapabilityStatementRestResourceComponent location = statement.resource("Location");
        Capabilities.searchParam(location, "partof", SearchParamType.REFERENCE, "Location/{site id}: its departments");
        Capabilities.searchParam(location, "name", SearchParamType.STRING, "Start of the name or of one of its words; accent- and case-insensitive");
        this.capabilities = statement.build();
    }

    public FhirBase base() {
        return base;
    }

    public CapabilityStatement capabilities() {
        return capabilities;
    }
}
