package io.relais.common.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.http.ManagementInterface;
import io.relais.common.config.RelaisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The identity provider's signing keys, kept so that tokens already issued still verify when the
 * provider is unreachable — in a hosting provider's outage it may well be gone with the site.
 *
 * <p>With {@code relais.jwt.jwks-url} set, the key set is fetched at start and every
 * {@code relais.jwt.jwks-refresh}, and each good copy is written atomically to
 * {@code relais.jwt.jwks-copy} (readable by the service account only). SmallRye JWT reads the
 * keys from this service's own management endpoint {@code /relais/jwks} (point
 * {@code mp.jwt.verify.publickey.location} at it), which serves the latest copy: fresh from the
 * provider when it answers, from disk when it does not — a restart during the outage included.
 * While the copy stands in, the {@code identity-keys} health check says so (degraded).
 */
@ApplicationScoped
public class IdentityKeys {

    /** Where the keys in use come from. */
    public enum Source { PROVIDER, COPY, NONE }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Inject
    RelaisConfig config;

    @Inject
    ObjectMapper json;

    private volatile String keys;
    private volatile Source source = Source.NONE;
    private volatile Instant fetchedAt;

    void start(@Observes StartupEvent event) {
        if (config.jwt().jwksUrl().isPresent()) {
            refresh();
        }
    }

    void serve(@Observes ManagementInterface management) {
        management.router().get("/relais/jwks").handler(ctx -> {
            String current = keys;
            if (current == null) {
                ctx.response().setStatusCode(503).putHeader("Content-Type", "application/problem+json")
                        .end("{\"status\":503,\"title\":\"No signing keys\",\"detail\":\"The identity provider has not"
                                + " answered since this service started and no copy of its keys is on disk.\"}");
            } else {
                ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").end(current);
            }
        });
    }

    @Scheduled(every = "${relais.jwt.jwks-refresh:5m}", delayed = "${relais.jwt.jwks-refresh:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        Optional<URI> url = config.jwt().jwksUrl();
        if (url.isEmpty()) {
            return;
        }
        Path copy = config.jwt().jwksCopy();
        try {
            String fetched = fetch(url.get(), json);
            write(copy, fetched);
            if (source != Source.PROVIDER) {
                Log.infof("Signing keys fetched from the identity provider %s", url.get());
            }
            keys = fetched;
            source = Source.PROVIDER;
            fetchedAt = Instant.now();
        } catch (IOException | InterruptedException | RuntimeException unreachable) {
            if (unreachable instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (source == Source.PROVIDER) {
                Log.warnf("The identity provider %s does not answer (%s); keeping the keys fetched at %s",
                        url.get(), why(unreachable), fetchedAt);
                source = Source.COPY;
            } else if (keys == null) {
                loadCopy(copy, url.get(), unreachable);
            }
        }
    }

    private void loadCopy(Path copy, URI url, Exception why) {
        try {
            String saved = Files.readString(copy, StandardCharsets.UTF_8);
            checked(saved, json);
            keys = saved;
            source = Source.COPY;
            fetchedAt = Files.getLastModifiedTime(copy).toInstant();
            Log.warnf("The identity provider %s does not answer (%s): verifying tokens with the copy of its keys saved"
                    + " at %s in %s", url, why(why), fetchedAt, copy);
        } catch (IOException | RuntimeException none) {
            Log.errorf("The identity provider %s does not answer (%s) and there is no usable copy of its keys in %s:"
                    + " no token can be verified until it answers. Check the URL and the network path to it.",
                    url, why(why), copy);
        }
    }

    private static String why(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Fetches a key set; throws when the answer is not one (an error page is not a key set). */
    public static String fetch(URI url, ObjectMapper json) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return checked(response.body(), json);
    }

    /** Atomically replaces the copy, readable by the service account only. */
    public static void write(Path copy, String keys) throws IOException {
        Path dir = copy.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path next = Files.createTempFile(dir, ".jwks", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the directory's own protection applies
            }
            Files.writeString(next, keys, StandardCharsets.UTF_8);
            Files.move(next, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(next);
        }
    }

    private static String checked(String body, ObjectMapper json) throws IOException {
        JsonNode set = json.readTree(body);
        if (!set.path("keys").isArray() || set.path("keys").isEmpty()) {
            throw new IOException("not a JWK set (no \"keys\")");
        }
        return body;
    }

    public Source source() {
        return config.jwt().jwksUrl().isEmpty() ? Source.PROVIDER : source;
    }

    public Instant fetchedAt() {
        return fetchedAt;
    }

    public boolean enabled() {
        return config.jwt().jwksUrl().isPresent();
    }
}
