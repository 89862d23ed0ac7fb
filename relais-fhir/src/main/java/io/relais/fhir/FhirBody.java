package io.relais.fhir;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A FHIR answer with more to tell the service's filters than the resource itself (which patient
 * it is about, for the audit trail); written exactly as {@link #resource()}.
 */
public interface FhirBody {

    IBaseResource resource();
}
