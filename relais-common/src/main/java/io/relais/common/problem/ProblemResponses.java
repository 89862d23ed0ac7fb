package io.relais.common.problem;

import io.relais.common.request.RequestIds;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** Builds problem-document responses; the one place that knows their media type and headers. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static Response of(ProblemType type, String detail, String instance) {
        return of(type, detail, instance, null, Map.of());
    }

    public static Response of(ProblemType type, String detail, String instance,
                              List<Problem.FieldError> errors, Map<String, String> headers) {
        Problem problem = new Problem(type.uri(), type.title(), type.status(), detail, instance,
                RequestIds.current(), errors == null || errors.isEmpty() ? null : errors);
        Response.ResponseBuilder builder = Response.status(type.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem);
        headers.forEach(builder::header);
        return builder.build();
    }
}
