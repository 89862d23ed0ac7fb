package io.relais.fhir;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.hl7.fhir.r4.model.Resource;

import java.time.Instant;
import java.util.Date;

/**
 * A read answer: {@code meta.versionId} is the row's version, {@code ETag: W/"n"} says the same
 * (FHIR R4 §3.1.0.5, weak because the JSON form is not byte-stable), {@code Last-Modified} is
 * {@code meta.lastUpdated}.
 */
public final class FhirReads {

    private FhirReads() {
    }

    /** Stamps the version on the resource. */
    public static <R extends Resource> R versioned(R resource, long version, Instant lastUpdated) {
        resource.getMeta().setVersionId(Long.toString(version));
        if (lastUpdated != null) {
            resource.getMeta().setLastUpdated(Date.from(lastUpdated));
        }
        return resource;
    }

    public static String etag(long version) {
        return "W/\"" + version + "\"";
    }

    /** A 200 with the body (a resource or a {@link FhirBody} around {@code resource}) and its version headers. */
    public static Response ok(Object body, Resource resource) {
        Response.ResponseBuilder answer = Response.ok(body).type(FhirMedia.FHIR_JSON_UTF8);
        String version = resource.getMeta().getVersionId();
        if (version != null) {
            answer.header(HttpHeaders.ETAG, "W/\"" + version + "\"");
        }
        if (resource.getMeta().getLastUpdated() != null) {
            answer.lastModified(resource.getMeta().getLastUpdated());
        }
        return answer.build();
    }
}
