package dev.accounts.mail;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The payload of the "your password was changed" notice: when, how, and where to ask for a reset link (no
 * token: the notice must stay useful to the owner whose password someone else changed, and safe in a
 * mailbox someone else reads).
 */
public final class PasswordChangedMail {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /** How it was changed, in the words of the mail. */
    public enum How {
        CHANGE("by someone signed in to the account who knew the old password"),
        RESET("with a password reset link sent to this address");

        final String words;

        How(String words) {
            this.words = words;
        }
    }

    private PasswordChangedMail() {
    }

    public static Map<String, String> payload(Instant when, How how, String resetPage) {
        return Map.of("when", WHEN.format(when), "how", how.words, "resetPage", resetPage);
    }
}
