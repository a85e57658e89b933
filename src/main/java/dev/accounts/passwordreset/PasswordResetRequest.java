package dev.accounts.passwordreset;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

@Schema(name = "PasswordResetRequest")
public record PasswordResetRequest(@Schema(example = "ada@example.com") @NotBlank @Size(max = 320) String email) {
}
