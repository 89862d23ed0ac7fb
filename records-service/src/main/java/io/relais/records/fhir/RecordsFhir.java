package io.relais.records.fhir;

import io.relais.common.request.PublicLinks;
import io.relais.fhir.Capabilities;
import io.relais.fhir.FhirBase;
import io.relais.records.entry.EntryKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

import java.util.Date;

/** records-service's FHIR R4 base and what it declares it serves (exactly what {@code rest.Fhir*Resource} do). */
@ApplicationScoped
public class RecordsFhir {

    public static final String BASE = "/api/records/fhir/r4";

    private final FhirBase base;
    private final CapabilityStatement capabilities;

    @Inject
    public RecordsFhir(PublicLinks links, PatientResources patients) {
        this.base = new FhirBase(BASE, links);
        Capabilities statement = new Capabilities("RecordsFhirR4", "Relais records: patients, allergies, medications,"
                + " problems and notes (read-only)", base.url(), new Date());
        CapabilityStatementRestResourceComponent patient = statement.resource("Patient");
        Capabilities.searchParam(patient, "identifier", SearchParamType.TOKEN, "[system]|value: the qualified INS ("
                + PatientResources.INS_SYSTEM + ") or the IPP (" + patients.ippSystem() + ")");
        Capabilities.searchParam(patient, "name", SearchParamType.STRING, "Any part of the name; accent-, case- and typo-tolerant");
        Capabilities.searchParam(patient, "family", SearchParamType.STRING, "Family name; accent-, case- and typo-tolerant");
        Capabilities.searchParam(patient, "given", SearchParamType.STRING, "Given names; accent-, case- and typo-tolerant");
        Capabilities.searchParam(patient, "birthdate", SearchParamType.DATE, "eq, ge, gt, le, lt; YYYY, YYYY-MM or YYYY-MM-DD");
        patient.addOperation().setName("summary")
                .setDefinition("http://hl7.org/fhir/uv/ips/OperationDefinition/summary")
                .setDocumentation("GET Patient/{id}/$summary: a collection Bundle with the patient, active allergies,"
                        + " medications and problems and the latest notes, as the native summary");
        for (EntryKind kind : EntryKind.values()) {
            CapabilityStatementRestResourceComponent resource = statement.resource(ClinicalResources.typeOf(kind));
            Capabilities.searchParam(resource, "patient", SearchParamType.REFERENCE, "Required: Patient/{id}");
            String status = ClinicalCriteria.statusParameter(kind);
            Capabilities.searchParam(resource, status, SearchParamType.TOKEN,
                    "One or more (comma-separated) of " + String.join(", ", ClinicalCriteria.codes(kind)));
        }
        this.capabilities = statement.build();
    }

    public FhirBase base() {
        return base;
    }

    public CapabilityStatement capabilities() {
        return capabilities;
    }
}
