package dev.accounts.passwordreset;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

@Schema(name = "PasswordResetConfirmation")
public record PasswordResetConfirmation(
        @Schema(description = "The token from the reset mail's link") @NotBlank @Size(max = 256) String token,
        @Schema(description = "8 to 256 characters (configurable); not a common password; not the email's local part",
                format = "password")
        @NotNull @Size(max = 1024) String newPassword) {

    @Override
    public String toString() {
        return "PasswordResetConfirmation[***]";
    }
}
