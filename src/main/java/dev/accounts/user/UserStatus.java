package dev.accounts.user;

/** Lifecycle of an account; the database CHECK constraint lists the same values. */
public enum UserStatus {
    /** Registered, waiting for the activation link to be followed. */
    PENDING,
    ACTIVE,
    DISABLED
}
