package dev.accounts.user;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

@Schema(name = "PasswordChange")
public record PasswordChange(
        @Schema(format = "password") @NotNull @Size(max = 1024) String currentPassword,
        @Schema(description = "15 to 256 characters (configurable); not a common or breached password (Pwned Passwords), nor one with the email's local part, the display name or the product name in it",
                format = "password")
        @NotNull @Size(max = 1024) String newPassword) {

    @Override
    public String toString() {
        return "PasswordChange[***]";
    }
}
