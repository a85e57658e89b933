package dev.accounts.security;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Single-use secrets (activation, refresh, reset tokens): 256 random bits, handed to the client once as
 * URL-safe base64, and stored only as their SHA-256 hash.
 */
public final class SecureTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 32;

    private SecureTokens() {
    }

    /** A fresh token and its hash. */
    public static IssuedToken issue() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new IssuedToken(token, hash(token));
    }

    /** The hex SHA-256 of a token as the client presents it. */
    public static String hash(String token) {
        return Sha256.hex(token);
    }

    /** The token goes to the client; only the hash is stored. */
    public record IssuedToken(String token, String hash) {
        @Override
        public String toString() {
            return "IssuedToken[redacted]";
        }
    }
}
