package dev.accounts.auth;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

@Schema(name = "LoginRequest")
public record LoginRequest(
        @Schema(example = "ada@example.com", maxLength = 254)
        @NotBlank @Size(max = 320) String email,
        @Schema(example = "correct horse battery staple", format = "password")
        @NotNull @Size(max = 1024) String password) {

    @Override
    public String toString() {
        return "LoginRequest[email=" + email + ", password=***]";
    }
}
