package dev.accounts.migration;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import dev.accounts.user.UserStatus;

/**
 * A user ready to be written by {@link ImportedUserWriter}: checked, normalized, with its roles; a
 * registration record is written when {@code registered} (registered at {@code createdAt}).
 */
public record ImportedUser(UUID id, String email, String emailNormalized, String passwordHash, String displayName,
        UserStatus status, Instant createdAt, Instant lastLoginAt, Set<String> roles, boolean registered,
        Instant activatedAt) {

    @Override
    public String toString() {
        // Neither the address nor the hash belongs in a log line.
        return "ImportedUser[id=" + id + ", status=" + status + ", roles=" + roles + "]";
    }
}
