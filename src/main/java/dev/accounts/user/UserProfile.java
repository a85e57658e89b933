package dev.accounts.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.accounts.openapi.ApiBounds;
import jakarta.validation.constraints.Size;

/** An account as its owner (and the activation endpoint) sees it. */
@Schema(name = "UserProfile")
public record UserProfile(
        UUID id,
        @Schema(maxLength = EmailAddress.MAX_LENGTH) String email,
        @Schema(maxLength = DisplayNames.MAX_LENGTH) String displayName,
        UserStatus status,
        @Schema(maxItems = User.MAX_ROLES) List<@Size(max = User.MAX_ROLE_LENGTH) String> roles,
        Instant createdAt,
        @Schema(description = "When the account was activated; null while pending or for imported accounts",
                maxLength = ApiBounds.TIMESTAMP_LENGTH)
        Instant activatedAt,
        Instant lastLoginAt) {

    public static UserProfile of(User user, Instant activatedAt) {
        return new UserProfile(user.id, user.email, user.displayName, user.status,
                user.roles.stream().sorted().toList(), user.createdAt, activatedAt, user.lastLoginAt);
    }
}
