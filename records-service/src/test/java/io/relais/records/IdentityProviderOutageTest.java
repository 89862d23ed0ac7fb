package io.relais.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.relais.common.security.IdentityKeys;
import io.relais.local.identity.DevKeys;
import io.relais.local.identity.DevTokens;
import io.relais.testing.Management;
import io.relais.testing.TestTokens;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.relais.records.Api.createPatient;
import static org.hamcrest.Matchers.equalTo;

/**
 * The hospital's identity provider is gone with the site: this service starts while its JWKS URL
 * does not answer. It fetched the keys once before (the same code, against a real HTTP server
 * serving them), so it verifies the tokens already issued with that copy, still refuses a forged
 * one, and says on its health — hence on the status page — that it runs on the copy.
 */
@QuarkusTest
@TestProfile(IdentityProviderOutageTest.ProviderGone.class)
class IdentityProviderOutageTest {

    static final Path COPY = Path.of("target/jwks-copy.json");
    /** Once, however often the profile is asked for its settings. */
    static final java.util.function.Supplier<URI> GONE = new java.util.function.Supplier<>() {
        private URI url;

        @Override
        public synchronized URI get() {
            if (url == null) {
                url = fetchOnceThenLoseTheProvider();
            }
            return url;
        }
    };

    public static class ProviderGone implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            URI gone = GONE.get();
            return Map.of("relais.jwt.jwks-url", gone.toString(), "relais.jwt.jwks-copy", COPY.toString(),
                    "mp.jwt.verify.publickey.location", "http://localhost:9001/relais/jwks");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RecordsTestResource.class));
        }
    }

    /** The earlier run: the provider answered and the copy was saved; then it went away. */
    static URI fetchOnceThenLoseTheProvider() {
        try {
            HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
            byte[] jwks = jwks(TestTokens.keys()).getBytes(StandardCharsets.UTF_8);
            provider.createContext("/realms/hospital/protocol/openid-connect/certs", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            provider.start();
            URI url = URI.create("http://127.0.0.1:" + provider.getAddress().getPort()
                    + "/realms/hospital/protocol/openid-connect/certs");
            Files.deleteIfExists(COPY);
            IdentityKeys.write(COPY, IdentityKeys.fetch(url, new ObjectMapper()));
            provider.stop(0);
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void tokensAlreadyIssuedStillVerifyForgedOnesDoNotAndTheCopyIsAnnounced() throws Exception {
        String patient = createPatient("Panne", "Idris", "1970-01-01");
        Api.clinician().get("/api/records/patients/{p}", patient).then().statusCode(200);
        String forged = new DevTokens(DevKeys.loadOrCreate(Files.createTempDirectory("forger"))).mint("mallory", "clinician");
        RestAssured.given().auth().oauth2(forged).get("/api/records/patients/{p}", patient).then().statusCode(401);
        Management.get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'identity-keys' }.data.source", equalTo("copy"))
                .body("checks.find { it.name == 'identity-keys' }.data.degraded", equalTo(true));
    }

    private static String jwks(DevKeys keys) {
        RSAPublicKey key = (RSAPublicKey) keys.publicKey();
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"relais-dev\",\"n\":\""
                + base64Url(key.getModulus()) + "\",\"e\":\"" + base64Url(key.getPublicExponent()) + "\"}]}";
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
