package dev.accounts.mfa;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "accounts.mfa")
public interface MfaConfig {

    /** Whether users can set up a second factor; with it on, the prod profile refuses to start without a key. */
    @WithDefault("true")
    boolean enabled();

    /** Base64 of 32 random bytes: encrypts TOTP secrets at rest (a Kubernetes Secret in production). */
    Optional<String> encryptionKey();

    /** The issuer shown by authenticator apps (otpauth:// URI): the product name. */
    @WithDefault("${accounts.mail.product-name}")
    String issuer();

    /** How long the mfaToken of a login's first step can be exchanged at /auth/mfa/verify. */
    @WithDefault("5M")
    Duration challengeTtl();

    /**
     * How recent a second factor must be for the sensitive actions of an account with MFA (password change,
     * account deletion): the access token's amr holds otp and its auth_time is no older than this; otherwise
     * 401 step-up-required, and POST /api/v1/auth/mfa/step-up gives a token that is.
     */
    @WithDefault("5M")
    Duration stepUpMaxAge();

    /**
     * Roles whose holders must have a second factor: their right password without one answers
     * mfaEnrolmentRequired with an enrolment token instead of tokens (e.g. admin). Empty by default.
     */
    Optional<Set<String>> requiredRoles();

    /** How long the enrolment token of such a login works (for POST /users/me/mfa/totp and its confirmation). */
    @WithDefault("10M")
    Duration enrolmentTtl();
}
