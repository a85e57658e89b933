package dev.accounts.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of text (UTF-8): the one place the service computes it, for stored token hashes and lock keys. */
public final class Sha256 {

    private Sha256() {
    }

    /** The digest as 64 lower-case hex digits, as token hashes are stored. */
    public static String hex(String text) {
        return HexFormat.of().formatHex(digest(text));
    }

    /** The first 64 bits of the digest, big-endian: a well-spread key, e.g. for PostgreSQL advisory locks. */
    public static long leading64Bits(String text) {
        return ByteBuffer.wrap(digest(text)).getLong();
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
