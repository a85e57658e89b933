package dev.accounts.registration;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

@Schema(name = "RegistrationRequest")
public record RegistrationRequest(
        @Schema(example = "ada@example.com", maxLength = 254)
        @NotBlank @Size(max = 320) String email,
        @Schema(description = "15 to 256 characters (configurable); not a common or breached password (Pwned Passwords), nor one with the email's local part, the display name or the product name in it",
                example = "velvet orbit 417 quartz lantern", format = "password")
        @NotNull @Size(max = 1024) String password,
        @Schema(example = "Ada Lovelace", maxLength = 100)
        @Size(max = 400) String displayName) {

    @Override
    public String toString() {
        return "RegistrationRequest[email=" + email + ", password=***]";
    }
}
