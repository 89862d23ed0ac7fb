package io.relais.local.identity;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints RS256 bearer tokens shaped like those of the hospital's OIDC provider
 * ({@code iss}, {@code aud}, {@code sub}, {@code upn}, {@code groups}, {@code exp}), signed with
 * {@link DevKeys}.
 */
public final class DevTokens {

    /** Issuer that every service accepts by default in development and tests. */
    public static final String ISSUER = "https://relais.invalid/dev";

    /** Audience that every service accepts by default in development and tests. */
    public static final String AUDIENCE = "relais";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final DevKeys keys;

    public DevTokens(DevKeys keys) {
        this.keys = keys;
    }

    public String mint(String subject, List<String> roles, Duration lifetime) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put("groups", roles);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return sign(claims);
    }

    public String mint(String subject, String... roles) {
        return mint(subject, List.of(roles), Duration.ofHours(8));
    }

    /** Signs arbitrary claims, for tests of expired or foreign tokens. */
    public String sign(Map<String, Object> claims) {
        try {
            String header = encode(Map.of("alg", "RS256", "typ", "JWT", "kid", "relais-dev"));
            String payload = encode(claims);
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keys.privateKey());
            rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + B64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Could not sign development token", e);
        }
    }

    private static String encode(Object value) throws com.fasterxml.jackson.core.JsonProcessingException {
        return B64.encodeToString(JSON.writeValueAsBytes(value));
    }
}
