package io.relais.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

import java.util.List;

/**
 * HAPI FHIR's instance validator over the R4 core profiles with in-memory terminology (no
 * terminology server): what a FHIR client's own validation would say about what Relais emits.
 * Built once per test JVM (loading the profiles takes seconds).
 */
public final class FhirConformance {

    private static FhirValidator validator;

    private FhirConformance() {
    }

    /** Every error and fatal issue the validator finds in {@code json}, as "location: message". */
    public static List<String> errors(String json) {
        ValidationResult result = validator().validateWithResult(json);
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(m -> m.getLocationString() + ": " + m.getMessage())
                .toList();
    }

    private static synchronized FhirValidator validator() {
        if (validator == null) {
            FhirContext context = FhirContext.forR4Cached();
            ValidationSupportChain support = new ValidationSupportChain(
                    new DefaultProfileValidationSupport(context),
                    new InMemoryTerminologyServerValidationSupport(context),
                    new CommonCodeSystemsTerminologyService(context));
            FhirInstanceValidator instances = new FhirInstanceValidator(support);
            validator = context.newValidator().registerValidatorModule(instances);
        }
        return validator;
    }
}
