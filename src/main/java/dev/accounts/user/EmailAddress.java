package dev.accounts.user;

import java.net.IDN;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.accounts.security.Sha256;

/**
 * An email address as the service accepts it: trimmed, NFKC-normalized, at most 254 characters, one
 * {@code @}, a dot-atom local part (no quoted strings) and a domain of at least two labels. Unicode
 * (RFC 6531) is allowed, but a local part or domain that mixes scripts, as {@code pаypal} with a
 * Cyrillic {@code а}, is refused: such addresses exist mainly to impersonate others.
 *
 * <p>{@link #value()} is what the person typed, kept for sending mail (RFC 5321 local parts may be
 * case-sensitive); {@link #normalized()} is case-folded and decides uniqueness and look-ups.
 */
public record EmailAddress(String value, String normalized) {

    public static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_PART_LENGTH = 64;
    private static final String ATEXT_SYMBOLS = "!#$%&'*+-/=?^_`{|}~";
    private static final List<Set<Character.UnicodeScript>> ALLOWED_SCRIPT_MIXES = List.of(
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN,
                    Character.UnicodeScript.HIRAGANA, Character.UnicodeScript.KATAKANA),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.BOPOMOFO),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HANGUL));

    /** The address, or empty when it is not one this service accepts. */
    public static Optional<EmailAddress> parse(String input) {
        if (input == null) {
            return Optional.empty();
        }
        String value = Normalizer.normalize(input.strip(), Normalizer.Form.NFKC);
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int at = value.lastIndexOf('@');
        if (at <= 0 || at == value.length() - 1) {
            return Optional.empty();
        }
        String local = value.substring(0, at);
        String domain = value.substring(at + 1);
        if (!isLocalPart(local) || !isDomain(domain)) {
            return Optional.empty();
        }
        return Optional.of(new EmailAddress(value, normalize(value)));
    }

    /** The local part (before the {@code @}), case-folded. */
    public String normalizedLocalPart() {
        return normalized.substring(0, normalized.lastIndexOf('@'));
    }

    /** A 64-bit key derived from the normalized address, for PostgreSQL advisory locks. */
    public long lockKey() {
        return Sha256.leading64Bits(normalized);
    }

    private static String normalize(String value) {
        // Case folding can un-normalize some characters (e.g. U+0130), hence NFKC once more.
        return Normalizer.normalize(value.toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
    }

    private static boolean isLocalPart(String local) {
        if (local.length() > MAX_LOCAL_PART_LENGTH || local.startsWith(".") || local.endsWith(".")
                || local.contains("..")) {
            return false;
        }
        return local.codePoints().allMatch(c -> c == '.' || isAtext(c)) && isSingleScript(local);
    }

    private static boolean isAtext(int c) {
        if (c < 0x80) {
            return Character.isLetterOrDigit(c) || ATEXT_SYMBOLS.indexOf(c) >= 0;
        }
        return Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
                || Character.getType(c) == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isDomain(String domain) {
        if (!isSingleScript(domain)) {
            return false;
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2 || ascii.length() > 253) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
        }
        // A top-level domain is never all digits (that would be an IP address, which we do not accept).
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /**
     * True when the letters come from one Unicode script, or from one of the combinations that UTS #39
     * ("highly restrictive") allows, such as Japanese's Han, Hiragana and Katakana with Latin. Digits
     * and punctuation are neutral.
     */
    private static boolean isSingleScript(String text) {
        EnumSet<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
        text.codePoints().mapToObj(Character.UnicodeScript::of)
                .filter(script -> script != Character.UnicodeScript.COMMON && script != Character.UnicodeScript.INHERITED)
                .forEach(scripts::add);
        return scripts.size() <= 1 || ALLOWED_SCRIPT_MIXES.stream().anyMatch(allowed -> allowed.containsAll(scripts));
    }

    @Override
    public String toString() {
        return value;
    }
}
