package dev.accounts.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.accounts.security.PasswordHashFormats.Format;

/**
 * The foreign formats against published test vectors (each vector's source beside it), the wrong
 * password refused for each, and the cost bounds.
 */
class ForeignHashesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # Drepper's crypt(3) and glibc: md5-crypt, and the SHA-crypt specification's own examples
            MD5_CRYPT     | Hello world! | $1$saltstri$YMyguxXMBpd2TEZ.vS/3q1
            SHA256_CRYPT  | Hello world! | $5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5
            SHA512_CRYPT  | Hello world! | $6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.
            # Openwall phpass 0.3, test.php
            PHPASS        | test12345    | $P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0
            # Django's tests/auth_tests/test_hashers.py (make_password('lètmein', 'seasalt', ...))
            DJANGO_SHA1          | lètmein | sha1$seasalt$cff36ea83f5706ce9aa7454e63e431fc726b2dc8
            DJANGO_MD5           | lètmein | md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3
            DJANGO_UNSALTED_SHA1 | lètmein | sha1$$6d138ca3ae545631b3abd71a4f076ce759c5700b
            DJANGO_UNSALTED_MD5  | lètmein | 88a434c88cca4e900f7874cd98123f43
            DJANGO_UNSALTED_MD5  | lètmein | md5$$88a434c88cca4e900f7874cd98123f43
            # Django 3.2's make_password('lètmein', 'seasalt', 'pbkdf2_sha1') and ('lètmein', 'ab', 'crypt')
            DJANGO_PBKDF2_SHA1   | lètmein | pbkdf2_sha1$260000$seasalt$XXHk2gQ7tjWIyrS320RXXsGqkUg=
            DJANGO_CRYPT         | lètmein | crypt$$abprj99vCww4M
            # RFC 6070's PBKDF2-HMAC-SHA1 vector (c = 4096) in Django's pbkdf2_sha1 framing
            DJANGO_PBKDF2_SHA1   | password | pbkdf2_sha1$4096$salt$SwB5AbdlSJq+rUnZJvch0GWkKcE=
            # RFC 7914 section 12, scrypt (N = 1024, r = 8, p = 16, 64 bytes) in Django's scrypt framing
            DJANGO_SCRYPT        | password | scrypt$1024$NaCl$8$16$/bq+HJ00cgB4VucZDQHp/nxq18vII3gw53N2Y0s3MWIurzDZLiKjiG/xCSedmDDaxyevuUqD7m2DYMvfoswGQA==
            # RFC 7914 section 11, PBKDF2-HMAC-SHA256 (c = 1, 64 bytes), and the common PBKDF2-HMAC-SHA512 vector
            KEYCLOAK_PBKDF2      | passwd   | $pbkdf2-sha256$i=1$c2FsdA==$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLxJypzM8Xm2RZkWZLOdd+8xfHG4RbHjC9UJESBB06GXgw==
            KEYCLOAK_PBKDF2      | password | $pbkdf2-sha512$i=1$c2FsdA==$hn9wzxreAs/zdSWZo6U9xK80x6ZpgVrl1RNVThyM8lLALUcKKFoFAbrZmb/pQ8CPBQI119aLHaVeY/c7YKV/zg==
            KEYCLOAK_PBKDF2      | password | $pbkdf2$i=4096$c2FsdA==$SwB5AbdlSJq+rUnZJvch0GWkKcE=
            # OpenBSD's bcrypt vectors (Auth0 and Supabase export $2a$/$2b$ hashes)
            BCRYPT               | U*U      | $2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW
            """)
    void publishedVectorsVerifyAndWrongPasswordsDoNot(Format format, String password, String hash) {
        assertEquals(Optional.of(format), PasswordHashFormats.formatOf(hash));
        assertEquals(Optional.of(format), PasswordHashFormats.importableFormatOf(hash));
        assertTrue(PasswordHashFormats.verify(password, hash), hash);
        // A changed first character (DES crypt reads only the first 8 bytes, so a suffix would pass there).
        assertFalse(PasswordHashFormats.verify("x" + password, hash));
        assertFalse(PasswordHashFormats.verify(password.substring(1), hash));
    }

    /** firebase/scrypt's README: the sample project's parameters and its user1 account. */
    @Test
    void firebaseModifiedScryptVector() {
        PasswordHashFormats.FirebaseParameters project = PasswordHashFormats.FirebaseParameters.of(
                "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==", "Bw==", 8, 14)
                .orElseThrow();
        String hash = "firebase-scrypt$42xEC+ixf3L2lw==$lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==";
        assertEquals(Optional.of(Format.FIREBASE_SCRYPT), PasswordHashFormats.importableFormatOf(hash));
        assertTrue(PasswordHashFormats.verify("user1password", hash, project));
        assertFalse(PasswordHashFormats.verify("user1passworD", hash, project));
        assertFalse(PasswordHashFormats.verify("user1password", hash), "without the project's signer key");
        assertEquals(16 * 1024 + 1, PasswordHashFormats.verificationMemoryKib(hash, project));
        assertTrue(PasswordHashFormats.FirebaseParameters.of("not base64!", "Bw==", 8, 14).isEmpty());
        assertTrue(PasswordHashFormats.FirebaseParameters.of("c2FsdA==", "Bw==", 8, 24).isEmpty(), "N = 2^24: 2 GiB");
    }

    @Test
    void keycloakExportedCredentialsBecomeVerifiableHashes() {
        // RFC 7914's PBKDF2-HMAC-SHA256 vector, as Keycloak's export writes a pbkdf2-sha256 credential.
        String pbkdf2 = KeycloakCredentials.toHash(
                "{\"value\":\"VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLxJypzM8Xm2RZkWZLOdd+8xfHG4RbHjC9UJESBB06GXgw==\",\"salt\":\"c2FsdA==\",\"additionalParameters\":{}}",
                "{\"hashIterations\":1,\"algorithm\":\"pbkdf2-sha256\",\"additionalParameters\":{}}").orElseThrow();
        assertTrue(PasswordHashFormats.verify("passwd", pbkdf2));
        assertFalse(PasswordHashFormats.verify("passwd ", pbkdf2));
        // Django's argon2i test vector (m = 8, t = 1, p = 1, salt "saltsalt"), as Keycloak's argon2 provider exports it.
        String argon2 = KeycloakCredentials.toHash("{\"value\":\"YC9+jJCrQhs5R6db7LlN8Q==\",\"salt\":\"c2FsdHNhbHQ=\"}",
                "{\"hashIterations\":1,\"algorithm\":\"argon2\",\"additionalParameters\":{\"hashLength\":[\"16\"],"
                        + "\"memory\":[\"8\"],\"type\":[\"i\"],\"version\":[\"1.3\"],\"iterations\":[\"1\"],\"parallelism\":[\"1\"]}}")
                .orElseThrow();
        assertEquals("$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q", argon2);
        assertTrue(PasswordHashFormats.verify("secret", argon2));
        assertFalse(PasswordHashFormats.verify("secreT", argon2));
        assertTrue(KeycloakCredentials.toHash("{\"value\":\"aGFzaA==\",\"salt\":\"c2FsdA==\"}",
                "{\"hashIterations\":27500,\"algorithm\":\"md5\"}").isEmpty());
        assertTrue(KeycloakCredentials.toHash("not json", "{}").isEmpty());
    }

    @Test
    void djangosDefaultArgon2IsImportableAndNeedsItsMemoryBudget() {
        // Django's Argon2PasswordHasher defaults: memory_cost=102400 KiB, time_cost=2, parallelism=8.
        String django = "argon2$argon2id$v=19$m=102400,t=2,p=8$Y041dExhNkljRUUy$TMa6A8fPJhCAUXRhJXCXdw";
        assertEquals(Optional.of(Format.DJANGO_ARGON2), PasswordHashFormats.importableFormatOf(django));
        assertEquals(102400, PasswordHashFormats.verificationMemoryKib(django, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // bcrypt cost 15 and 31: beyond what real systems write
            "$2b$15$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
            "$2a$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
            // sha512-crypt with 2,000,000 rounds; PHPass 2^21
            "$6$rounds=2000000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.",
            "$P$JIQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0",
            // scrypt N = 2^20, r = 8: 1 GiB
            "scrypt$1048576$NaCl$8$1$/bq+HJ00cgB4VucZDQHp/nxq18vII3gw53N2Y0s3MWIurzDZLiKjiG/xCSedmDDaxyevuUqD7m2DYMvfoswGQA==",
            // N not a power of two; p = 64
            "scrypt$1000$NaCl$8$1$/bq+HJ00cgB4VucZDQHp/nxq18vII3gw53N2Y0s3MWIurzDZLiKjiG/xCSedmDDaxyevuUqD7m2DYMvfoswGQA==",
            "scrypt$1024$NaCl$8$64$/bq+HJ00cgB4VucZDQHp/nxq18vII3gw53N2Y0s3MWIurzDZLiKjiG/xCSedmDDaxyevuUqD7m2DYMvfoswGQA==",
            // PBKDF2: 20,000,000 iterations; a 96-byte derived key (three times the work)
            "pbkdf2_sha256$20000000$salt$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw=",
            "pbkdf2_sha256$1000$salt$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLxJypzM8Xm2RZkWZLOdd+8xfHG4RbHjC9UJESBB06GXg1awEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLxJypzM8Xm2RZkWZLOdd+8x",
            "$pbkdf2-sha512$i=20000000$c2FsdA==$hn9wzxreAs/zdSWZo6U9xK80x6ZpgVrl1RNVThyM8lLALUcKKFoFAbrZmb/pQ8CPBQI119aLHaVeY/c7YKV/zg==",
            // argon2: 256 MiB, and 64 MiB with 16 passes (twice the work bound)
            "$argon2id$v=19$m=262144,t=2,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
            "argon2$argon2id$v=19$m=65536,t=16,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
            // malformed
            "$1$saltstri$short", "$5$saltstring$", "$P$9short", "crypt$$a", "sha1$salt$nothex", "md5$salt$abc",
            "firebase-scrypt$$", "$pbkdf2-md5$i=1$c2FsdA==$hn9wzxreAs/zdSWZo6U9xK80x6Zpg==" })
    void costsBeyondRealSystemsAndMalformedHashesAreNotImportable(String hash) {
        assertTrue(PasswordHashFormats.importableFormatOf(hash).isEmpty(), hash);
    }
}
