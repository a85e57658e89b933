package dev.accounts.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.accounts.user.DisplayNames;
import dev.accounts.user.EmailAddress;
import dev.accounts.user.User;
import dev.accounts.user.UserStatus;
import jakarta.validation.constraints.Size;

/** An account as an administrator sees it in lists. */
@Schema(name = "AdminUserView")
public record AdminUserView(
        UUID id,
        @Schema(maxLength = EmailAddress.MAX_LENGTH) String email,
        @Schema(maxLength = DisplayNames.MAX_LENGTH) String displayName,
        UserStatus status,
        @Schema(maxItems = User.MAX_ROLES) List<@Size(max = User.MAX_ROLE_LENGTH) String> roles,
        Instant createdAt,
        Instant updatedAt,
        Instant lastLoginAt,
        @Schema(minimum = "0", maximum = "2147483647") int failedLoginCount,
        Instant lockedUntil) {

    public static AdminUserView of(User user) {
        return new AdminUserView(user.id, user.email, user.displayName, user.status, user.roles.stream().sorted().toList(),
                user.createdAt, user.updatedAt, user.lastLoginAt, user.failedLoginCount, user.lockedUntil);
    }
}
