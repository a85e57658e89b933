package dev.accounts.mail;

import java.time.Duration;

/** A duration as mails say it: whole hours when it is some, else minutes, never less than one. */
public final class DurationWords {

    private DurationWords() {
    }

    /**
     * Rounded up to the minute: a lock read a moment after it started (59.9 s left) still lasts "1 minute",
     * and a link never works for less than the mail says.
     */
    public static String describe(Duration duration) {
        long minutes = Math.max(1, (duration.toSeconds() + 59) / 60);
        if (minutes % 60 == 0) {
            return minutes == 60 ? "1 hour" : minutes / 60 + " hours";
        }
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }
}
