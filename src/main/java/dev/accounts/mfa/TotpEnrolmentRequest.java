package dev.accounts.mfa;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /users/me/mfa/totp}: with a bearer token, the current password, so that a stolen
 * access token alone cannot put the thief's authenticator app on the account. With an Enrolment-Token no
 * body is needed (the login that issued it checked the password minutes ago). Not {@code @NotNull}: which
 * of the two it is, the endpoint knows, not the body.
 */
@Schema(name = "TotpEnrolmentRequest",
        description = "With a bearer token: the current password (required). With the Enrolment-Token header: no body, or {}.")
public record TotpEnrolmentRequest(
        @Schema(format = "password", description = "Required with a bearer token") @Size(max = 1024) String currentPassword) {

    @Override
    public String toString() {
        return "TotpEnrolmentRequest[***]";
    }
}
