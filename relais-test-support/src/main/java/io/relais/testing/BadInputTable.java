package io.relais.testing;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one runner of every service's bad-input table: sends a row, checks that the answer is the
 * precise problem it must be ({@link ProblemAssertions}) and that nothing was written.
 *
 * <p>A row's body is written as: {@code null} (none); {@code text/plain:…} or {@code csv:…} (that
 * content type); {@code ifmatch:<etag>|<json>} or {@code idem:<key>|<json>} (that header, the body
 * possibly empty); {@code nokey:<json>} (a POST without the Idempotency-Key otherwise added when the
 * service requires one); anything else is JSON.
 */
public final class BadInputTable {

    /** A number that changes whenever anything a request could write changes (row counts, versions). */
    @FunctionalInterface
    public interface Fingerprint {
        long read() throws SQLException;
    }

    private BadInputTable() {
    }

    /** The fingerprint of a service database: one SQL expression over its tables, read as superuser. */
    public static Fingerprint of(String database, String sql) {
        return () -> {
            try (Connection c = SharedPostgres.get().superuserConnection(database); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        };
    }

    /**
     * Sends one row with {@code request} (its caller's role) and asserts the problem and that the
     * fingerprint did not move. {@code keyEveryPost}: the service requires an Idempotency-Key on
     * every POST, so rows get a fresh one unless they say otherwise.
     */
    public static void check(String name, RequestSpecification request, String method, String path, String body,
                             int status, String expectation, boolean keyEveryPost, Fingerprint data) throws SQLException {
        long before = data.read();
        boolean keyed = false;
        if (body == null) {
            // no body
        } else if (body.startsWith("text/plain:") || body.startsWith("csv:")) {
            String type = body.startsWith("csv:") ? "text/csv" : "text/plain";
            request = request.contentType(type).body(body.substring(body.indexOf(':') + 1));
        } else if (body.startsWith("ifmatch:") || body.startsWith("idem:")) {
            String[] parts = body.substring(body.indexOf(':') + 1).split("\\|", 2);
            keyed = body.startsWith("idem:");
            request = request.header(keyed ? "Idempotency-Key" : "If-Match", parts[0]);
            if (!parts[1].isEmpty()) {
                request = request.body(parts[1]);
            }
        } else if (body.startsWith("nokey:")) {
            keyed = true;
            request = request.body(body.substring("nokey:".length()));
        } else {
            request = request.body(body);
        }
        if (keyEveryPost && !keyed && method.equals("POST")) {
            request = request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        Response response = request.request(method, path);
        ProblemAssertions.assertProblem(name, response, status, expectation);
        assertEquals(before, data.read(), name + ": nothing may be written");
    }
}
