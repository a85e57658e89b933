package dev.accounts.security;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.accounts.config.AccountsConfig;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The password rules of NIST SP 800-63B-4 3.1.1.2: a length range counted in Unicode code points after
 * NFKC (15 to 256 by default), no composition rules, no common passwords (the bundled list), no
 * context-specific words (the email's local part, the display name, the product name, configured words),
 * and no password that appears in a breach ({@link BreachedPasswords}). The same rules for registration,
 * password change, reset (API and page) and the bootstrap administrator.
 */
@ApplicationScoped
public class PasswordPolicy {

    /** Local parts shorter than this ("a@...") are too short to be a meaningful hint. */
    private static final int MIN_LOCAL_PART_TO_CHECK = 3;

    @Inject
    AccountsConfig config;

    /** Context words shorter than this ("Al", "of") would refuse too much to be worth it. */
    private static final int MIN_CONTEXT_WORD = 4;

    @Inject
    CommonPasswords commonPasswords;

    @Inject
    BreachedPasswords breachedPasswords;

    /** The password as it is hashed and compared: NFKC-normalized, so that look-alike forms agree. */
    public static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /** As {@link #check(String, String, String)} for an account whose display name is not known. */
    public Optional<String> check(String password, String normalizedEmail) {
        return check(password, normalizedEmail, null);
    }

    /**
     * Why the (normalized) password is refused, or empty when it is acceptable. The length, common-password,
     * context-word and breach rules always apply; the local-part and display-name words when they are known.
     * The breach look-up comes last, so that a password the local rules refuse never leaves the service in
     * any form.
     *
     * @param normalizedEmail the account's case-folded address ({@code users.email_normalized}), or null
     * @param displayName the account's display name, or null
     * @throws ProblemException 503 when the breach check cannot be made and the setting is to reject then
     */
    public Optional<String> check(String password, String normalizedEmail, String displayName) {
        int length = password.codePointCount(0, password.length());
        int min = config.password().minLength();
        int max = config.password().maxLength();
        if (length < min) {
            return Optional.of("must be at least " + min + " characters long");
        }
        if (length > max) {
            return Optional.of("must be at most " + max + " characters long");
        }
        if (commonPasswords.contains(password)) {
            return Optional.of("is too common; choose one that is harder to guess");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String localPart = normalizedEmail == null ? "" : normalizedEmail.substring(0, Math.max(0, normalizedEmail.lastIndexOf('@')));
        if (localPart.length() >= MIN_LOCAL_PART_TO_CHECK && lower.contains(localPart)) {
            return Optional.of("must not contain your email address");
        }
        if (displayName != null && containsAny(lower, words(displayName))) {
            return Optional.of("must not contain your name");
        }
        if (containsAny(lower, serviceWords())) {
            return Optional.of("must not contain the name of this service or of its organisation");
        }
        if (breachedPasswords.enabled()) {
            switch (breachedPasswords.check(password)) {
                case BREACHED -> {
                    return Optional.of("has appeared in a data breach (Pwned Passwords); choose another");
                }
                case UNAVAILABLE -> {
                    if (breachedPasswords.rejectWhenUnavailable()) {
                        throw new ProblemException(ProblemType.SERVICE_BUSY,
                                "New passwords cannot be checked against breached passwords right now; try again in a minute.");
                    }
                }
                case NOT_FOUND -> {
                    // acceptable
                }
            }
        }
        return Optional.empty();
    }

    /** The product name (whole and word by word) and the configured context words, lower case. */
    private List<String> serviceWords() {
        List<String> words = new ArrayList<>(words(config.mail().productName()));
        config.password().contextWords().ifPresent(configured -> configured.forEach(word -> words.addAll(words(word))));
        return words;
    }

    /** A name whole (without its spaces) and each of its words of {@value #MIN_CONTEXT_WORD} or more characters. */
    static List<String> words(String name) {
        String lower = normalize(name).toLowerCase(Locale.ROOT).strip();
        List<String> words = new ArrayList<>();
        String whole = lower.replaceAll("[\\s]+", "");
        if (whole.codePointCount(0, whole.length()) >= MIN_CONTEXT_WORD) {
            words.add(whole);
        }
        for (String word : lower.split("[^\\p{L}\\p{N}]+")) {
            if (word.codePointCount(0, word.length()) >= MIN_CONTEXT_WORD) {
                words.add(word);
            }
        }
        return words;
    }

    private static boolean containsAny(String lowerPassword, List<String> words) {
        return words.stream().anyMatch(lowerPassword::contains);
    }

    public int minLength() {
        return config.password().minLength();
    }

    public int maxLength() {
        return config.password().maxLength();
    }
}
