package dev.accounts.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import com.password4j.BcryptFunction;

import dev.accounts.security.argon2.Argon2Engine;
import dev.accounts.security.argon2.Argon2Phc;

/**
 * The password-hash formats the service can verify: its own argon2 PHC strings, bcrypt, and the
 * formats Django stores ({@code pbkdf2_sha256$...}, {@code argon2$...}, {@code bcrypt_sha256$...},
 * {@code bcrypt$...}), so that imported users sign in with their old password. New hashes are always
 * argon2id ({@link PasswordHasher}); the others are only verified, then replaced on the next login.
 */
public final class PasswordHashFormats {

    /** A recognised format. */
    public enum Format {
        ARGON2, BCRYPT, DJANGO_PBKDF2_SHA256, DJANGO_ARGON2, DJANGO_BCRYPT_SHA256, DJANGO_BCRYPT
    }

    /** Django's iteration counts stay far below this; a larger one would only be a way to burn our CPU. */
    private static final int MAX_PBKDF2_ITERATIONS = 10_000_000;
    private static final int PBKDF2_SHA256_BYTES = 32;
    private static final int MAX_HASH_LENGTH = 512;

    private PasswordHashFormats() {
    }

    /** The format of a stored hash, or empty when the service cannot verify it. */
    public static Optional<Format> formatOf(String hash) {
        if (hash == null || hash.length() > MAX_HASH_LENGTH) {
            return Optional.empty();
        }
        Format format = null;
        if (hash.startsWith("$argon2id$") || hash.startsWith("$argon2i$")) {
            format = Format.ARGON2;
        } else if (hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$")) {
            format = Format.BCRYPT;
        } else if (hash.startsWith("pbkdf2_sha256$")) {
            format = Format.DJANGO_PBKDF2_SHA256;
        } else if (hash.startsWith("argon2$argon2id$") || hash.startsWith("argon2$argon2i$")) {
            format = Format.DJANGO_ARGON2;
        } else if (hash.startsWith("bcrypt_sha256$$2")) {
            format = Format.DJANGO_BCRYPT_SHA256;
        } else if (hash.startsWith("bcrypt$$2")) {
            format = Format.DJANGO_BCRYPT;
        }
        return Optional.ofNullable(format).filter(f -> isWellFormed(f, hash));
    }

    /** True when the password matches; false for a wrong password or a hash that cannot be read. */
    public static boolean verify(String password, String hash) {
        Optional<Format> format = formatOf(hash);
        if (format.isEmpty()) {
            return false;
        }
        try {
            return switch (format.get()) {
                case ARGON2 -> verifyArgon2(password, hash);
                case BCRYPT -> verifyBcrypt(password, hash);
                case DJANGO_PBKDF2_SHA256 -> verifyDjangoPbkdf2(password, hash);
                case DJANGO_ARGON2 -> verifyArgon2(password, hash.substring("argon2".length()));
                case DJANGO_BCRYPT_SHA256 -> verifyBcrypt(Sha256.hex(password), hash.substring("bcrypt_sha256$".length()));
                case DJANGO_BCRYPT -> verifyBcrypt(password, hash.substring("bcrypt$".length()));
            };
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    private static boolean isWellFormed(Format format, String hash) {
        return switch (format) {
            case ARGON2 -> Argon2Phc.parse(hash).isPresent();
            case DJANGO_ARGON2 -> Argon2Phc.parse(hash.substring("argon2".length())).isPresent();
            case DJANGO_PBKDF2_SHA256 -> {
                String[] parts = hash.split("\\$", -1);
                yield parts.length == 4 && parts[1].matches("[1-9][0-9]{0,7}")
                        && Integer.parseInt(parts[1]) <= MAX_PBKDF2_ITERATIONS && !parts[2].isEmpty()
                        && !parts[3].isEmpty();
            }
            case BCRYPT, DJANGO_BCRYPT, DJANGO_BCRYPT_SHA256 -> hash.substring(hash.indexOf("$2")).length() == 60;
        };
    }

    private static boolean verifyArgon2(String password, String phc) {
        return Argon2Phc.parse(phc).map(hash -> hash.matches(password, Argon2Engine.forCurrentThread())).orElse(false);
    }

    private static boolean verifyBcrypt(String password, String hash) {
        return BcryptFunction.getInstanceFromHash(hash).check(password, hash);
    }

    /** Django's PBKDF2PasswordHasher: base64(PBKDF2-HMAC-SHA256(password, salt as text, iterations, 32)). */
    private static boolean verifyDjangoPbkdf2(String password, String hash) {
        String[] parts = hash.split("\\$", -1);
        int iterations = Integer.parseInt(parts[1]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), parts[2].getBytes(StandardCharsets.UTF_8),
                    iterations, Math.max(expected.length, PBKDF2_SHA256_BYTES) * 8);
            byte[] actual = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            return MessageDigest.isEqual(expected, actual);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required of every Java platform", e);
        }
    }
}
