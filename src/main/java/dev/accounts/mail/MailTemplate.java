package dev.accounts.mail;

import java.util.Map;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.Variant;

/**
 * The mails the service sends. The name is stored with each outbox row; the payload (template data, as
 * strings) is what {@link #render} hands to the type-checked template ({@link MailTemplates}).
 */
public enum MailTemplate {
    ACTIVATION("Activate your account"),
    ALREADY_REGISTERED("You already have an account"),
    PASSWORD_RESET("Reset your password"),
    ACCOUNT_LOCKED("Your account is locked for a while"),
    PASSWORD_CHANGED("Your password was changed"),
    MFA_ADDED("A second factor was added to your account"),
    MFA_REMOVED("The second factor of your account was removed"),
    RECOVERY_CODE_USED("A recovery code of your account was used");

    private final String subject;

    MailTemplate(String subject) {
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }

    /** The mail's text or HTML ({@link Variant#TEXT_PLAIN}, {@link Variant#TEXT_HTML}) for the stored payload. */
    String render(Map<String, String> payload, String product, String contentType) {
        Map<String, String> m = payload == null ? Map.of() : payload;
        TemplateInstance template = switch (this) {
            case ACTIVATION -> MailTemplates.activation(new MailTemplates.Link(m.get("link"), m.get("validFor")), product);
            case ALREADY_REGISTERED -> MailTemplates.alreadyRegistered(product);
            case PASSWORD_RESET -> MailTemplates.passwordReset(new MailTemplates.Link(m.get("link"), m.get("validFor")), product);
            case ACCOUNT_LOCKED -> MailTemplates.accountLocked(
                    new MailTemplates.Lock(m.get("failures"), m.get("lockedFor"), m.get("until"), m.get("link"),
                            m.get("validFor")), product);
            case PASSWORD_CHANGED -> MailTemplates.passwordChanged(
                    new MailTemplates.Change(m.get("when"), m.get("how"), m.get("resetPage")), product);
            case MFA_ADDED -> MailTemplates.mfaAdded(product);
            case MFA_REMOVED -> MailTemplates.mfaRemoved("administrator".equals(m.get("by")), product);
            case RECOVERY_CODE_USED -> MailTemplates.recoveryCodeUsed(m.get("left"), product);
        };
        return template.setVariant(Variant.forContentType(contentType)).render();
    }
}
