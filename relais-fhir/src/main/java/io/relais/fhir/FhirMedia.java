package io.relais.fhir;

import java.util.Set;

/** The one format Relais' FHIR bases speak, and how clients may ask for it. */
public final class FhirMedia {

    public static final String FHIR_JSON = "application/fhir+json";
    public static final String FHIR_JSON_UTF8 = FHIR_JSON + ";charset=utf-8";

    /** {@code _format} values that mean JSON (FHIR R4 §3.1.0.1.7). */
    static final Set<String> JSON_FORMATS = Set.of("json", "application/json", FHIR_JSON);

    private FhirMedia() {
    }

    /** True for any path under a FHIR R4 base, e.g. {@code /api/records/fhir/r4/Patient}. */
    public static boolean isFhirPath(String path) {
        return path != null && (path.contains("/fhir/r4/") || path.endsWith("/fhir/r4"));
    }
}
