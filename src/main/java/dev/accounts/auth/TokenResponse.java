package dev.accounts.auth;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new access token and refresh token (OAuth 2.0 token response field meanings, camel-cased). */
@Schema(name = "TokenResponse")
public record TokenResponse(
        // An RS256 JWT with a handful of roles stays well under this.
        @Schema(description = "JWT to send as 'Authorization: Bearer ...'", maxLength = 8192) String accessToken,
        @Schema(example = "Bearer", maxLength = 6) String tokenType,
        @Schema(description = "Seconds until the access token expires", example = "300", minimum = "1",
                maximum = "2147483647") long expiresIn,
        // 256 random bits, URL-safe base64: 43 characters.
        @Schema(description = "Opaque; works once, at POST /api/v1/auth/refresh", maxLength = 64) String refreshToken,
        @Schema(description = "Seconds until the refresh token expires", example = "2592000", minimum = "1",
                maximum = "2147483647") long refreshExpiresIn) implements LoginAnswer {

    static TokenResponse of(AccessTokens.Issued access, String refreshToken, long refreshExpiresIn) {
        return new TokenResponse(access.token(), "Bearer", access.expiresInSeconds(), refreshToken, refreshExpiresIn);
    }

    @Override
    public String toString() {
        return "TokenResponse[redacted]";
    }
}
