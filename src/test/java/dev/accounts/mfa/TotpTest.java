package dev.accounts.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 6238 appendix B test vectors, and the acceptance window. */
class TotpTest {

    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SEED = "1234567890123456789012345678901234567890123456789012345678901234"
            .getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
            "59, 94287082, 46119246, 90693936",
            "1111111109, 07081804, 68084774, 25091201",
            "1111111111, 14050471, 67062674, 99943326",
            "1234567890, 89005924, 91819424, 93441116",
            "2000000000, 69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826" })
    void rfc6238Vectors(long time, String sha1, String sha256, String sha512) {
        long step = Totp.step(Instant.ofEpochSecond(time));
        assertEquals(sha1, Totp.code(SHA1_SEED, step, "HmacSHA1", 8));
        assertEquals(sha256, Totp.code(SHA256_SEED, step, "HmacSHA256", 8));
        assertEquals(sha512, Totp.code(SHA512_SEED, step, "HmacSHA512", 8));
    }

    @Test
    void sixDigitsAreTheLastSixOfTheEightDigitVector() {
        assertEquals("287082", Totp.code(SHA1_SEED, Totp.step(Instant.ofEpochSecond(59))));
    }

    @Test
    void oneStepOfSkewEitherWayAndNoReplay() {
        Instant now = Instant.ofEpochSecond(1_111_111_111);
        long step = Totp.step(now);
        assertEquals(OptionalLong.of(step - 1), Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step - 1), now, null));
        assertEquals(OptionalLong.of(step + 1), Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step + 1), now, null));
        assertTrue(Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step - 2), now, null).isEmpty());
        assertTrue(Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step + 2), now, null).isEmpty());
        // Accepted once: a code of a step at or before the last accepted one is refused.
        assertTrue(Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step), now, step).isEmpty());
        assertTrue(Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step - 1), now, step).isEmpty());
        assertTrue(Totp.match(SHA1_SEED, "12345", now, null).isEmpty());
        assertTrue(Totp.match(SHA1_SEED, "abcdef", now, null).isEmpty());
    }
}
