package dev.accounts.mail;

/** The mails the service sends; each has a Qute template pair under {@code templates/mail/<name>.txt|html}. */
public enum MailTemplate {
    ACTIVATION("activation", "Activate your account"),
    ALREADY_REGISTERED("already-registered", "You already have an account"),
    PASSWORD_RESET("password-reset", "Reset your password"),
    ACCOUNT_LOCKED("account-locked", "Your account is locked for a while");

    private final String templateName;
    private final String subject;

    MailTemplate(String templateName, String subject) {
        this.templateName = templateName;
        this.subject = subject;
    }

    public String templateName() {
        return templateName;
    }

    public String subject() {
        return subject;
    }
}
