package dev.accounts.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.accounts.user.User;
import dev.accounts.user.UserStatus;

/** An account as an administrator sees it in lists. */
@Schema(name = "AdminUserView")
public record AdminUserView(UUID id, String email, String displayName, UserStatus status, List<String> roles,
        Instant createdAt, Instant updatedAt, Instant lastLoginAt, int failedLoginCount, Instant lockedUntil) {

    public static AdminUserView of(User user) {
        return new AdminUserView(user.id, user.email, user.displayName, user.status, user.roles.stream().sorted().toList(),
                user.createdAt, user.updatedAt, user.lastLoginAt, user.failedLoginCount, user.lockedUntil);
    }
}
