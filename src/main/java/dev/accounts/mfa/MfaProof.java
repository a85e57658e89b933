package dev.accounts.mfa;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What removing the factor or renewing the recovery codes asks: the current password and one second factor. */
@Schema(name = "MfaProof", description = "The current password and exactly one of code and recoveryCode")
public record MfaProof(
        @Schema(format = "password") @NotNull @Size(max = 1024) String currentPassword,
        @Pattern(regexp = "[0-9]{6}") @Schema(description = "The 6-digit code of the authenticator app", pattern = "^[0-9]{6}$",
                maxLength = 6, example = "123456") String code,
        @Size(max = 64) @Schema(description = "One of the recovery codes instead of a code", maxLength = 64,
                example = "7KQ2-M9XD-4T0B-ZRHP-1E6W-C3NY") String recoveryCode) {

    @Override
    public String toString() {
        return "MfaProof[redacted]";
    }
}
