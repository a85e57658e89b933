package dev.accounts.security;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

import dev.accounts.config.AccountsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The password rules of NIST SP 800-63B: a length range counted in Unicode code points after NFKC,
 * no composition rules, no common passwords, and not the email's local part.
 */
@ApplicationScoped
public class PasswordPolicy {

    /** Local parts shorter than this ("a@...") are too short to be a meaningful hint. */
    private static final int MIN_LOCAL_PART_TO_CHECK = 3;

    @Inject
    AccountsConfig config;

    @Inject
    CommonPasswords commonPasswords;

    /** The password as it is hashed and compared: NFKC-normalized, so that look-alike forms agree. */
    public static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /**
     * Why the (normalized) password is refused, or empty when it is acceptable. The length and
     * common-password rules always apply; the local-part rule when the address is known.
     *
     * @param normalizedEmail the account's case-folded address ({@code users.email_normalized}), or null
     */
    public Optional<String> check(String password, String normalizedEmail) {
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
        String localPart = normalizedEmail == null ? "" : normalizedEmail.substring(0, Math.max(0, normalizedEmail.lastIndexOf('@')));
        if (localPart.length() >= MIN_LOCAL_PART_TO_CHECK && password.toLowerCase(Locale.ROOT).contains(localPart)) {
            return Optional.of("must not contain your email address");
        }
        return Optional.empty();
    }

    public int minLength() {
        return config.password().minLength();
    }

    public int maxLength() {
        return config.password().maxLength();
    }
}
