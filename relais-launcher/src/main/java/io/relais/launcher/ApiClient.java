package io.relais.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Calls the suite's API as one bearer-token holder, for the demo-data seeders. */
final class ApiClient {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String token;

    ApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** Creates something with an Idempotency-Key (so seeding twice creates nothing twice); returns its id. */
    String create(String path, String json, String idempotencyKey) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json)), 201, path);
        Matcher id = ID.matcher(response.body());
        if (!id.find()) {
            throw new IllegalStateException("No id in the answer of " + path + ": " + response.body());
        }
        return id.group(1);
    }

    /**
     * Sends a CSV file to an import endpoint as a job (202, RFC 7240 {@code Prefer: respond-async}),
     * whose URL is followed until it is done. Imported while the client waited, 2,000 staff on a
     * directory just started without its AOT cache took longer than the gateway's 10 s and the
     * first start after a build failed with a 504.
     */
    void importCsv(String path, String csv) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "text/csv; charset=UTF-8")
                .header("Prefer", "respond-async")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
            return;
        }
        String job = response.headers().firstValue("Location").orElse(null);
        if (response.statusCode() != 202 || job == null) {
            throw new IllegalStateException("Seeding failed on " + path + ": " + response.statusCode() + " " + response.body());
        }
        URI jobUri = URI.create(baseUrl).resolve(job);
        String[] last = {""};
        boolean done;
        try {
            done = Poll.until(Duration.ofMinutes(5), Duration.ofMillis(500), () -> {
                last[0] = send(HttpRequest.newBuilder(jobUri).GET(), 200, jobUri.getPath()).body();
                return !last[0].contains("\"state\":\"queued\"") && !last[0].contains("\"state\":\"running\"");
            });
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (!done || !last[0].contains("\"state\":\"succeeded\"")) {
            throw new IllegalStateException("Seeding failed: import job " + jobUri + (done ? " answered " + last[0]
                    : " did not finish in 5 minutes"));
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int expected, String path)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("Seeding failed on " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
