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
 * The password-hash formats the service can verify: its own argon2 PHC strings, bcrypt (also Auth0's
 * and Supabase's exports), every hasher Django ships, and the foreign formats of {@link ForeignHashes}
 * (Firebase's scrypt, PHPass, md5-crypt, sha256/512-crypt, Keycloak's PBKDF2), so that imported users
 * sign in with their old password. New hashes are always
 * argon2id ({@link PasswordHasher}); the others are only verified, then replaced on the next login.
 */
public final class PasswordHashFormats {

    /** A recognised format; its label names it in import reports and the accounts_users_legacy_hash gauge. */
    public enum Format {
        ARGON2("argon2"), BCRYPT("bcrypt"), DJANGO_PBKDF2_SHA256("django_pbkdf2_sha256"),
        DJANGO_ARGON2("django_argon2"), DJANGO_BCRYPT_SHA256("django_bcrypt_sha256"), DJANGO_BCRYPT("django_bcrypt"),
        DJANGO_PBKDF2_SHA1("django_pbkdf2_sha1"), DJANGO_SCRYPT("django_scrypt"), DJANGO_SHA1("django_sha1"),
        DJANGO_MD5("django_md5"), DJANGO_UNSALTED_SHA1("django_unsalted_sha1"),
        DJANGO_UNSALTED_MD5("django_unsalted_md5"), DJANGO_CRYPT("django_crypt"), MD5_CRYPT("md5_crypt"),
        SHA256_CRYPT("sha256_crypt"), SHA512_CRYPT("sha512_crypt"), PHPASS("phpass"),
        FIREBASE_SCRYPT("firebase_scrypt"), KEYCLOAK_PBKDF2("keycloak_pbkdf2");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * The Django hash of a user who has no usable password ({@code make_password(None)}: {@code !} and 40
     * random characters). Imported as it is: it verifies no password, so the account must be reset.
     */
    public static boolean isUnusable(String hash) {
        return hash != null && hash.startsWith("!") && hash.length() <= MAX_HASH_LENGTH;
    }

    /**
     * The largest memory an imported argon2 or scrypt hash may ask for (Django's argon2 default is
     * 100 MiB, argon2-cffi's low-memory RFC 9106 profile 64 MiB, scrypt's usual 16 MiB).
     */
    static final int MAX_IMPORTED_MEMORY_KIB = 128 * 1024;
    /**
     * argon2's work, memory times passes, of an imported hash: almost twice Django's default (200 MiB
     * passes, 0.3 s here), twice argon2-cffi's RFC 9106 low-memory profile (64 MiB, t = 3).
     */
    static final long MAX_IMPORTED_ARGON2_WORK_KIB = 384L * 1024;
    static final int MAX_IMPORTED_ARGON2_PARALLELISM = 16;
    /** bcrypt: Django, Laravel and Devise write 12, Auth0, Supabase and Spring 10; 13 takes 0.45 s here, 14 0.9 s. */
    static final int MAX_BCRYPT_COST = 13;

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
        } else {
            format = foreignFormatOf(hash);
        }
        return Optional.ofNullable(format).filter(f -> isWellFormed(f, hash));
    }

    private static Format foreignFormatOf(String hash) {
        if (hash.startsWith("pbkdf2_sha1$")) {
            return Format.DJANGO_PBKDF2_SHA1;
        } else if (hash.startsWith("scrypt$")) {
            return Format.DJANGO_SCRYPT;
        } else if (hash.startsWith("sha1$$")) {
            return Format.DJANGO_UNSALTED_SHA1;
        } else if (hash.startsWith("sha1$")) {
            return Format.DJANGO_SHA1;
        } else if (hash.startsWith("md5$$") || hash.matches("[0-9a-f]{32}")) {
            return Format.DJANGO_UNSALTED_MD5;
        } else if (hash.startsWith("md5$")) {
            return Format.DJANGO_MD5;
        } else if (hash.startsWith("crypt$")) {
            return Format.DJANGO_CRYPT;
        } else if (hash.startsWith("$1$")) {
            return Format.MD5_CRYPT;
        } else if (hash.startsWith("$5$")) {
            return Format.SHA256_CRYPT;
        } else if (hash.startsWith("$6$")) {
            return Format.SHA512_CRYPT;
        } else if (hash.startsWith("$P$") || hash.startsWith("$H$")) {
            return Format.PHPASS;
        } else if (hash.startsWith("firebase-scrypt$")) {
            return Format.FIREBASE_SCRYPT;
        } else if (hash.startsWith("$pbkdf2$") || hash.startsWith("$pbkdf2-")) {
            return Format.KEYCLOAK_PBKDF2;
        }
        return null;
    }

    /**
     * The format of a hash an import brings, or empty when the service cannot verify it or it asks for
     * more than a real system would (bcrypt cost, PBKDF2 iterations and key length, scrypt N, r, p and
     * memory, argon2 m, t and p): its cost is work every login of that user would do here.
     */
    public static Optional<Format> importableFormatOf(String hash) {
        return formatOf(hash).filter(format -> switch (format) {
            case ARGON2, DJANGO_ARGON2 -> Argon2Phc.parse(hash.substring(hash.indexOf('$'))).filter(
                    phc -> phc.memoryKib() <= MAX_IMPORTED_MEMORY_KIB
                            && (long) phc.memoryKib() * phc.iterations() <= MAX_IMPORTED_ARGON2_WORK_KIB
                            && phc.parallelism() <= MAX_IMPORTED_ARGON2_PARALLELISM).isPresent();
            default -> true;
        });
    }

    /**
     * Why an import refuses this hash, naming the parameter over its bound (nothing of the hash itself),
     * or empty when {@link #importableFormatOf} accepts it.
     */
    public static Optional<String> importRefusal(String hash) {
        if (hash == null || importableFormatOf(hash).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(costRefusal(hash).orElse(formatOf(hash).isPresent()
                ? "its cost (rounds, iterations or memory) is beyond what the service verifies"
                : "not a hash format the service verifies (see the README's list)"));
    }

    private static final java.util.regex.Pattern BCRYPT_COST = java.util.regex.Pattern.compile("(?:bcrypt(?:_sha256)?\\$)?\\$2[aby]\\$([0-9]{1,3})\\$.*");
    private static final java.util.regex.Pattern ARGON2_COST = java.util.regex.Pattern.compile("(?:argon2)?\\$argon2(?:id|i|d)\\$(?:v=[0-9]+\\$)?m=([0-9]{1,10}),t=([0-9]{1,10}),p=([0-9]{1,10})\\$.*");
    private static final java.util.regex.Pattern DJANGO_PBKDF2_COST = java.util.regex.Pattern.compile("pbkdf2_(sha256|sha1)\\$([0-9]{1,10})\\$[^$]*\\$([A-Za-z0-9+/=]*)");
    private static final java.util.regex.Pattern KEYCLOAK_PBKDF2_COST = java.util.regex.Pattern.compile("\\$pbkdf2(|-sha256|-sha512)\\$i=([0-9]{1,10})\\$[^$]*\\$([A-Za-z0-9+/=]*)");
    private static final java.util.regex.Pattern SHA_CRYPT_COST = java.util.regex.Pattern.compile("\\$[56]\\$rounds=([0-9]{1,10})\\$.*");

    /** The over-bound cost parameter of a recognisable hash, described; empty when none is. */
    private static Optional<String> costRefusal(String hash) {
        java.util.regex.Matcher m;
        if ((m = BCRYPT_COST.matcher(hash)).matches() && Integer.parseInt(m.group(1)) > MAX_BCRYPT_COST) {
            return Optional.of("bcrypt cost " + m.group(1) + " is above the accepted maximum of " + MAX_BCRYPT_COST);
        }
        if ((m = ARGON2_COST.matcher(hash)).matches()) {
            long memory = Long.parseLong(m.group(1));
            long passes = Long.parseLong(m.group(2));
            long lanes = Long.parseLong(m.group(3));
            if (memory > MAX_IMPORTED_MEMORY_KIB) {
                return Optional.of("argon2 memory m=" + memory + " KiB is above the accepted maximum of "
                        + MAX_IMPORTED_MEMORY_KIB + " KiB");
            }
            if (memory * passes > MAX_IMPORTED_ARGON2_WORK_KIB) {
                return Optional.of("argon2 work m*t=" + memory * passes + " KiB is above the accepted maximum of "
                        + MAX_IMPORTED_ARGON2_WORK_KIB + " KiB");
            }
            if (lanes > MAX_IMPORTED_ARGON2_PARALLELISM) {
                return Optional.of("argon2 parallelism p=" + lanes + " is above the accepted maximum of "
                        + MAX_IMPORTED_ARGON2_PARALLELISM);
            }
        }
        if ((m = DJANGO_PBKDF2_COST.matcher(hash)).matches()) {
            return pbkdf2Refusal(m.group(1), Long.parseLong(m.group(2)), m.group(3), true);
        }
        if ((m = KEYCLOAK_PBKDF2_COST.matcher(hash)).matches()) {
            return pbkdf2Refusal(m.group(1).isEmpty() ? "sha1" : m.group(1).substring(1), Long.parseLong(m.group(2)),
                    m.group(3), false);
        }
        if ((m = SHA_CRYPT_COST.matcher(hash)).matches() && Long.parseLong(m.group(1)) > ForeignHashes.MAX_SHA_CRYPT_ROUNDS) {
            return Optional.of("sha-crypt rounds=" + m.group(1) + " is above the accepted maximum of "
                    + ForeignHashes.MAX_SHA_CRYPT_ROUNDS);
        }
        if ((hash.startsWith("$P$") || hash.startsWith("$H$")) && hash.length() > 3) {
            int log2 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".indexOf(hash.charAt(3));
            if (log2 > ForeignHashes.MAX_PHPASS_LOG2) {
                return Optional.of("PHPass rounds 2^" + log2 + " are above the accepted maximum of 2^"
                        + ForeignHashes.MAX_PHPASS_LOG2);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> pbkdf2Refusal(String digest, long iterations, String key, boolean django) {
        byte[] derived = ForeignHashes.base64(key);
        if (derived == null) {
            return Optional.empty();
        }
        int digestBytes = ForeignHashes.digestBytes(digest);
        if (django && derived.length != digestBytes) {
            return Optional.of("PBKDF2 derived key of " + derived.length + " bytes: Django's pbkdf2_" + digest
                    + " derives exactly " + digestBytes);
        }
        if (derived.length > ForeignHashes.MAX_PBKDF2_KEY_BYTES) {
            return Optional.of("PBKDF2 derived key of " + derived.length + " bytes is above the accepted maximum of "
                    + ForeignHashes.MAX_PBKDF2_KEY_BYTES);
        }
        if (!ForeignHashes.pbkdf2WorkAcceptable(digest, iterations, derived.length)) {
            return Optional.of("PBKDF2 iterations=" + iterations + " (times " + ((derived.length + digestBytes - 1) / digestBytes)
                    + " key blocks) are above the accepted maximum for " + digest);
        }
        return Optional.empty();
    }

    /**
     * KiB of memory a verification of this hash holds beyond a few buffers: argon2's m and scrypt's
     * 128 N r; 0 for the others. {@link PasswordHasher} keeps such verifications within a budget.
     */
    public static long verificationMemoryKib(String hash, FirebaseParameters firebase) {
        Optional<Format> format = formatOf(hash);
        if (format.isEmpty()) {
            return 0;
        }
        return switch (format.get()) {
            case ARGON2, DJANGO_ARGON2 -> Argon2Phc.parse(hash.substring(hash.indexOf('$')))
                    .map(phc -> (long) phc.memoryKib()).orElse(0L);
            case DJANGO_SCRYPT -> ForeignHashes.djangoScryptMemoryBytes(hash) >> 10;
            case FIREBASE_SCRYPT -> firebase == null ? 0 : firebase.scrypt().memoryBytes() >> 10;
            default -> 0;
        };
    }

    /**
     * A Firebase project's password hash parameters (from its console), needed to verify its users'
     * modified-scrypt hashes; empty when they are unreadable or cost more than the scrypt bounds allow.
     */
    public record FirebaseParameters(ForeignHashes.FirebaseScrypt scrypt) {
        public static Optional<FirebaseParameters> of(String signerKey, String saltSeparator, int rounds, int memCost) {
            return ForeignHashes.FirebaseScrypt.of(signerKey, saltSeparator, rounds, memCost).map(FirebaseParameters::new);
        }
    }

    /** True when the password matches; false for a wrong password or a hash that cannot be read. */
    public static boolean verify(String password, String hash) {
        return verify(password, hash, null);
    }

    /** As {@link #verify(String, String)}, with the Firebase project's parameters (or null: none configured). */
    public static boolean verify(String password, String hash, FirebaseParameters firebase) {
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
                case DJANGO_PBKDF2_SHA1 -> ForeignHashes.verifyDjangoPbkdf2("sha1", password, hash);
                case DJANGO_SCRYPT -> ForeignHashes.verifyDjangoScrypt(password, hash);
                case DJANGO_SHA1, DJANGO_UNSALTED_SHA1 -> ForeignHashes.verifyDjangoDigest("sha1", password, hash);
                case DJANGO_MD5 -> ForeignHashes.verifyDjangoDigest("md5", password, hash);
                case DJANGO_UNSALTED_MD5 -> hash.startsWith("md5$")
                        ? ForeignHashes.verifyDjangoDigest("md5", password, hash)
                        : ForeignHashes.verifyUnsaltedMd5(password, hash);
                case DJANGO_CRYPT -> ForeignHashes.verifyDjangoCrypt(password, hash);
                case MD5_CRYPT -> ForeignHashes.verifyMd5Crypt(password, hash);
                case SHA256_CRYPT, SHA512_CRYPT -> ForeignHashes.verifyShaCrypt(password, hash);
                case PHPASS -> ForeignHashes.verifyPhpass(password, hash);
                case FIREBASE_SCRYPT -> ForeignHashes.verifyFirebase(password, hash,
                        firebase == null ? null : firebase.scrypt());
                case KEYCLOAK_PBKDF2 -> ForeignHashes.verifyKeycloakPbkdf2(password, hash);
            };
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    private static boolean isWellFormed(Format format, String hash) {
        return switch (format) {
            case ARGON2 -> Argon2Phc.parse(hash).isPresent();
            case DJANGO_ARGON2 -> Argon2Phc.parse(hash.substring("argon2".length())).isPresent();
            // The key length is bounded too: each 32 bytes more is the whole PBKDF2 work again.
            case DJANGO_PBKDF2_SHA256 -> ForeignHashes.djangoPbkdf2WellFormed(hash, 32);
            case BCRYPT, DJANGO_BCRYPT, DJANGO_BCRYPT_SHA256 -> bcryptWellFormed(hash.substring(hash.indexOf("$2")));
            case DJANGO_PBKDF2_SHA1 -> ForeignHashes.djangoPbkdf2WellFormed(hash, 20);
            case DJANGO_SCRYPT -> ForeignHashes.djangoScryptWellFormed(hash);
            case DJANGO_SHA1, DJANGO_UNSALTED_SHA1 -> ForeignHashes.djangoDigestWellFormed(hash, "sha1", 40);
            case DJANGO_MD5 -> ForeignHashes.djangoDigestWellFormed(hash, "md5", 32);
            case DJANGO_UNSALTED_MD5 -> !hash.startsWith("md5$") || ForeignHashes.djangoDigestWellFormed(hash, "md5", 32);
            case DJANGO_CRYPT -> ForeignHashes.djangoCryptWellFormed(hash);
            case MD5_CRYPT -> ForeignHashes.md5CryptWellFormed(hash);
            case SHA256_CRYPT, SHA512_CRYPT -> ForeignHashes.shaCryptWellFormed(hash);
            case PHPASS -> ForeignHashes.phpassWellFormed(hash);
            case FIREBASE_SCRYPT -> ForeignHashes.firebaseWellFormed(hash);
            case KEYCLOAK_PBKDF2 -> ForeignHashes.keycloakPbkdf2WellFormed(hash);
        };
    }

    /** {@code $2b$12$} and 53 characters of salt and hash, with a cost of 4 to {@value #MAX_BCRYPT_COST}. */
    private static boolean bcryptWellFormed(String bcrypt) {
        if (bcrypt.length() != 60 || !bcrypt.matches("\\$2[aby]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}")) {
            return false;
        }
        int cost = Integer.parseInt(bcrypt.substring(4, 6));
        return cost >= 4 && cost <= MAX_BCRYPT_COST;
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
