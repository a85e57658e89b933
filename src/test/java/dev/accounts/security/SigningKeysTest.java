package dev.accounts.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;

/** Key configuration as production gets it: files named by the standard properties. */
class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void withoutASigningKeyStartUpIsRefusedWithWhatToSet() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SigningKeys.load(Map.of(), SignatureAlgorithm.RS256));
        assertTrue(refused.getMessage().contains("SMALLRYE_JWT_SIGN_KEY_LOCATION"), refused.getMessage());
        assertTrue(refused.getMessage().contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), refused.getMessage());
    }

    @Test
    void theNonePlaceholderCountsAsUnset() throws Exception {
        KeyPair pair = KeyUtils.generateKeyPair(2048);
        Map<String, Optional<String>> settings = settings(write("sign.pem", privatePem(pair)), null);
        settings.put(SigningKeys.VERIFY_KEY, Optional.of("NONE"));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SigningKeys.load(settings, SignatureAlgorithm.RS256));
        assertTrue(refused.getMessage().startsWith("No JWT verification key"), refused.getMessage());
    }

    @Test
    void aSigningKeyWithoutItsPublicKeyIsRefused() throws Exception {
        KeyPair signing = KeyUtils.generateKeyPair(2048);
        KeyPair other = KeyUtils.generateKeyPair(2048);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> SigningKeys.load(
                settings(write("sign.pem", privatePem(signing)), write("verify.pem", publicPem(other))),
                SignatureAlgorithm.RS256));
        assertTrue(refused.getMessage().contains("no matching public key"), refused.getMessage());
    }

    @Test
    void pemKeysAreNamedByTheirThumbprint() throws Exception {
        KeyPair pair = KeyUtils.generateKeyPair(2048);
        Map<String, Optional<String>> settings = settings(write("sign.pem", privatePem(pair)),
                write("verify.pem", publicPem(pair)));

        SigningKeys keys = SigningKeys.load(settings, SignatureAlgorithm.RS256);

        String thumbprint = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic()).calculateBase64urlEncodedThumbprint("SHA-256");
        assertEquals(thumbprint, keys.keyId());
        assertEquals(keys.keyId(), SigningKeys.load(settings, SignatureAlgorithm.RS256).keyId(), "same kid on every replica");
    }

    /** As a Kubernetes Secret hands them over in environment variables: SMALLRYE_JWT_SIGN_KEY, MP_JWT_VERIFY_PUBLICKEY. */
    @Test
    void inlineKeyValuesWorkAsFilesDo() throws Exception {
        KeyPair pair = KeyUtils.generateKeyPair(2048);
        Map<String, Optional<String>> settings = new HashMap<>();
        settings.put(SigningKeys.SIGN_KEY, Optional.of(privatePem(pair)));
        settings.put(SigningKeys.VERIFY_KEY, Optional.of(new JsonWebKeySet(jwk(pair, "k1"))
                .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));

        assertEquals("k1", SigningKeys.load(settings, SignatureAlgorithm.RS256).keyId());
    }

    @Test
    void duringRotationBothKeysArePublishedAndTheConfiguredOneSigns() throws Exception {
        KeyPair current = KeyUtils.generateKeyPair(2048);
        KeyPair next = KeyUtils.generateKeyPair(2048);
        String jwks = new JsonWebKeySet(jwk(current, "2026-11"), jwk(next, "2026-12"))
                .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        String verify = write("jwks.json", jwks);

        SigningKeys before = SigningKeys.load(settings(write("current.pem", privatePem(current)), verify),
                SignatureAlgorithm.RS256);
        SigningKeys after = SigningKeys.load(settings(write("next.pem", privatePem(next)), verify),
                SignatureAlgorithm.RS256);

        assertEquals("2026-11", before.keyId());
        assertEquals("2026-12", after.keyId());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> published = (List<Map<String, Object>>) after.jwks().get("keys");
        assertEquals(List.of("2026-11", "2026-12"), published.stream().map(key -> key.get("kid")).toList());
        published.forEach(key -> assertFalse(key.containsKey("d"), "no private part"));
    }

    private static PublicJsonWebKey jwk(KeyPair pair, String kid) throws Exception {
        PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
        jwk.setKeyId(kid);
        return jwk;
    }

    private static Map<String, Optional<String>> settings(String signLocation, String verifyLocation) {
        Map<String, Optional<String>> settings = new HashMap<>();
        settings.put(SigningKeys.SIGN_KEY_LOCATION, Optional.ofNullable(signLocation));
        settings.put(SigningKeys.VERIFY_KEY_LOCATION, Optional.ofNullable(verifyLocation));
        return settings;
    }

    private String write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file.toString();
    }

    private static String privatePem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static String publicPem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
