package dev.accounts.audit;

/** What an audit event records. */
public enum AuditType {
    REGISTERED,
    REGISTRATION_OF_TAKEN_EMAIL,
    ACTIVATION_MAIL_REQUESTED,
    ACTIVATED,
    USERS_IMPORTED,
    ADMIN_BOOTSTRAPPED
}
