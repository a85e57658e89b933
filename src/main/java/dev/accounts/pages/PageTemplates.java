package dev.accounts.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The pages' Qute templates ({@code templates/pages/}), type-checked at build time. */
@CheckedTemplate(basePath = "pages")
public class PageTemplates {

    static native TemplateInstance activate(Look look, String token, String csrf, int minLength, int maxLength,
            String passwordError, String confirmationError);

    static native TemplateInstance activated(Look look);

    static native TemplateInstance activationLinkInvalid(Look look, String csrf, String email, String emailError);

    static native TemplateInstance activationMailSent(Look look);

    static native TemplateInstance resetPassword(Look look, String token, String csrf, int minLength, int maxLength,
            String passwordError, String confirmationError);

    static native TemplateInstance passwordChanged(Look look);

    static native TemplateInstance resetLinkInvalid(Look look, String csrf, String email, String emailError);

    static native TemplateInstance resetMailSent(Look look);

    static native TemplateInstance unlock(Look look, String token, String csrf);

    static native TemplateInstance unlocked(Look look);

    static native TemplateInstance error(Look look, String heading, String message);
}
