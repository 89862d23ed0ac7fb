package io.relais.records.fhir;

import io.relais.fhir.FhirBody;
import io.relais.records.audit.PatientScoped;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.util.UUID;

/** A FHIR answer about one patient: written as the resource, audited as a read of that patient. */
public record AboutPatient(IBaseResource resource, UUID patientId) implements FhirBody, PatientScoped {
}
