package io.relais.testing;

import io.restassured.response.Response;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThan;

/** The checks every bad-input test makes of an error answer, whatever the service. */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    /**
     * Asserts a precise problem document: never a 5xx, the expected status, RFC 9457 fields, and
     * either the offending field ({@code field:birthDate}) or the problem type ({@code type:not-found}).
     */
    public static void assertProblem(String name, Response response, int status, String expectation) {
        assertThat(name + ": never a 5xx; got " + response.asString(), response.statusCode(), lessThan(500));
        response.then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", notNullValue());
        if (expectation.startsWith("field:")) {
            response.then().body("errors.field", hasItem(expectation.substring("field:".length())));
        } else {
            response.then().body("type", equalTo("urn:relais:problem:" + expectation.substring("type:".length())));
        }
    }
}
