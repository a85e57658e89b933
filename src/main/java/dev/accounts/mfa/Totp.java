package dev.accounts.mfa;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 TOTP with the parameters every authenticator app supports: HMAC-SHA-1, 6 digits, 30-second
 * steps. javax.crypto alone (a dozen lines), so nothing is reached by reflection in the native image.
 */
public final class Totp {

    public static final int DIGITS = 6;
    public static final long STEP_SECONDS = 30;
    /** Codes of the step before and after now are accepted too: clocks drift and people type slowly. */
    static final int SKEW_STEPS = 1;

    private static final int[] POWERS = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000 };

    private Totp() {
    }

    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The code of a time step (RFC 4226 dynamic truncation); {@code algorithm} is HmacSHA1 in production. */
    static String code(byte[] secret, long step, String algorithm, int digits) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, "RAW"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            String code = Integer.toString(binary % POWERS[digits]);
            return "0".repeat(digits - code.length()) + code;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC unavailable", e);
        }
    }

    public static String code(byte[] secret, long step) {
        return code(secret, step, "HmacSHA1", DIGITS);
    }

    /**
     * The step within the skew window whose code matches and that is later than {@code lastUsedStep}
     * (a code is accepted once); empty otherwise. Every candidate is compared, in constant time.
     */
    static OptionalLong match(byte[] secret, String presented, Instant now, Long lastUsedStep) {
        if (presented == null || presented.length() != DIGITS || !presented.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long current = step(now);
        OptionalLong matched = OptionalLong.empty();
        for (long candidate = current - SKEW_STEPS; candidate <= current + SKEW_STEPS; candidate++) {
            boolean equal = MessageDigest.isEqual(code(secret, candidate).getBytes(), presented.getBytes());
            if (equal && matched.isEmpty() && (lastUsedStep == null || candidate > lastUsedStep)) {
                matched = OptionalLong.of(candidate);
            }
        }
        return matched;
    }
}
