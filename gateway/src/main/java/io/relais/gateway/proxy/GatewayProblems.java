package io.relais.gateway.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The gateway's own answers, as RFC 9457 problem documents shaped like the services' (same
 * {@code urn:relais:problem:*} types, {@code requestId}): a client cannot tell the gateway's 404
 * from a service's by its format. Under a FHIR base ({@code /fhir/r4}) the same answer is a FHIR
 * OperationOutcome, as the services' own errors are there: a FHIR client parses nothing else.
 */
final class GatewayProblems {

    private GatewayProblems() {
    }

    static JsonObject problem(String type, String title, int status, String detail, String instance, String requestId) {
        JsonObject problem = new JsonObject()
                .put("type", "urn:relais:problem:" + type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        return problem.put("requestId", requestId);
    }

    /** A refused request: 400 naming the rule it broke; the connection is closed after it. */
    static void badRequest(HttpServerResponse response, String site, String detail, String instance, String requestId) {
        send(response, site, requestId, problem("validation", "The request is invalid", 400, detail, instance, requestId)
                .put("retryable", false), true);
    }

    /** {@code close}: the request declared a body that is left unread. */
    static void notFound(HttpServerResponse response, String site, String instance, String requestId, boolean close) {
        send(response, site, requestId, problem("not-found", "Not found", 404,
                "No service is routed at this path. The APIs are under /api/records, /api/directory and /api/v2.",
                instance, requestId), close);
    }

    static void tooLarge(HttpServerResponse response, String site, long length, long max, String instance, String requestId) {
        send(response, site, requestId, problem("payload-too-large", "The request body is too large", 413,
                "The body is " + length + " bytes; the gateway accepts at most " + max + ". Send less data per request.",
                instance, requestId), true);
    }

    /** The answer when no upstream could serve the request (502, 503 or 504). */
    static JsonObject upstream(int status, String detail, String instance, String requestId, String route, List<String> sites) {
        return problem(status == 503 ? "upstream-unavailable" : status == 504 ? "upstream-timeout" : "bad-gateway",
                status == 503 ? "Service unavailable at every site" : status == 504 ? "Upstream timeout" : "Bad gateway",
                status, detail, instance, requestId)
                .put("route", route)
                .put("sitesTried", new JsonArray(sites));
    }

    static void send(HttpServerResponse response, String site, String requestId, JsonObject problem, boolean close) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        String instance = problem.getString("instance");
        boolean fhir = instance != null && (instance.contains("/fhir/r4/") || instance.endsWith("/fhir/r4"));
        int status = problem.getInteger("status");
        // Its own reason phrase: a response that was about to carry an upstream's answer has that one's.
        response.setStatusCode(status)
                .setStatusMessage(HttpResponseStatus.valueOf(status).reasonPhrase())
                .putHeader("Content-Type", fhir ? "application/fhir+json;charset=utf-8" : "application/problem+json")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Relais-Site", site)
                .putHeader("X-Request-Id", requestId);
        if (close) {
            response.putHeader("Connection", "close");
        }
        response.end(fhir ? operationOutcome(problem).encode() : problem.encode());
    }

    /** The problem as a FHIR R4 OperationOutcome: its detail as diagnostics, its title as details. */
    static JsonObject operationOutcome(JsonObject problem) {
        int status = problem.getInteger("status");
        String code = switch (status) {
            case 400 -> "invalid";
            case 404 -> "not-found";
            case 413 -> "too-long";
            case 503 -> "transient";
            case 504 -> "timeout";
            default -> "exception";
        };
        JsonObject issue = new JsonObject()
                .put("severity", status >= 500 ? "fatal" : "error")
                .put("code", code)
                .put("details", new JsonObject()
                        .put("coding", new JsonArray().add(new JsonObject()
                                .put("system", "urn:relais:request-id").put("code", problem.getString("requestId"))))
                        .put("text", problem.getString("title")))
                .put("diagnostics", problem.getString("detail"));
        return new JsonObject().put("resourceType", "OperationOutcome").put("issue", new JsonArray().add(issue));
    }
}
