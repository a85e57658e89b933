package dev.accounts.mfa;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What an administrator sees of a user's second factors: whether there is one, never a secret. */
@RegisterForReflection
@Schema(name = "MfaSummary")
public record MfaSummary(
        @Schema(description = "Whether a confirmed authenticator app is set up") boolean totp,
        @Schema(description = "Unused recovery codes", minimum = "0", maximum = "10") int recoveryCodesLeft) {
}
