package dev.accounts.auth;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A login's right password from a user whose role demands a second factor (accounts.mfa.required-roles) and
 * who has none: no tokens, an enrolment token for POST /users/me/mfa/totp and its confirmation only.
 */
@Schema(name = "MfaEnrolmentRequired")
public record MfaEnrolmentRequired(
        @Schema(description = "Always true") boolean mfaEnrolmentRequired,
        @Schema(description = "Opaque; send it as the Enrolment-Token header to POST /api/v1/users/me/mfa/totp and "
                + "/totp/confirmation (which then answers the token pair); nothing else accepts it", maxLength = 64) String enrolmentToken,
        @Schema(description = "Seconds until the enrolment token expires", example = "600", minimum = "1", maximum = "86400") long expiresIn)
        implements LoginAnswer {

    @Override
    public String toString() {
        return "MfaEnrolmentRequired[redacted]";
    }
}
