package dev.accounts.mfa;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for TOTP secrets at rest: a database dump alone does not give anyone's codes. Stored as
 * 12-byte nonce || ciphertext || 16-byte tag; the user id is the associated data, so that a row copied
 * onto another user does not decrypt.
 */
final class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    // Per instance, not static: a static SecureRandom would be created, and seeded, while the native
    // image is built (Quarkus initializes classes at build time) and the builder refuses it.
    private final SecureRandom random = new SecureRandom();

    private final SecretKeySpec key;

    /** {@code base64Key}: 32 random bytes, base64 (accounts.mfa.encryption-key). */
    SecretBox(String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("accounts.mfa.encryption-key is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("accounts.mfa.encryption-key must be 32 bytes (base64 of 32 random bytes)");
        }
        key = new SecretKeySpec(raw, "AES");
    }

    byte[] seal(byte[] plain, byte[] associated) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associated);
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    byte[] open(byte[] stored, byte[] associated) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(associated);
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored TOTP secret does not decrypt with accounts.mfa.encryption-key", e);
        }
    }
}
