package dev.accounts.auth;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of refresh and logout: the refresh token the client holds. */
@Schema(name = "RefreshTokenRequest")
public record RefreshTokenRequest(
        @Schema(description = "The refresh token from the last login or refresh") @NotBlank @Size(max = 256)
        String refreshToken) {

    @Override
    public String toString() {
        return "RefreshTokenRequest[refreshToken=***]";
    }
}
