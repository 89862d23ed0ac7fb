package io.relais.common.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.relais.common.database.DatabaseFailures;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns every exception that reaches the REST layer into an RFC 9457 problem document, so that
 * a client never sees an HTML error page, an empty body or a stack trace.
 */
public class ProblemMappers {

    @Inject
    DatabaseFailures databaseFailures;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return ProblemResponses.of(e.type(), e.getMessage(), path(uri), e.errors(), e.headers());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(err -> err.field() + ": " + err.message())
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return ProblemResponses.of(ProblemType.VALIDATION, detail, path(uri), errors, Map.of());
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e, UriInfo uri) {
        String location = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
        return ProblemResponses.of(ProblemType.MALFORMED_REQUEST,
                "The body is not well-formed JSON" + location + ". Send a JSON object.", path(uri));
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, UriInfo uri) {
        String field = fieldOf(e);
        String message = messageOf(e);
        return ProblemResponses.of(ProblemType.VALIDATION, field + ": " + message, path(uri),
                List.of(new Problem.FieldError(field, message)), Map.of());
    }

    // Quarkus ships mappers for these exact types; more specific mappers win, so name them all.
    @ServerExceptionMapper({MismatchedInputException.class, InvalidFormatException.class,
            UnrecognizedPropertyException.class, ValueInstantiationException.class, InvalidTypeIdException.class})
    public Response jsonInput(JsonMappingException e, UriInfo uri) {
        return jsonMapping(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonProcessing(JsonProcessingException e, UriInfo uri) {
        return ProblemResponses.of(ProblemType.MALFORMED_REQUEST, "The body could not be read as JSON.", path(uri));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return ProblemResponses.of(ProblemType.UNAUTHENTICATED,
                "Send 'Authorization: Bearer <token>' with a valid, unexpired token from the hospital identity provider.",
                path(uri), null, Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return ProblemResponses.of(ProblemType.FORBIDDEN,
                "Your token does not carry a role allowed to do this; ask for the role or use another account.",
                path(uri));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, jakarta.ws.rs.core.Request request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json instanceof JsonMappingException mapping ? jsonMapping(mapping, uri) : jsonProcessing(json, uri);
        }
        Response original = e.getResponse();
        ProblemType type = e instanceof NotFoundException ? ProblemType.NOT_FOUND : typeFor(original.getStatus());
        String detail = switch (type) {
            case NOT_FOUND -> "Nothing here: check the path and the id.";
            // Quarkus REST gives no list (and no Allow header) when it refuses a method.
            case METHOD_NOT_ALLOWED -> original.getAllowedMethods().isEmpty()
                    ? request.getMethod() + " is not allowed here; an OPTIONS request to the same URL lists the methods"
                    + " that are (its Allow header)."
                    : "Allowed methods: " + String.join(", ", new TreeSet<>(original.getAllowedMethods())) + ".";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json.";
            case NOT_ACCEPTABLE -> "This resource answers in application/json.";
            case PAYLOAD_TOO_LARGE -> "The body exceeds the size limit of this service.";
            default -> Optional.ofNullable(e.getMessage()).orElse(type.title());
        };
        Map<String, String> headers = type == ProblemType.METHOD_NOT_ALLOWED && original.getHeaderString("Allow") != null
                ? Map.of("Allow", original.getHeaderString("Allow")) : Map.of();
        return ProblemResponses.of(type, detail, path(uri), null, headers);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri, jakarta.ws.rs.core.Request request) {
        boolean write = !Set.of("GET", "HEAD", "OPTIONS").contains(request.getMethod());
        Optional<Response> database = databaseFailures.toProblem(e, path(uri), write);
        if (database.isPresent()) {
            return database.get();
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return json instanceof JsonMappingException mapping ? jsonMapping(mapping, uri) : jsonProcessing(json, uri);
        }
        Log.errorf(e, "Unexpected failure on %s", path(uri));
        return ProblemResponses.of(ProblemType.INTERNAL,
                "Something failed on our side; quote the request id when reporting it.", path(uri));
    }

    private static ProblemType typeFor(int status) {
        return switch (status) {
            case 401 -> ProblemType.UNAUTHENTICATED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 409 -> ProblemType.CONFLICT;
            case 412 -> ProblemType.PRECONDITION_FAILED;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 428 -> ProblemType.PRECONDITION_REQUIRED;
            default -> status >= 500 ? ProblemType.INTERNAL : ProblemType.VALIDATION;
        };
    }

    /** The field a bean-validation violation is about, without the method and parameter names. */
    public static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER
                    && node.getName().startsWith("arg")) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                field.setLength(0);
                continue;
            }
            if (node.getIndex() != null && field.length() > 0) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        return field.length() == 0 ? "body" : field.toString();
    }

    /** The JSON path of the field a Jackson error is about ({@code names[1].family}). */
    static String fieldOf(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.length() == 0 ? "body" : field.toString();
    }

    private static String messageOf(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field; known fields are " + u.getKnownPropertyIds();
        }
        if (e instanceof InvalidFormatException f) {
            return invalidValue(f);
        }
        if (e instanceof InvalidTypeIdException) {
            return "unknown type";
        }
        if (e instanceof ValueInstantiationException v) {
            return Optional.ofNullable(v.getCause()).map(Throwable::getMessage).orElse("invalid value");
        }
        if (e instanceof MismatchedInputException m) {
            return m.getTargetType() == null ? "wrong type" : "expected " + describe(m.getTargetType());
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            // A legacy client's Latin-1 text: JSON is UTF-8 (RFC 8259 §8.1) whatever charset is declared.
            if (cause instanceof JsonParseException p && p.getOriginalMessage().startsWith("Invalid UTF-8")) {
                return "is not UTF-8 text; send JSON in UTF-8 ('é' is the two bytes C3 A9), whatever charset the"
                        + " Content-Type names";
            }
        }
        return "invalid value";
    }

    private static String invalidValue(InvalidFormatException f) {
        Class<?> target = f.getTargetType();
        if (target != null && target.isEnum()) {
            return "'" + f.getValue() + "' is not one of " + java.util.Arrays.stream(target.getEnumConstants())
                    .map(c -> jsonName((Enum<?>) c)).toList();
        }
        return "'" + f.getValue() + "' is not a valid " + describe(target);
    }

    private static String jsonName(Enum<?> constant) {
        try {
            com.fasterxml.jackson.annotation.JsonProperty p = constant.getDeclaringClass()
                    .getField(constant.name()).getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            return p != null ? p.value() : constant.name();
        } catch (NoSuchFieldException ex) {
            return constant.name();
        }
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "value";
        }
        return switch (type.getSimpleName()) {
            case "LocalDate" -> "date (YYYY-MM-DD)";
            case "Instant", "OffsetDateTime" -> "timestamp (RFC 3339, e.g. 2026-01-31T08:00:00Z)";
            case "UUID" -> "UUID";
            case "String" -> "string";
            case "Integer", "int", "Long", "long" -> "integer";
            case "Boolean", "boolean" -> "boolean (true or false)";
            default -> type.isArray() || java.util.Collection.class.isAssignableFrom(type) ? "array" : "object";
        };
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
