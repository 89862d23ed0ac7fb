package io.relais.common.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.relais.common.config.RelaisConfig;
import io.relais.common.problem.ProblemException;
import io.relais.common.problem.ProblemType;
import io.relais.common.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import io.relais.common.request.PublicLinks;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.relais.common.concurrency.Versioned;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} for POST, after the IETF httpapi draft: the same key and payload
 * replays the first answer (status, body, Location, ETag), another payload under the same key is
 * 422. Keys are scoped per caller (token subject) and kept {@code relais.idempotency.retention}.
 *
 * <p>The key is claimed, the business write made and the answer stored in one transaction: a
 * crash can never leave a write without its key (so a replay never writes twice) nor a key
 * without its write (so a retry after a failover never finds a half-claimed key). A duplicate
 * sent while the first request runs waits on the key's row lock, then replays. A key left
 * {@code in_flight} by an instance of the earlier two-step scheme (rolling upgrade) is a 409
 * until {@code relais.idempotency.abandon-after}.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PublicLinks links;

    @Inject
    ObjectMapper json;

    @Inject
    RelaisConfig config;

    @Inject
    Caller caller;

    /**
     * Runs {@code action} (a create) at most once per caller and key.
     *
     * @param key     the Idempotency-Key header, or null to run without one
     * @param request the parsed request (method, path and body), whose fingerprint detects a reused key
     */
    public Response run(String header, String method, String path, Object request, Supplier<IdempotentResult> action) {
        String key;
        try {
            key = IdempotencyKey.parse(header).orElse(null);
        } catch (IdempotencyKey.Invalid invalid) {
            throw ProblemException.invalid(HEADER, invalid.getMessage());
        }
        if (key == null && requiredAt(path)) {
            throw ProblemException.invalid(HEADER, "is required on this write, so that a retry after a lost answer or a"
                    + " failover never records it twice: send a new UUID, e.g. Idempotency-Key: \"" + java.util.UUID.randomUUID()
                    + "\", and the same key on every retry of this request");
        }
        if (key == null) {
            return toResponse(QuarkusTransaction.requiringNew().call(action::get));
        }
        String owner = caller.subject();
        String fingerprint = fingerprint(method, path, request);
        // Claim, create and answer in one transaction: a retry under the same key waits on the
        // claim's row lock until the first attempt commits (then it replays the answer) or dies
        // with its connection (then its claim is gone and the retry runs). No "in flight" state
        // outlives a request, so a retry after a failover never waits for a timeout.
        Object outcome = QuarkusTransaction.requiringNew().call(() -> {
            Stored existing = claim(owner, key, fingerprint);
            if (existing != null) {
                return existing;
            }
            IdempotentResult r = action.get();
            complete(owner, key, r);
            return r;
        });
        return outcome instanceof Stored existing ? replay(existing, fingerprint) : toResponse((IdempotentResult) outcome);
    }

    /**
     * The usual create: runs {@code action} at most once per caller and key and answers 201 with
     * the created resource, its {@code Location} (the request path + its id) and its ETag.
     */
    public <V extends Versioned> Response create(String key, UriInfo uri, Object request, Supplier<V> action) {
        return create(key, uri, request, action, v -> v);
    }

    /** As {@link #create(String, UriInfo, Object, Supplier)}, showing the created resource as {@code body} maps it. */
    public <V extends Versioned> Response create(String key, UriInfo uri, Object request, Supplier<V> action,
                                                 Function<V, Object> body) {
        return run(key, "POST", uri.getPath(), request, () -> {
            V created = action.get();
            // Stored path-absolute: a replay at the other site links to that site's public URL.
            return IdempotentResult.created(URI.create(uri.getAbsolutePathBuilder().path(created.id().toString()).build().getRawPath()),
                    created.version(), body.apply(created));
        });
    }

    private boolean requiredAt(String path) {
        String absolute = path.startsWith("/") ? path : "/" + path;
        return config.idempotency().requiredOn().orElse(List.of()).stream().anyMatch(absolute::startsWith);
    }

    /** Claims the key; returns null when claimed, or what is already stored under it. */
    private Stored claim(String owner, String key, String fingerprint) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO relais_idempotency (caller, idem_key, fingerprint, state, expires_at)
                    VALUES (?, ?, ?, 'in_flight', now() + make_interval(secs => ?))
                    ON CONFLICT (caller, idem_key) DO UPDATE
                       SET fingerprint = excluded.fingerprint, state = 'in_flight', status = NULL,
                           location = NULL, etag = NULL, body = NULL, created_at = now(),
                           expires_at = excluded.expires_at
                     WHERE relais_idempotency.expires_at < now()
                        OR (relais_idempotency.state = 'in_flight'
                            AND relais_idempotency.created_at < now() - make_interval(secs => ?))
                    """)) {
                insert.setString(1, owner);
                insert.setString(2, key);
                insert.setString(3, fingerprint);
                insert.setLong(4, config.idempotency().retention().toSeconds());
                insert.setLong(5, config.idempotency().abandonAfter().toSeconds());
                if (insert.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT fingerprint, state, status, location, etag, body FROM relais_idempotency WHERE caller = ? AND idem_key = ?")) {
                select.setString(1, owner);
                select.setString(2, key);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return new Stored(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                            rs.getString(5), rs.getString(6));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void complete(String owner, String key, IdempotentResult result) {
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement("""
                UPDATE relais_idempotency SET state = 'done', status = ?, location = ?, etag = ?, body = ?
                 WHERE caller = ? AND idem_key = ?""")) {
            update.setInt(1, result.status());
            update.setString(2, result.location() == null ? null : result.location().toString());
            update.setString(3, result.etag());
            update.setString(4, json.writeValueAsString(result.body()));
            update.setString(5, owner);
            update.setString(6, key);
            update.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private Response replay(Stored stored, String fingerprint) {
        if (stored.state().equals("in_flight")) {
            throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_IN_USE,
                    "The first request with this Idempotency-Key has not finished; retry shortly.",
                    List.of(), Map.of(HttpHeaders.RETRY_AFTER, "1"));
        }
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was first sent with a different request. Use a new key for a new request.");
        }
        Response.ResponseBuilder builder = Response.status(stored.status())
                .entity(stored.body())
                .type("application/json")
                .header(REPLAYED_HEADER, "true");
        if (stored.location() != null) {
            builder.header("Location", links.to(stored.location()));
        }
        if (stored.etag() != null) {
            builder.header(HttpHeaders.ETAG, stored.etag());
        }
        return builder.build();
    }

    private Response toResponse(IdempotentResult result) {
        Response.ResponseBuilder builder = Response.status(result.status()).entity(result.body());
        if (result.location() != null) {
            builder.header("Location", links.to(result.location()));
        }
        if (result.etag() != null) {
            builder.header(HttpHeaders.ETAG, result.etag());
        }
        return builder.build();
    }

    private String fingerprint(String method, String path, Object request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeExpired() {
        try (Connection c = dataSource.getConnection(); PreparedStatement delete = c.prepareStatement(
                "DELETE FROM relais_idempotency WHERE expires_at < now()")) {
            int purged = delete.executeUpdate();
            if (purged > 0) {
                Log.infof("Purged %d expired Idempotency-Keys", purged);
            }
        } catch (SQLException e) {
            Log.debugf("Idempotency-Key purge skipped: %s", e.getMessage());
        }
    }

    private record Stored(String fingerprint, String state, int status, String location, String etag, String body) {
    }
}
