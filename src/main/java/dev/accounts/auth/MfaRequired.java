package dev.accounts.auth;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.Size;

/** A login's first step passed on an account with a second factor: no tokens yet, a challenge. */
@Schema(name = "MfaRequired")
public record MfaRequired(
        @Schema(description = "Always true") boolean mfaRequired,
        @Schema(description = "Single use, at POST /api/v1/auth/mfa/verify", maxLength = 64) String mfaToken,
        @Schema(description = "What /auth/mfa/verify accepts", maxItems = 4) List<@Size(max = 16) String> methods,
        @Schema(description = "Seconds until the mfaToken expires", example = "300", minimum = "1", maximum = "3600") long expiresIn)
        implements LoginAnswer {

    @Override
    public String toString() {
        return "MfaRequired[redacted]";
    }
}
