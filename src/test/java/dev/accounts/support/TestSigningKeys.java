package dev.accounts.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * A throwaway RSA key pair for tests that run the packaged application in the prod profile, which
 * refuses to start without a signing key. Made once per test JVM, written as PEM under target/.
 */
public final class TestSigningKeys {

    private static Map<String, Path> files;

    private TestSigningKeys() {
    }

    /** The private (PKCS#8) and public (X.509) key files: keys "sign" and "verify". */
    public static synchronized Map<String, Path> files() {
        if (files == null) {
            files = generate();
        }
        return files;
    }

    /** As environment variables of the application process. */
    public static Map<String, String> environment() {
        return Map.of("SMALLRYE_JWT_SIGN_KEY_LOCATION", files().get("sign").toString(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", files().get("verify").toString());
    }

    /**
     * As configuration properties (what a Quarkus test resource returns): the keys themselves, base64
     * without PEM markers, under the names of the key pair Quarkus generates for tests, which the
     * integration-test launcher also passes on and which these replace.
     */
    public static Map<String, String> properties() {
        return Map.of("smallrye.jwt.sign.key", base64Of(files().get("sign")),
                "mp.jwt.verify.publickey", base64Of(files().get("verify")));
    }

    private static String base64Of(Path pem) {
        try {
            return Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Path> generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path dir = Files.createDirectories(Path.of("target", "test-keys").toAbsolutePath());
            Path sign = dir.resolve("sign-" + ProcessHandle.current().pid() + ".pem");
            Path verify = dir.resolve("verify-" + ProcessHandle.current().pid() + ".pem");
            Files.writeString(sign, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(verify, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return Map.of("sign", sign, "verify", verify);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
