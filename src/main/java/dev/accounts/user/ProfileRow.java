package dev.accounts.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One row of {@link User#findActiveProfile}'s query, by column name (the result mapping on {@link User}).
 * Registered for reflection: Hibernate calls this constructor reflectively, which the native image must know.
 */
@RegisterForReflection
record ProfileRow(UUID id, String email, String displayName, String status, Instant createdAt, Instant lastLoginAt,
        Instant activatedAt, String roles) {

    static final String MAPPING = "User.activeProfile";

    UserProfile toProfile() {
        // Role names are [a-z0-9_-]: a comma never occurs in one.
        return new UserProfile(id, email, displayName, UserStatus.valueOf(status),
                roles == null ? List.of() : List.of(roles.split(",")), createdAt, activatedAt, lastLoginAt);
    }
}
