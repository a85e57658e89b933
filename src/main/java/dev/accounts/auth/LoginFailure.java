package dev.accounts.auth;

import java.time.Instant;
import java.util.Optional;

import dev.accounts.user.User;
import dev.accounts.user.UserStatus;

/**
 * Why a login was refused. The label goes into the audit trail and the metric; the client learns only
 * "invalid credentials", whatever the reason (a pending account's right password included).
 */
enum LoginFailure {
    UNKNOWN_EMAIL("unknown-email"),
    WRONG_PASSWORD("wrong-password"),
    DISABLED("disabled"),
    LOCKED("locked"),
    NOT_ACTIVATED("not-activated");

    private final String label;

    LoginFailure(String label) {
        this.label = label;
    }

    /** Audit detail and metric label. */
    String label() {
        return label;
    }

    /** Why a login with the right password is refused; the status is read now, not before hashing. */
    static Optional<LoginFailure> ofAccount(User user, Instant now) {
        if (user.status == UserStatus.DISABLED) {
            return Optional.of(DISABLED);
        }
        if (user.lockedUntil != null && user.lockedUntil.isAfter(now)) {
            return Optional.of(LOCKED);
        }
        if (user.status == UserStatus.PENDING) {
            return Optional.of(NOT_ACTIVATED);
        }
        return Optional.empty();
    }
}
