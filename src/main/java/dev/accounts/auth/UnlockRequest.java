package dev.accounts.auth;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of POST /auth/unlock: the token of the lock mail's link. */
@Schema(name = "UnlockRequest")
public record UnlockRequest(
        @Schema(description = "The token from the lock mail's unlock link") @NotBlank @Size(max = 256) String token) {

    @Override
    public String toString() {
        return "UnlockRequest[token=***]";
    }
}
