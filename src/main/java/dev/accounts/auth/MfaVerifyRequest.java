package dev.accounts.auth;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The second step of a login: the mfaToken and either a TOTP code or a recovery code. */
@Schema(name = "MfaVerifyRequest")
public record MfaVerifyRequest(
        @NotNull @Size(max = 64) @Schema(description = "From the login's first step", maxLength = 64) String mfaToken,
        @Pattern(regexp = "[0-9]{6}") @Schema(description = "6-digit TOTP code", pattern = "^[0-9]{6}$", maxLength = 6) String code,
        @Size(max = 64) @Schema(description = "One of the recovery codes, instead of code (any case, dashes and spaces optional)",
                maxLength = 64) String recoveryCode) {

    @Override
    public String toString() {
        return "MfaVerifyRequest[redacted]";
    }
}
