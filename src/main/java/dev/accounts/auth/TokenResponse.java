package dev.accounts.auth;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new access token and refresh token (OAuth 2.0 token response field meanings, camel-cased). */
@Schema(name = "TokenResponse")
public record TokenResponse(
        @Schema(description = "JWT to send as 'Authorization: Bearer ...'") String accessToken,
        @Schema(example = "Bearer") String tokenType,
        @Schema(description = "Seconds until the access token expires", example = "300") long expiresIn,
        @Schema(description = "Opaque; works once, at POST /api/v1/auth/refresh") String refreshToken,
        @Schema(description = "Seconds until the refresh token expires", example = "2592000") long refreshExpiresIn) {

    static TokenResponse of(AccessTokens.Issued access, String refreshToken, long refreshExpiresIn) {
        return new TokenResponse(access.token(), "Bearer", access.expiresInSeconds(), refreshToken, refreshExpiresIn);
    }

    @Override
    public String toString() {
        return "TokenResponse[redacted]";
    }
}
