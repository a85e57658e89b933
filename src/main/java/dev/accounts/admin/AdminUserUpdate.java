package dev.accounts.admin;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.accounts.user.User;
import dev.accounts.user.UserStatus;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What an administrator may change: the status and the roles (which replace the old ones). Absent: unchanged. */
@Schema(name = "AdminUserUpdate")
public record AdminUserUpdate(
        UserStatus status,
        @Schema(description = "The complete set of roles; 'user' is always kept", example = "[\"user\", \"admin\"]")
        @Size(max = User.MAX_ROLES - 1) List<@Size(max = User.MAX_ROLE_LENGTH) @Pattern(regexp = "[a-z][a-z0-9_-]{0,63}",
                message = "must be lower-case letters, digits, '_' or '-'") String> roles) {
}
