package io.relais.fhir;

import io.relais.common.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.lang.annotation.Annotation;
import java.util.Locale;

/**
 * Keeps a FHIR base speaking FHIR: every error the shared problem layer produces under a FHIR
 * path (401, 404, the read-only 503 with its Retry-After…) leaves as an OperationOutcome with the
 * same status and headers; and a client that asks for anything but JSON gets a 406
 * OperationOutcome rather than JSON it did not ask for.
 */
public class FhirErrors {

    private static final MediaType FHIR_JSON = MediaType.valueOf(FhirMedia.FHIR_JSON_UTF8);

    @ServerRequestFilter(preMatching = true)
    public Response refuseOtherFormats(ContainerRequestContext request) {
        if (!FhirMedia.isFhirPath(request.getUriInfo().getPath())) {
            return null;
        }
        String format = request.getUriInfo().getQueryParameters().getFirst("_format");
        if (format != null && !FhirMedia.JSON_FORMATS.contains(format.trim().toLowerCase(Locale.ROOT))) {
            return notAcceptable("_format=" + format);
        }
        if (!acceptsJson(request.getAcceptableMediaTypes())) {
            return notAcceptable("Accept: " + request.getHeaderString("Accept"));
        }
        return null;
    }

    @ServerResponseFilter
    public void problemsAsOperationOutcomes(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem && FhirMedia.isFhirPath(request.getUriInfo().getPath())) {
            response.setEntity(OperationOutcomes.of(problem), new Annotation[0], FHIR_JSON);
        }
    }

    private static boolean acceptsJson(java.util.List<MediaType> accepted) {
        if (accepted.isEmpty()) {
            return true;
        }
        return accepted.stream().anyMatch(type -> type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                || type.isCompatible(FHIR_JSON));
    }

    private static Response notAcceptable(String asked) {
        return Response.status(Response.Status.NOT_ACCEPTABLE).type(FHIR_JSON)
                .entity(OperationOutcomes.of(406, "Not acceptable",
                        "This FHIR server answers in JSON only (application/fhir+json); you asked for " + asked
                                + ". Send Accept: application/fhir+json, or _format=json."))
                .build();
    }
}
