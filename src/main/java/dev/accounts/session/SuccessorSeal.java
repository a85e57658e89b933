package dev.accounts.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.accounts.security.HmacSha256;

/**
 * Seals a rotated refresh token's successor so that only a holder of the rotated token can open it: the
 * AES-256-GCM key is HMAC-SHA256(rotated token, label), and the database holds only the rotated token's
 * SHA-256 hash, from which the key cannot be had. Someone who reads the database learns no live token;
 * someone who presents the rotated token within the reuse interval gets exactly the successor its first
 * presentation got, not a second live one. The rotated token's hash is the associated data: a sealed
 * value moved to another row does not open.
 */
final class SuccessorSeal {

    private static final byte[] LABEL = "accounts refresh-token successor v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    // Per instance, not static: a static SecureRandom would be seeded while the native image is built.
    private final SecureRandom random = new SecureRandom();

    byte[] seal(String rotatedToken, String rotatedHash, String successorToken) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, rotatedToken, rotatedHash, nonce,
                successorToken.getBytes(StandardCharsets.US_ASCII));
        byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return out;
    }

    /** The successor, or empty when the value does not open with this token (or is not one). */
    Optional<String> open(String rotatedToken, String rotatedHash, byte[] sealed) {
        if (sealed == null || sealed.length <= NONCE_BYTES) {
            return Optional.empty();
        }
        try {
            byte[] plain = crypt(Cipher.DECRYPT_MODE, rotatedToken, rotatedHash, Arrays.copyOf(sealed, NONCE_BYTES),
                    Arrays.copyOfRange(sealed, NONCE_BYTES, sealed.length));
            return Optional.of(new String(plain, StandardCharsets.US_ASCII));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static byte[] crypt(int mode, String rotatedToken, String rotatedHash, byte[] nonce, byte[] input) {
        byte[] key = HmacSha256.mac(rotatedToken.getBytes(StandardCharsets.US_ASCII), LABEL);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(rotatedHash.getBytes(StandardCharsets.US_ASCII));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealed successor does not open", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
