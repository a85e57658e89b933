package dev.accounts.mfa;

import java.time.Duration;
import java.util.Optional;

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
}
