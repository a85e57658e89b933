package dev.accounts.retention;

/**
 * What the retention purge removes, one statement each, {@code :cutoff} and {@code :limit} bound by
 * {@link RetentionPurge}. Every statement picks at most {@code :limit} rows and skips rows another
 * transaction holds, so it never waits on a login or a concurrent purge.
 */
public enum PurgeKind {

    /**
     * Whole refresh-token families whose newest token has expired. A family with a live token keeps its
     * rotated tokens: presenting one of them is how theft is detected. Deleting whole families also
     * keeps replaced_by consistent (no surviving row points at a deleted one).
     */
    REFRESH_TOKENS("refresh_tokens", """
            DELETE FROM refresh_tokens WHERE family_id IN (
                SELECT family_id FROM refresh_tokens GROUP BY family_id
                HAVING max(expires_at) < :cutoff
                LIMIT :limit)
            """),

    /**
     * Sealed successors of refresh tokens rotated before the reuse interval (session/SuccessorSeal): past it
     * nobody may open them, so they need not be kept.
     */
    SEALED_SUCCESSORS("sealed_successors", """
            UPDATE refresh_tokens SET successor_sealed = NULL WHERE id IN (
                SELECT id FROM refresh_tokens WHERE successor_sealed IS NOT NULL AND rotated_at < :cutoff
                LIMIT :limit FOR UPDATE SKIP LOCKED)
            """),

    /** Reset tokens that were used or have expired. */
    PASSWORD_RESETS("password_resets", """
            DELETE FROM password_resets WHERE id IN (
                SELECT id FROM password_resets WHERE used_at IS NOT NULL OR expires_at < :cutoff
                LIMIT :limit FOR UPDATE SKIP LOCKED)
            """),

    /** Unlock links of lock mails that were used or have expired (an account keeps at most one unused). */
    UNLOCK_TOKENS("unlock_tokens", """
            DELETE FROM unlock_tokens WHERE id IN (
                SELECT id FROM unlock_tokens WHERE used_at IS NOT NULL OR expires_at < :cutoff
                LIMIT :limit FOR UPDATE SKIP LOCKED)
            """),

    /**
     * Expired activation tokens of accounts that are no longer pending (an administrator activated them).
     * A pending account keeps its expired token until {@link #PENDING_ACCOUNTS} takes the account.
     */
    ACTIVATION_TOKENS("activation_tokens", """
            UPDATE registrations SET activation_token_hash = NULL, activation_token_expires_at = NULL
            WHERE user_id IN (
                SELECT r.user_id FROM registrations r JOIN users u ON u.id = r.user_id
                WHERE r.activation_token_expires_at < :cutoff AND u.status <> 'PENDING'
                LIMIT :limit FOR UPDATE OF r SKIP LOCKED)
            """),

    /**
     * Pending accounts whose activation link expired a grace period ago; the database cascades their
     * registration, roles and mail, and keeps their audit events without them. Both rows are locked, so
     * an account whose owner is just asking for a new link is skipped.
     */
    PENDING_ACCOUNTS("pending_accounts", """
            DELETE FROM users WHERE id IN (
                SELECT u.id FROM users u JOIN registrations r ON r.user_id = u.id
                WHERE u.status = 'PENDING' AND r.activation_token_expires_at < :cutoff
                LIMIT :limit FOR UPDATE OF u, r SKIP LOCKED)
            """),

    /** Mail sent or given up before the cutoff (its payload, with any link, was cleared then). */
    SENT_MAIL("sent_mail", """
            DELETE FROM mail_outbox WHERE id IN (
                SELECT id FROM mail_outbox WHERE sent_at < :cutoff OR dead_at < :cutoff
                LIMIT :limit FOR UPDATE SKIP LOCKED)
            """),

    /** Audit events past their retention. */
    AUDIT_EVENTS("audit_events", """
            DELETE FROM audit_events WHERE id IN (
                SELECT id FROM audit_events WHERE occurred_at < :cutoff
                LIMIT :limit FOR UPDATE SKIP LOCKED)
            """);

    /** The metric tag: accounts_retention_purged_total{kind="..."}. */
    final String tag;
    final String sql;

    PurgeKind(String tag, String sql) {
        this.tag = tag;
        this.sql = sql;
    }
}
