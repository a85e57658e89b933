package dev.accounts.auth;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The access token of a step-up: same session, amr with otp, auth_time now. No new refresh token. */
@RegisterForReflection
@Schema(name = "StepUpToken")
public record StepUpToken(
        @Schema(description = "JWT to send as 'Authorization: Bearer ...'", maxLength = 8192) String accessToken,
        @Schema(example = "Bearer", maxLength = 6) String tokenType,
        @Schema(description = "Seconds until the access token expires", example = "300", minimum = "1",
                maximum = "2147483647") long expiresIn) {

    @Override
    public String toString() {
        return "StepUpToken[redacted]";
    }
}
