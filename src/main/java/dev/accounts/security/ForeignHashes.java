package dev.accounts.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.apache.commons.codec.digest.UnixCrypt;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Verifiers of the foreign hash formats that imports bring besides argon2 and bcrypt: PBKDF2 (Django's
 * {@code pbkdf2_sha1}, Keycloak's exports), scrypt (Django's and Firebase's modified one), the crypt(3)
 * family (md5-crypt, sha256/sha512-crypt, DES for Django's {@code crypt}), PHPass and Django's legacy
 * salted and unsalted MD5 and SHA-1. The algorithms are Bouncy Castle's and commons-codec's, pure Java;
 * only the framing of each format is written here. Every parse bounds the cost a hash may ask for
 * (see {@link PasswordHashFormats}), so that an imported hash cannot make a login burn seconds or
 * hundreds of MiB. Comparisons are constant-time.
 */
final class ForeignHashes {

    /**
     * PBKDF2: Django 6 uses 1,200,000 iterations, Keycloak 600,000 (SHA-256) and 210,000 (SHA-512). The
     * bound is on iterations times derived-key blocks (each block of a longer key is the whole work again):
     * 2,000,000 SHA-1/SHA-256 block-iterations (about 0.45 s here), 600,000 for SHA-512 (slower per round).
     */
    static final int MAX_PBKDF2_ITERATIONS = 2_000_000;
    static final int MAX_PBKDF2_SHA512_WORK = 600_000;
    /** Keycloak derives 512 bits whatever the digest; Django exactly the digest's size. */
    static final int MAX_PBKDF2_KEY_BYTES = 64;
    /** sha-crypt: glibc's default is 5,000 rounds, passlib's 535,000 (SHA-256) and 656,000 (SHA-512). */
    static final int MAX_SHA_CRYPT_ROUNDS = 1_000_000;
    /** PHPass: WordPress writes 2^13 (B), phpBB 2^11 (9); phpass allows up to 2^30. */
    static final int MAX_PHPASS_LOG2 = 16;
    /** scrypt: Django and Firebase use N = 2^14, r = 8, p = 1 (16 MiB); 8 times that work at most. */
    static final long MAX_SCRYPT_MEMORY_BYTES = 128L << 20;
    static final long MAX_SCRYPT_WORK = 1L << 20;

    private static final String ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern KEYCLOAK_PBKDF2 = Pattern.compile(
            "\\$pbkdf2(|-sha256|-sha512)\\$i=([1-9][0-9]{0,7})\\$([A-Za-z0-9+/]{4,172}={0,2})\\$([A-Za-z0-9+/]{22,88}={0,2})");
    private static final Pattern DJANGO_SCRYPT = Pattern.compile(
            "scrypt\\$([1-9][0-9]{0,7})\\$([^$]{1,128})\\$([1-9][0-9]?)\\$([1-9][0-9]?)\\$([A-Za-z0-9+/]{22,172}={0,2})");
    private static final Pattern SHA_CRYPT = Pattern.compile(
            "\\$([56])\\$(?:rounds=([0-9]{1,9})\\$)?[./0-9A-Za-z]{0,16}\\$[./0-9A-Za-z]{43,86}");

    private ForeignHashes() {
    }

    // ---- PBKDF2 ------------------------------------------------------------------------------------

    /**
     * PBKDF2 (RFC 8018) on Bouncy Castle's HMAC, written out so that the loop stops when its thread is
     * interrupted (PasswordHasher's deadline): Bouncy Castle's generator would run to the end.
     */
    static boolean pbkdf2(String digest, byte[] password, byte[] salt, int iterations, byte[] expected) {
        Digest hmacDigest = switch (digest) {
            case "sha1" -> new SHA1Digest();
            case "sha256" -> new SHA256Digest();
            case "sha512" -> new SHA512Digest();
            default -> throw new IllegalArgumentException("no PBKDF2 digest " + digest);
        };
        HMac hmac = new HMac(hmacDigest);
        hmac.init(new KeyParameter(password));
        int blockLength = hmac.getMacSize();
        byte[] actual = new byte[expected.length];
        byte[] u = new byte[blockLength];
        byte[] t = new byte[blockLength];
        for (int block = 1, offset = 0; offset < actual.length; block++, offset += blockLength) {
            hmac.update(salt, 0, salt.length);
            hmac.update(new byte[] { (byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block }, 0, 4);
            hmac.doFinal(u, 0);
            System.arraycopy(u, 0, t, 0, blockLength);
            for (int i = 1; i < iterations; i++) {
                if ((i & 0x3fff) == 0 && Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("PBKDF2 interrupted");
                }
                hmac.update(u, 0, blockLength);
                hmac.doFinal(u, 0);
                for (int j = 0; j < blockLength; j++) {
                    t[j] ^= u[j];
                }
            }
            System.arraycopy(t, 0, actual, offset, Math.min(blockLength, actual.length - offset));
        }
        return MessageDigest.isEqual(expected, actual);
    }

    /** The digest's output size, bytes. */
    static int digestBytes(String digest) {
        return switch (digest) {
            case "sha1" -> 20;
            case "sha256" -> 32;
            default -> 64;
        };
    }

    /** Iterations times derived-key blocks within the digest's bound. */
    static boolean pbkdf2WorkAcceptable(String digest, long iterations, int keyBytes) {
        long blocks = (keyBytes + digestBytes(digest) - 1) / digestBytes(digest);
        return iterations * blocks <= (digest.equals("sha512") ? MAX_PBKDF2_SHA512_WORK : MAX_PBKDF2_ITERATIONS);
    }

    /** Django's PBKDF2SHA1PasswordHasher: {@code pbkdf2_sha1$iterations$salt$base64(hash)}. */
    static boolean djangoPbkdf2WellFormed(String hash, int digestBytes) {
        String[] parts = hash.split("\\$", -1);
        if (parts.length != 4 || !parts[1].matches("[1-9][0-9]{0,7}") || parts[2].isEmpty()
                || Integer.parseInt(parts[1]) > MAX_PBKDF2_ITERATIONS) {
            return false;
        }
        byte[] expected = base64(parts[3]);
        // Django derives exactly the digest's size (dklen=None); a longer key would only multiply the work.
        return expected != null && expected.length == digestBytes;
    }

    static boolean verifyDjangoPbkdf2(String digest, String password, String hash) {
        String[] parts = hash.split("\\$", -1);
        return pbkdf2(digest, utf8(password), utf8(parts[2]), Integer.parseInt(parts[1]), base64(parts[3]));
    }

    /**
     * Keycloak's PBKDF2 credentials, as {@link KeycloakCredentials} writes them from an export:
     * {@code $pbkdf2-sha256$i=27500$base64(salt)$base64(hash)} ({@code $pbkdf2$} is SHA-1).
     */
    static boolean keycloakPbkdf2WellFormed(String hash) {
        Matcher m = KEYCLOAK_PBKDF2.matcher(hash);
        if (!m.matches()) {
            return false;
        }
        byte[] salt = base64(m.group(3));
        byte[] expected = base64(m.group(4));
        return salt != null && expected != null && expected.length >= 16 && expected.length <= MAX_PBKDF2_KEY_BYTES
                && pbkdf2WorkAcceptable(keycloakDigest(m.group(1)), Long.parseLong(m.group(2)), expected.length);
    }

    private static String keycloakDigest(String suffix) {
        return suffix.isEmpty() ? "sha1" : suffix.substring(1);
    }

    static boolean verifyKeycloakPbkdf2(String password, String hash) {
        Matcher m = KEYCLOAK_PBKDF2.matcher(hash);
        if (!m.matches()) {
            return false;
        }
        String digest = keycloakDigest(m.group(1));
        return pbkdf2(digest, utf8(password), base64(m.group(3)), Integer.parseInt(m.group(2)), base64(m.group(4)));
    }

    // ---- scrypt ------------------------------------------------------------------------------------

    /** Bytes of memory an scrypt verification holds: 128 * N * r, plus 128 * r * p for the blocks. */
    static long scryptMemoryBytes(long n, int r, int p) {
        return 128L * n * r + 128L * r * p;
    }

    static boolean scryptCostAcceptable(long n, int r, int p) {
        return n >= 2 && n <= (1 << 24) && Long.bitCount(n) == 1 && r >= 1 && r <= 32 && p >= 1 && p <= 16
                && scryptMemoryBytes(n, r, p) <= MAX_SCRYPT_MEMORY_BYTES && n * r * p <= MAX_SCRYPT_WORK * 8;
    }

    /** Django's ScryptPasswordHasher: {@code scrypt$N$salt$r$p$base64(hash)}, 64-byte key. */
    static boolean djangoScryptWellFormed(String hash) {
        Matcher m = DJANGO_SCRYPT.matcher(hash);
        return m.matches() && scryptCostAcceptable(Long.parseLong(m.group(1)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4))) && base64(m.group(5)) != null;
    }

    static long djangoScryptMemoryBytes(String hash) {
        Matcher m = DJANGO_SCRYPT.matcher(hash);
        return m.matches() ? scryptMemoryBytes(Long.parseLong(m.group(1)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4))) : 0;
    }

    static boolean verifyDjangoScrypt(String password, String hash) {
        Matcher m = DJANGO_SCRYPT.matcher(hash);
        if (!m.matches()) {
            return false;
        }
        byte[] expected = base64(m.group(5));
        byte[] actual = SCrypt.generate(utf8(password), utf8(m.group(2)), Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /**
     * Firebase's modified scrypt ({@code firebase-scrypt$base64(salt)$base64(hash)}, as exported by
     * {@code firebase auth:export}): the scrypt key of the password and salt + salt separator encrypts the
     * project's signer key with AES-256-CTR and a zero IV; the result is the stored hash.
     */
    static boolean firebaseWellFormed(String hash) {
        String[] parts = hash.split("\\$", -1);
        if (parts.length != 3) {
            return false;
        }
        byte[] salt = base64(parts[1]);
        byte[] expected = base64(parts[2]);
        return salt != null && salt.length >= 4 && salt.length <= 64 && expected != null && expected.length >= 16
                && expected.length <= 128;
    }

    static boolean verifyFirebase(String password, String hash, FirebaseScrypt project) {
        if (project == null) {
            return false;
        }
        String[] parts = hash.split("\\$", -1);
        byte[] salt = base64(parts[1]);
        byte[] expected = base64(parts[2]);
        byte[] saltAndSeparator = new byte[salt.length + project.saltSeparator().length];
        System.arraycopy(salt, 0, saltAndSeparator, 0, salt.length);
        System.arraycopy(project.saltSeparator(), 0, saltAndSeparator, salt.length, project.saltSeparator().length);
        byte[] key = SCrypt.generate(utf8(password), saltAndSeparator, 1 << project.memCost(), project.rounds(), 1, 32);
        try {
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
            byte[] actual = aes.doFinal(project.signerKey());
            return MessageDigest.isEqual(expected, actual);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding is required of every Java platform", e);
        }
    }

    /** A Firebase project's hash parameters, decoded. */
    record FirebaseScrypt(byte[] signerKey, byte[] saltSeparator, int rounds, int memCost) {

        /** The parameters, bounded as other scrypt costs; empty when they are unreadable or too costly. */
        static java.util.Optional<FirebaseScrypt> of(String signerKey, String saltSeparator, int rounds, int memCost) {
            byte[] key = base64(signerKey);
            byte[] separator = base64(saltSeparator);
            if (key == null || key.length == 0 || separator == null || memCost < 1 || memCost > 24
                    || !scryptCostAcceptable(1L << memCost, rounds, 1)) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new FirebaseScrypt(key, separator, rounds, memCost));
        }

        long memoryBytes() {
            return scryptMemoryBytes(1L << memCost, rounds, 1);
        }

        @Override
        public String toString() {
            return "FirebaseScrypt[rounds=" + rounds + ", memCost=" + memCost + "]";
        }
    }

    // ---- crypt(3) ----------------------------------------------------------------------------------

    static boolean md5CryptWellFormed(String hash) {
        return hash.matches("\\$1\\$[./0-9A-Za-z]{0,8}\\$[./0-9A-Za-z]{22}");
    }

    static boolean verifyMd5Crypt(String password, String hash) {
        return equalStrings(hash, Md5Crypt.md5Crypt(utf8(password), hash));
    }

    static boolean shaCryptWellFormed(String hash) {
        Matcher m = SHA_CRYPT.matcher(hash);
        if (!m.matches()) {
            return false;
        }
        int expectedLength = m.group(1).equals("5") ? 43 : 86;
        if (hash.length() - hash.lastIndexOf('$') - 1 != expectedLength) {
            return false;
        }
        return m.group(2) == null || Integer.parseInt(m.group(2)) <= MAX_SHA_CRYPT_ROUNDS;
    }

    static boolean verifyShaCrypt(String password, String hash) {
        String computed = hash.startsWith("$5$") ? Sha2Crypt.sha256Crypt(utf8(password), hash)
                : Sha2Crypt.sha512Crypt(utf8(password), hash);
        return equalStrings(hash, computed);
    }

    /** Django's CryptPasswordHasher: {@code crypt$$} and a traditional DES crypt(3) string (2-char salt). */
    static boolean djangoCryptWellFormed(String hash) {
        return hash.matches("crypt\\$[^$]*\\$[./0-9A-Za-z]{13}");
    }

    static boolean verifyDjangoCrypt(String password, String hash) {
        String data = hash.substring(hash.lastIndexOf('$') + 1);
        return equalStrings(data, UnixCrypt.crypt(utf8(password), data.substring(0, 2)));
    }

    // ---- PHPass ------------------------------------------------------------------------------------

    /** PHPass portable hashes (WordPress {@code $P$}, phpBB {@code $H$}): 34 characters. */
    static boolean phpassWellFormed(String hash) {
        if (!hash.matches("\\$[PH]\\$[./0-9A-Za-z]{31}")) {
            return false;
        }
        int log2 = ITOA64.indexOf(hash.charAt(3));
        return log2 >= 7 && log2 <= MAX_PHPASS_LOG2;
    }

    static boolean verifyPhpass(String password, String hash) {
        int count = 1 << ITOA64.indexOf(hash.charAt(3));
        byte[] salt = hash.substring(4, 12).getBytes(StandardCharsets.US_ASCII);
        byte[] secret = utf8(password);
        MessageDigest md5 = digest("MD5");
        md5.update(salt);
        byte[] h = md5.digest(secret);
        for (int i = 0; i < count; i++) {
            if ((i & 0xfff) == 0 && Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("PHPass interrupted");
            }
            md5.update(h);
            h = md5.digest(secret);
        }
        return equalStrings(hash, hash.substring(0, 12) + phpassBase64(h));
    }

    /** phpass's encode64: little-endian groups of 6 bits in its own alphabet. */
    private static String phpassBase64(byte[] input) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int count = input.length;
        do {
            int value = input[i++] & 0xff;
            out.append(ITOA64.charAt(value & 0x3f));
            if (i < count) {
                value |= (input[i] & 0xff) << 8;
            }
            out.append(ITOA64.charAt((value >> 6) & 0x3f));
            if (i++ >= count) {
                break;
            }
            if (i < count) {
                value |= (input[i] & 0xff) << 16;
            }
            out.append(ITOA64.charAt((value >> 12) & 0x3f));
            if (i++ >= count) {
                break;
            }
            out.append(ITOA64.charAt((value >> 18) & 0x3f));
        } while (i < count);
        return out.toString();
    }

    // ---- Django's legacy digests -------------------------------------------------------------------

    /** {@code sha1$salt$hex}, {@code md5$salt$hex} (salt may be empty: the unsalted hashers' form). */
    static boolean djangoDigestWellFormed(String hash, String algorithm, int hexLength) {
        String[] parts = hash.split("\\$", -1);
        return parts.length == 3 && parts[0].equals(algorithm) && parts[1].length() <= 128
                && parts[2].matches("[0-9a-f]{" + hexLength + "}");
    }

    /** Django's SHA1PasswordHasher / MD5PasswordHasher: hex(digest(salt + password)). */
    static boolean verifyDjangoDigest(String algorithm, String password, String hash) {
        String[] parts = hash.split("\\$", -1);
        String hex = HexFormat.of().formatHex(digest(algorithm).digest(utf8(parts[1] + password)));
        return equalStrings(parts[2], hex);
    }

    /** Django's UnsaltedMD5PasswordHasher writes the bare hex digest. */
    static boolean verifyUnsaltedMd5(String password, String hexHash) {
        return equalStrings(hexHash, HexFormat.of().formatHex(digest("MD5").digest(utf8(password))));
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha1") ? "SHA-1" : algorithm.equals("md5") ? "MD5" : algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }

    private static boolean equalStrings(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Standard base64 with or without padding, or null. */
    static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
