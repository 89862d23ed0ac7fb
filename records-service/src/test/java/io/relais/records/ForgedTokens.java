package io.relais.records;

import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/** Tokens an attacker would try: unsigned ({@code alg: none}) or HMAC-keyed with the public key. */
final class ForgedTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private ForgedTokens() {
    }

    static String unsecured(Map<String, Object> claims) {
        return encode(Map.of("alg", "none", "typ", "JWT")) + "." + encode(claims) + ".";
    }

    /** The classic algorithm confusion: the RSA public key, which anyone has, used as an HMAC secret. */
    static String hs256(Map<String, Object> claims, Path publicKeyPem) {
        try {
            String signingInput = encode(Map.of("alg", "HS256", "typ", "JWT", "kid", "relais-dev")) + "." + encode(claims);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Files.readAllBytes(publicKeyPem), "HmacSHA256"));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Object value) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
