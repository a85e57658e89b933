package dev.accounts.security;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;

/**
 * The access-token keys, read from the standard smallrye-jwt / MicroProfile JWT properties: the private
 * key that signs ({@code smallrye.jwt.sign.key.location} or {@code smallrye.jwt.sign.key}, optionally
 * {@code smallrye.jwt.sign.key.id}) and the public keys that verify ({@code mp.jwt.verify.publickey.location}
 * or {@code mp.jwt.verify.publickey}), which are also what {@code /.well-known/jwks.json} publishes.
 *
 * <p>Rotation: make the verification keys a JWKS holding the current and the next public key, so every
 * replica accepts and publishes both; once that is rolled out (and relying services have refreshed their
 * JWKS cache), switch the signing key to the next one; drop the old public key after one more access-token
 * lifetime.
 *
 * <p>Keys without a {@code kid} (PEM files, the key pair Quarkus generates in dev and test) are named by
 * their RFC 7638 thumbprint, so every replica derives the same {@code kid}. The signing key's {@code kid}
 * is that of the verification key that verifies its signatures; when none does, the configuration is
 * refused, since tokens would then fail everywhere.
 */
public final class SigningKeys {

    static final String SIGN_KEY_LOCATION = "smallrye.jwt.sign.key.location";
    static final String SIGN_KEY = "smallrye.jwt.sign.key";
    static final String VERIFY_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String VERIFY_KEY = "mp.jwt.verify.publickey";
    /** What Quarkus sets a key property to in dev and test when only some of them are configured. */
    private static final String NONE = "NONE";
    private static final String HOW_TO_CONFIGURE = "Set SMALLRYE_JWT_SIGN_KEY_LOCATION to the private key that signs "
            + "access tokens (PEM PKCS#8, JWK or JWKS with SMALLRYE_JWT_SIGN_KEY_ID) and MP_JWT_VERIFY_PUBLICKEY_LOCATION "
            + "to its public key (PEM, JWK, or a JWKS that may also hold the next key), e.g. files mounted from a "
            + "Kubernetes Secret.";

    private final PrivateKey signingKey;
    private final String keyId;
    private final SignatureAlgorithm algorithm;
    private final List<PublicJsonWebKey> verificationKeys;

    private SigningKeys(PrivateKey signingKey, String keyId, SignatureAlgorithm algorithm,
            List<PublicJsonWebKey> verificationKeys) {
        this.signingKey = signingKey;
        this.keyId = keyId;
        this.algorithm = algorithm;
        this.verificationKeys = verificationKeys;
    }

    /**
     * Reads and checks the keys. {@code settings} maps the property names above (and {@code smallrye.jwt.sign.key.id})
     * to their values, absent when unset.
     *
     * @throws IllegalStateException with a message that says what to set, when a key is missing or unusable
     */
    public static SigningKeys load(Map<String, Optional<String>> settings, SignatureAlgorithm algorithm) {
        Optional<String> signKeyId = setting(settings, "smallrye.jwt.sign.key.id");
        PrivateKey signingKey = readSigningKey(settings, signKeyId, algorithm);
        List<PublicJsonWebKey> verificationKeys = readVerificationKeys(settings, algorithm);
        PublicJsonWebKey counterpart = verificationKeys.stream()
                .filter(candidate -> verifies(signingKey, candidate.getPublicKey(), algorithm))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The JWT signing key has no matching public key among the "
                        + "verification keys, so its tokens would be refused. " + HOW_TO_CONFIGURE));
        String keyId = signKeyId.orElse(counterpart.getKeyId());
        if (!keyId.equals(counterpart.getKeyId())) {
            throw new IllegalStateException("smallrye.jwt.sign.key.id is '" + keyId + "' but the verification key that "
                    + "matches the signing key has kid '" + counterpart.getKeyId() + "'. " + HOW_TO_CONFIGURE);
        }
        return new SigningKeys(signingKey, keyId, algorithm, List.copyOf(verificationKeys));
    }

    public PrivateKey signingKey() {
        return signingKey;
    }

    /** The {@code kid} header of every token signed now. */
    public String keyId() {
        return keyId;
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** The JWKS document: public parameters only, each key with kid, use and alg. */
    public Map<String, Object> jwks() {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (PublicJsonWebKey key : verificationKeys) {
            keys.add(new LinkedHashMap<>(key.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
        }
        return Map.of("keys", keys);
    }

    private static PrivateKey readSigningKey(Map<String, Optional<String>> settings, Optional<String> keyId,
            SignatureAlgorithm algorithm) {
        String content = content(settings, SIGN_KEY_LOCATION, SIGN_KEY)
                .orElseThrow(() -> new IllegalStateException("No JWT signing key is configured. " + HOW_TO_CONFIGURE));
        try {
            if (isJson(content)) {
                List<JsonWebKey> keys = parseJwks(content).stream()
                        .filter(candidate -> keyId.isEmpty() || keyId.get().equals(candidate.getKeyId()))
                        .toList();
                if (keys.size() != 1) {
                    throw new IllegalStateException(keys.isEmpty()
                            ? "No key with kid '" + keyId.orElse("") + "' in the JWT signing key set. " + HOW_TO_CONFIGURE
                            : "The JWT signing key set holds several keys; set SMALLRYE_JWT_SIGN_KEY_ID to the kid "
                                    + "of the one that signs.");
                }
                JsonWebKey key = keys.get(0);
                if (!(key instanceof PublicJsonWebKey pair) || pair.getPrivateKey() == null) {
                    throw new IllegalStateException("The JWT signing key is not an RSA or EC private key. " + HOW_TO_CONFIGURE);
                }
                return pair.getPrivateKey();
            }
            return KeyUtils.decodePrivateKey(content, algorithm);
        } catch (JoseException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The JWT signing key cannot be read (" + e.getClass().getSimpleName()
                    + "). " + HOW_TO_CONFIGURE, e);
        }
    }

    private static List<PublicJsonWebKey> readVerificationKeys(Map<String, Optional<String>> settings,
            SignatureAlgorithm algorithm) {
        String content = content(settings, VERIFY_KEY_LOCATION, VERIFY_KEY)
                .orElseThrow(() -> new IllegalStateException("No JWT verification key is configured. " + HOW_TO_CONFIGURE));
        try {
            List<PublicJsonWebKey> keys = new ArrayList<>();
            if (isJson(content)) {
                for (JsonWebKey key : parseJwks(content)) {
                    if (key instanceof PublicJsonWebKey publicKey) {
                        keys.add(publicOnly(publicKey.getPublicKey(), key.getKeyId(), algorithm));
                    }
                }
            } else {
                PublicKey key = content.contains("BEGIN CERTIFICATE")
                        ? KeyUtils.decodeCertificate(content)
                        : KeyUtils.decodePublicKey(content, algorithm);
                keys.add(publicOnly(key, null, algorithm));
            }
            if (keys.isEmpty()) {
                throw new IllegalStateException("The JWT verification key set holds no RSA or EC key. " + HOW_TO_CONFIGURE);
            }
            return keys;
        } catch (JoseException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The JWT verification key cannot be read (" + e.getClass().getSimpleName()
                    + "). " + HOW_TO_CONFIGURE, e);
        }
    }

    /** A public JWK with kid (given, or the RFC 7638 thumbprint), use and alg; never any private part. */
    private static PublicJsonWebKey publicOnly(PublicKey key, String keyId, SignatureAlgorithm algorithm)
            throws JoseException {
        PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
        jwk.setKeyId(keyId != null ? keyId : jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
        jwk.setUse("sig");
        jwk.setAlgorithm(algorithm.getAlgorithm());
        return jwk;
    }

    private static boolean verifies(PrivateKey privateKey, Key publicKey, SignatureAlgorithm algorithm) {
        try {
            JsonWebSignature probe = new JsonWebSignature();
            probe.setPayload("key-match-probe");
            probe.setAlgorithmHeaderValue(algorithm.getAlgorithm());
            probe.setKey(privateKey);
            String signed = probe.getCompactSerialization();
            JsonWebSignature check = new JsonWebSignature();
            check.setCompactSerialization(signed);
            check.setKey(publicKey);
            return check.verifySignature();
        } catch (JoseException e) {
            // A key of another type (EC against RSA) cannot verify: not the counterpart.
            return false;
        }
    }

    private static List<JsonWebKey> parseJwks(String json) throws JoseException {
        return json.contains("\"keys\"") ? new JsonWebKeySet(json).getJsonWebKeys() : List.of(JsonWebKey.Factory.newJwk(json));
    }

    private static boolean isJson(String content) {
        return content.stripLeading().startsWith("{");
    }

    /** The key text from the location property if set, else from the inline property. */
    private static Optional<String> content(Map<String, Optional<String>> settings, String locationProperty,
            String valueProperty) {
        Optional<String> location = setting(settings, locationProperty);
        if (location.isPresent()) {
            try {
                String content = KeyUtils.readKeyContent(location.get());
                if (content == null || content.isBlank()) {
                    throw new IOException("nothing there");
                }
                return Optional.of(content);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("Cannot read the key at " + locationProperty + " (" + location.get()
                        + "). " + HOW_TO_CONFIGURE, e);
            }
        }
        return setting(settings, valueProperty);
    }

    private static Optional<String> setting(Map<String, Optional<String>> settings, String name) {
        return settings.getOrDefault(name, Optional.empty())
                .map(String::strip)
                .filter(value -> !value.isEmpty() && !NONE.equals(value));
    }

    @Override
    public String toString() {
        return "SigningKeys[kid=" + keyId + ", alg=" + algorithm + "]";
    }
}
