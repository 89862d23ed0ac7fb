package io.relais.local.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * An RSA key pair for development tokens, generated at run time and never committed.
 * Services only ever see the public key (PEM file given to {@code mp.jwt.verify.publickey.location}).
 */
public final class DevKeys {

    private static final String PRIVATE_FILE = "dev-jwt-private.pem";
    private static final String PUBLIC_FILE = "dev-jwt-public.pem";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final Path publicKeyFile;

    private DevKeys(PrivateKey privateKey, PublicKey publicKey, Path publicKeyFile) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.publicKeyFile = publicKeyFile;
    }

    /** Loads the key pair kept in {@code directory}, generating and saving one if there is none. */
    public static DevKeys loadOrCreate(Path directory) {
        try {
            Files.createDirectories(directory);
            Path privateFile = directory.resolve(PRIVATE_FILE);
            Path publicFile = directory.resolve(PUBLIC_FILE);
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(readPem(privateFile)));
                PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(readPem(publicFile)));
                return new DevKeys(privateKey, publicKey, publicFile);
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            writePem(privateFile, "PRIVATE KEY", pair.getPrivate().getEncoded());
            writePem(publicFile, "PUBLIC KEY", pair.getPublic().getEncoded());
            return new DevKeys(pair.getPrivate(), pair.getPublic(), publicFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or write development keys in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Development keys in " + directory
                    + " are unreadable; delete the directory to generate new ones", e);
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** PEM file of the public key, to give to {@code mp.jwt.verify.publickey.location}. */
    public Path publicKeyFile() {
        return publicKeyFile;
    }

    private static byte[] readPem(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII)
                .replaceAll("-----(BEGIN|END) [A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(pem);
    }

    private static void writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
                StandardCharsets.US_ASCII);
    }
}
