package dev.accounts.mfa;

import java.security.SecureRandom;
import java.util.Locale;

import dev.accounts.security.Sha256;

/**
 * What a recovery code looks like and how a presented one is looked up. A code is 24 characters of
 * Crockford's Base32 (digits and upper-case letters without I, L, O and U: nothing to misread), 5 random
 * bits each, 120 bits in all, shown in six groups of four with dashes. ASVS 5.0 6.5.2 lets a lookup secret
 * of at least 112 bits be stored with a plain hash, so it stays a SHA-256 that one conditional UPDATE
 * finds and spends (a salted password hash would cost an argon2 check against each of the user's codes).
 *
 * <p>Input is taken as people type it: any case, with or without dashes and spaces, and Crockford's
 * look-alikes (O for 0, I and L for 1). Codes of the earlier format (16 characters of
 * {@code abcdefghjkmnpqrstuvwxyz23456789}, about 79 bits, stored as the SHA-256 of their lower-case form)
 * still work: the canonical form of either is lower case without separators, and the earlier alphabet has
 * no O, I or L that the look-alike rule could change.
 */
final class RecoveryCodeFormat {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int LENGTH = 24;
    static final int GROUP = 4;
    /** log2(32) = 5 bits a character. */
    static final int BITS = LENGTH * 5;
    /** What a shown code is long: the characters and the dashes between the groups. */
    static final int SHOWN_LENGTH = LENGTH + LENGTH / GROUP - 1;

    private RecoveryCodeFormat() {
    }

    /** A new code as shown to the user, e.g. {@code 7KQ2-M9XD-4T0B-ZRHP-1E6W-C3NY}. */
    static String generate(SecureRandom random) {
        StringBuilder code = new StringBuilder(SHOWN_LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % GROUP == 0) {
                code.append('-');
            }
            // 32 is a power of two: nextInt draws each character uniformly, with no modulo bias.
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** The stored lookup hash of a code, shown or typed (see {@link #canonical}). */
    static String hash(String code) {
        return Sha256.hex(canonical(code));
    }

    /** Lower case, without whitespace or dashes, Crockford's look-alikes read as the digits they stand for. */
    static String canonical(String code) {
        StringBuilder canonical = new StringBuilder(code.length());
        for (char c : code.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '-', ' ', '\t', '\r', '\n' -> {
                }
                case 'o' -> canonical.append('0');
                case 'i', 'l' -> canonical.append('1');
                default -> canonical.append(c);
            }
        }
        return canonical.toString();
    }
}
