package dev.accounts.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An account as its owner (and the activation endpoint) sees it. */
@Schema(name = "UserProfile")
public record UserProfile(
        UUID id,
        String email,
        String displayName,
        UserStatus status,
        List<String> roles,
        Instant createdAt,
        @Schema(description = "When the account was activated; null while pending or for imported accounts")
        Instant activatedAt,
        Instant lastLoginAt) {

    public static UserProfile of(User user, Instant activatedAt) {
        return new UserProfile(user.id, user.email, user.displayName, user.status,
                user.roles.stream().sorted().toList(), user.createdAt, activatedAt, user.lastLoginAt);
    }
}
