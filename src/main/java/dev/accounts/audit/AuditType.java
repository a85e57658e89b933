package dev.accounts.audit;

/** What an audit event records. */
public enum AuditType {
    REGISTERED,
    REGISTRATION_OF_TAKEN_EMAIL,
    ACTIVATION_MAIL_REQUESTED,
    ACTIVATED,
    LOGIN_SUCCEEDED,
    /** details.reason: unknown-email, wrong-password, disabled, locked or not-activated. */
    LOGIN_FAILED,
    /** Too many failed logins in a row: details.failedLogins, details.lockedUntil. A mail told the owner. */
    ACCOUNT_LOCKED,
    /** The lock mail's unlock link was used: every lock of the account (per client and account-wide) was lifted. */
    ACCOUNT_UNLOCKED,
    LOGOUT,
    /**
     * A 401 or 403 on a bearer-protected endpoint, or a page's form refused (CSRF): details.area (api, page),
     * status, method, path. At most one a client, area, status and minute (accounts_access_refused_total counts all).
     */
    ACCESS_REFUSED,
    /** A client address went over an endpoint's limit (details.endpoint); at most one an address a minute. */
    REQUESTS_THROTTLED,
    /** A rotated refresh token was presented again: its whole family was revoked (possible theft). */
    REFRESH_TOKEN_REUSED,
    /** details.account "none" when the address has no active account (no mail then; the user id is null). */
    PASSWORD_RESET_REQUESTED,
    PASSWORD_RESET,
    PASSWORD_CHANGED,
    /** A wrong current password on a password change: details.failures, the count in a row (never the password). */
    PASSWORD_CHANGE_FAILED,
    /**
     * The account was erased; the event outlives it with user_id NULL, and details.erasedIdHmac, the
     * HMAC-SHA256 of the id under accounts.audit.erasure-key.
     */
    ACCOUNT_DELETED,
    /** A wrong current password where an action asks for it: details.action (delete-account), details.locked. */
    CURRENT_PASSWORD_REFUSED,
    USERS_IMPORTED,
    /** Created at login from the legacy endpoint's yes (accounts.migration.lazy); details.roles. */
    USER_LAZILY_MIGRATED,
    /** details.actor: the administrator who exported every account (with its password hash). */
    USERS_EXPORTED,
    ADMIN_BOOTSTRAPPED,
    /** details.actor: the administrator; details.status, details.roles: what changed. */
    ADMIN_UPDATED_USER,
    /** Sessions ended on request: details.scope one, others or all; details.actor when an administrator did it. */
    SESSIONS_REVOKED,
    /** details.kind: the factor (totp). */
    MFA_FACTOR_ADDED,
    /** The right password on an account with a factor: a challenge was issued instead of tokens. */
    LOGIN_MFA_REQUIRED,
    /** details.left: unused recovery codes after this one. */
    MFA_RECOVERY_CODE_USED,
    /** A wrong second-factor code at login; counted in the lockout like a wrong password. */
    MFA_VERIFICATION_FAILED,
    /** details.kind: the factor (totp); details.actor when an administrator removed it. A mail told the owner. */
    MFA_FACTOR_REMOVED,
    /** A new set of recovery codes replaced the old one. */
    MFA_RECOVERY_CODES_REGENERATED,
    /** details.outcome passed or failed: a second factor presented for a sensitive action (POST /auth/mfa/step-up). */
    MFA_STEP_UP,
    /** The right password of a user whose role demands a second factor and who has none: an enrolment token, no tokens. */
    LOGIN_MFA_ENROLMENT_REQUIRED
}
