package io.relais.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import jakarta.enterprise.context.ApplicationScoped;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI FHIR's R4 model and JSON parser. The context is built once (it caches the model's
 * reflection); parsers are cheap and not thread-safe, so one is made per answer.
 */
@ApplicationScoped
public class FhirJson {

    private final FhirContext context = FhirContext.forR4Cached();

    public FhirContext context() {
        return context;
    }

    public IParser parser() {
        // Version ids belong in meta.versionId, not in every reference.
        return context.newJsonParser().setStripVersionsFromReferences(true).setSuppressNarratives(false);
    }

    public String encode(IBaseResource resource) {
        return parser().encodeResourceToString(resource);
    }
}
