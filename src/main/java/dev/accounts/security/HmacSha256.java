package dev.accounts.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 of text (UTF-8) under a key: a keyed hash nobody without the key can compute or test guesses against. */
public final class HmacSha256 {

    private HmacSha256() {
    }

    /** The MAC as 64 lower-case hex digits. */
    public static String hex(byte[] key, String text) {
        return HexFormat.of().formatHex(mac(key, text.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] mac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
