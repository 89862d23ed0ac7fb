package io.relais.records.pack;

import io.relais.records.audit.ManyPatients;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;
import java.util.UUID;

/** A pack as served: the PDF, and the patients it shows, each of whom its reading is audited against. */
public record PackDocument(byte[] pdf, List<UUID> patients) implements ManyPatients {

    @Override
    public List<UUID> patientIds() {
        return patients;
    }

    /** Writes the PDF bytes. */
    @Provider
    @Produces("application/pdf")
    public static class Writer implements MessageBodyWriter<PackDocument> {

        @Override
        public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
            return type == PackDocument.class;
        }

        @Override
        public void writeTo(PackDocument document, Class<?> type, Type genericType, Annotation[] annotations,
                            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out)
                throws IOException, WebApplicationException {
            out.write(document.pdf());
        }
    }
}
