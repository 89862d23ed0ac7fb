package io.relais.fhir;

import jakarta.inject.Inject;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/** Writes HAPI resources (and {@link FhirBody} answers) as FHIR JSON with HAPI's own parser. */
@Provider
@Produces({FhirMedia.FHIR_JSON, MediaType.APPLICATION_JSON})
public class FhirResourceWriter implements MessageBodyWriter<Object> {

    @Inject
    FhirJson fhir;

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return IBaseResource.class.isAssignableFrom(type) || FhirBody.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(Object body, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        IBaseResource resource = body instanceof FhirBody wrapped ? wrapped.resource() : (IBaseResource) body;
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        fhir.parser().encodeResourceToWriter(resource, writer);
        writer.flush();
    }
}
