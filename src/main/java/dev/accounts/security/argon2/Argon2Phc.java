package dev.accounts.security.argon2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * An argon2 hash in the PHC string format, {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (salt
 * and hash in base64 without padding), as the reference implementation, argon2-cffi (Django) and
 * password4j write it. A string without {@code v=} is from before argon2 1.3 (version 0x10).
 * <p>
 * The cost parameters are bounded: a stored hash comes from an import, and its cost is work the
 * service does at each login, so a hash asking for gigabytes or thousands of passes is unreadable.
 */
public record Argon2Phc(int type, int version, int memoryKib, int iterations, int parallelism, byte[] salt,
        byte[] hash) {

    static final int MAX_MEMORY_KIB = 1024 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 64;

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2(id|i|d)\\$(?:v=(16|19)\\$)?m=([0-9]{1,7}),t=([0-9]{1,3}),p=([0-9]{1,3})"
                    + "\\$([A-Za-z0-9+/]{8,128}={0,2})\\$([A-Za-z0-9+/]{6,1024}={0,2})");

    /** The hash, or empty when the string is not a readable argon2 PHC string within the bounds. */
    public static Optional<Argon2Phc> parse(String phc) {
        Matcher m = phc == null ? null : PHC.matcher(phc);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        int type = switch (m.group(1)) {
            case "id" -> Argon2Parameters.ARGON2_id;
            case "i" -> Argon2Parameters.ARGON2_i;
            default -> Argon2Parameters.ARGON2_d;
        };
        int version = m.group(2) == null || m.group(2).equals("16")
                ? Argon2Parameters.ARGON2_VERSION_10
                : Argon2Parameters.ARGON2_VERSION_13;
        int memory = Integer.parseInt(m.group(3));
        int iterations = Integer.parseInt(m.group(4));
        int parallelism = Integer.parseInt(m.group(5));
        if (parallelism < 1 || parallelism > MAX_PARALLELISM || iterations < 1 || iterations > MAX_ITERATIONS
                || memory < 8 * parallelism || memory > MAX_MEMORY_KIB) {
            return Optional.empty();
        }
        try {
            byte[] salt = Base64.getDecoder().decode(m.group(6));
            byte[] hash = Base64.getDecoder().decode(m.group(7));
            if (salt.length < 8 || hash.length < 4) {
                return Optional.empty();
            }
            return Optional.of(new Argon2Phc(type, version, memory, iterations, parallelism, salt, hash));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** A new argon2id (version 1.3) hash of the password with these costs and salt. */
    public static Argon2Phc argon2id(String password, int memoryKib, int iterations, int parallelism, byte[] salt,
            int hashBytes, Argon2Engine engine) {
        Argon2Phc unhashed = new Argon2Phc(Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13,
                memoryKib, iterations, parallelism, salt, new byte[hashBytes]);
        return unhashed.withHash(unhashed.compute(password, hashBytes, engine));
    }

    /** True when the password hashes to this hash; compared in constant time. */
    public boolean matches(String password, Argon2Engine engine) {
        return MessageDigest.isEqual(hash, compute(password, hash.length, engine));
    }

    /** True when this hash was made with exactly these parameters (else it is replaced at the next login). */
    public boolean hasParameters(int type, int memoryKib, int iterations, int parallelism, int hashBytes) {
        return this.type == type && version == Argon2Parameters.ARGON2_VERSION_13 && this.memoryKib == memoryKib
                && this.iterations == iterations && this.parallelism == parallelism && hash.length == hashBytes;
    }

    /** The PHC string. */
    public String format() {
        String name = switch (type) {
            case Argon2Parameters.ARGON2_id -> "argon2id";
            case Argon2Parameters.ARGON2_i -> "argon2i";
            default -> "argon2d";
        };
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$" + name + "$v=" + version + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    private Argon2Phc withHash(byte[] computed) {
        return new Argon2Phc(type, version, memoryKib, iterations, parallelism, salt, computed);
    }

    private byte[] compute(String password, int length, Argon2Engine engine) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(type).withVersion(version)
                .withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism)
                .withSalt(salt).build();
        byte[] out = new byte[length];
        engine.init(parameters);
        engine.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    @Override
    public String toString() {
        // A hash is as secret as the password it protects: never in a log line.
        return "Argon2Phc[type=" + type + ", version=" + version + ", m=" + memoryKib + ", t=" + iterations
                + ", p=" + parallelism + "]";
    }
}
