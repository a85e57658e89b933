package dev.accounts.mfa;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

@Schema(name = "TotpCode")
public record TotpCode(
        @NotNull @Pattern(regexp = "[0-9]{6}") @Schema(description = "The 6-digit code of the authenticator app", pattern = "^[0-9]{6}$", maxLength = 6, example = "123456") String code) {

    @Override
    public String toString() {
        return "TotpCode[redacted]";
    }
}
