package dev.accounts.mail;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The mails' Qute templates ({@code templates/mail/<method>.txt} and {@code .html}, two variants of one
 * template), checked at build time against these parameters: a misspelt {@code {m.link}} fails the build,
 * not a mail. Being known at build time, they need no native-image resource include.
 */
@CheckedTemplate(basePath = "mail")
final class MailTemplates {

    private MailTemplates() {
    }

    static native TemplateInstance activation(Link m, String product);

    static native TemplateInstance alreadyRegistered(String product);

    static native TemplateInstance passwordReset(Link m, String product);

    static native TemplateInstance accountLocked(Lock m, String product);

    static native TemplateInstance passwordChanged(Change m, String product);

    static native TemplateInstance mfaAdded(String product);

    /** {@code byAdministrator}: removed by an administrator, not by the owner. */
    static native TemplateInstance mfaRemoved(boolean byAdministrator, String product);

    /** {@code left}: the unused recovery codes after this one. */
    static native TemplateInstance recoveryCodeUsed(String left, String product);

    /** A single-use link and how long it works, in words. */
    record Link(String link, String validFor) {
    }

    /** When the password changed (UTC), how ("with a reset link"), and where to ask for a reset link. */
    record Change(String when, String how, String resetPage) {
    }

    /**
     * How many failures started the lock, how long it lasts in words, its end (UTC), and the single-use
     * unlock link with how long it works (null in mails queued before the link existed).
     */
    record Lock(String failures, String lockedFor, String until, String link, String validFor) {
    }
}
