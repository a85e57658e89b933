package dev.accounts.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.types.Argon2;
import com.password4j.types.Bcrypt;

class PasswordHashFormatsTest {

    @Test
    void djangoPbkdf2HashFromDjangosOwnTestSuite() {
        // tests/auth_tests/test_hashers.py, test_pbkdf2: make_password("lètmein", "seasalt", "pbkdf2_sha256")
        String django = "pbkdf2_sha256$390000$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c=";
        assertEquals(Optional.of(PasswordHashFormats.Format.DJANGO_PBKDF2_SHA256), PasswordHashFormats.formatOf(django));
        assertTrue(PasswordHashFormats.verify("lètmein", django));
        assertFalse(PasswordHashFormats.verify("lètmeinz", django));
    }

    @Test
    void djangoArgon2HashesFromDjangosOwnTestSuite() {
        // tests/auth_tests/test_hashers.py, TestUtilsHashPassArgon2: with and without the version field.
        assertTrue(PasswordHashFormats.verify("secret",
                "argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q"));
        assertFalse(PasswordHashFormats.verify("wrong",
                "argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q"));
        assertTrue(PasswordHashFormats.verify("secret",
                "argon2$argon2id$v=19$m=102400,t=2,p=8$Y041dExhNkljRUUy$TMa6A8fPJhCAUXRhJXCXdw"));
        String unversioned = "argon2$argon2i$m=8,t=1,p=1$c29tZXNhbHQ$gwQOXSNhxiOxPOA0+PY10P9QFO"
                + "4NAYysnqRt1GSQLE55m+2GYDt9FEjPMHhP2Cuf0nOEXXMocVrsJAtNSsKyfg";
        assertTrue(PasswordHashFormats.verify("secret", unversioned));
        assertFalse(PasswordHashFormats.verify("wrong", unversioned));
    }

    @Test
    void djangoPbkdf2ComputedFromThePublishedAlgorithm() throws Exception {
        // PBKDF2-HMAC-SHA256 (RFC 8018) written out here with a bare HMAC, independently of the verifier.
        String password = "correct horse ✓";
        String salt = "Qm9ndXNTYWx0MTIz";
        int iterations = 1000;
        String django = "pbkdf2_sha256$" + iterations + "$" + salt + "$"
                + Base64.getEncoder().encodeToString(pbkdf2Sha256(password, salt, iterations));
        assertTrue(PasswordHashFormats.verify(password, django));
        assertFalse(PasswordHashFormats.verify(password + " ", django));
    }

    @Test
    void djangoBcryptSha256ComputedFromThePublishedAlgorithm() throws Exception {
        String password = "VSK0UYV6FFQVZ0KG88DYN9WADAADZO1CTSIVDJUNZSUML6IBX7LN7ZS3R5JGB3RGZ7VI7G7DJQ9NI8BQFSRPTG6UWTTVESA5ZPUN";
        String prehashed = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(password.getBytes(StandardCharsets.UTF_8)));
        String bcrypt = BcryptFunction.getInstance(Bcrypt.B, 4).hash(prehashed).getResult();
        String django = "bcrypt_sha256$" + bcrypt;
        assertTrue(PasswordHashFormats.verify(password, django));
        assertFalse(PasswordHashFormats.verify(password.substring(0, 72), django), "no 72-byte truncation");
        assertTrue(PasswordHashFormats.verify(password.substring(0, 72), "bcrypt$" + BcryptFunction.getInstance(Bcrypt.B, 4)
                .hash(password.substring(0, 72)).getResult()));
    }

    @Test
    void plainBcryptAndArgon2id() {
        String bcrypt = BcryptFunction.getInstance(Bcrypt.Y, 4).hash("s3cret-enough").getResult();
        assertEquals(Optional.of(PasswordHashFormats.Format.BCRYPT), PasswordHashFormats.formatOf(bcrypt));
        assertTrue(PasswordHashFormats.verify("s3cret-enough", bcrypt));
        String argon2id = Argon2Function.getInstance(64, 1, 1, 32, Argon2.ID).hash("s3cret-enough", "c2FsdHNhbHQxMjM0")
                .getResult();
        assertEquals(Optional.of(PasswordHashFormats.Format.ARGON2), PasswordHashFormats.formatOf(argon2id));
        assertTrue(PasswordHashFormats.verify("s3cret-enough", argon2id));
        assertFalse(PasswordHashFormats.verify("s3cret-enougH", argon2id));
    }

    @ParameterizedTest
    // Django's salted md5$ and sha1$ are verified since issue 13 (ForeignHashesTest), to be replaced at login.
    @ValueSource(strings = { "", "plaintext", "pbkdf2_sha256$0$salt$aGFzaA==",
            "pbkdf2_sha256$99999999999$salt$aGFzaA==", "pbkdf2_sha256$1000$$aGFzaA==", "$2b$04$short",
            "!unusable-django-password" })
    void unknownWeakOrMalformedHashesAreNotAccepted(String hash) {
        assertTrue(PasswordHashFormats.formatOf(hash).isEmpty(), hash);
        assertFalse(PasswordHashFormats.verify("anything", hash));
    }

    private static byte[] pbkdf2Sha256(String password, String salt, int iterations) throws Exception {
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        hmac.update(salt.getBytes(StandardCharsets.UTF_8));
        byte[] u = hmac.doFinal(new byte[] { 0, 0, 0, 1 });
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = hmac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }
}
