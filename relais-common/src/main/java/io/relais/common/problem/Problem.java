package io.relais.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem document, the body of every error answer of every Relais service.
 *
 * @param type      URI naming the kind of problem ({@link ProblemType})
 * @param errors    for invalid input, one entry per offending field
 * @param requestId the request id, to quote when reporting the problem
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      String requestId, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: a JSON-pointer-like path ({@code birthDate}, {@code names[0]}) and why. */
    public record FieldError(String field, String message) {
    }
}
