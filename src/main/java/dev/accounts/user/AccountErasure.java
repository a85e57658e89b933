package dev.accounts.user;

import java.util.Map;
import java.util.UUID;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.http.ClientInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Erases an account, for its owner and for administrators alike. The database takes the registration,
 * roles, tokens, resets and queued mail with it and keeps the audit events, detached (user_id NULL);
 * none of them holds the email address.
 */
@ApplicationScoped
public class AccountErasure {

    @Inject
    AuditLog audit;

    /** @param details what the audit event adds (the administrator who did it), or null */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(UUID userId, ClientInfo client, Map<String, Object> details) {
        audit.record(AuditType.ACCOUNT_DELETED, userId, client, details);
        // The event is written before the row goes; the loaded entities must not be flushed after it.
        User.getEntityManager().flush();
        User.getEntityManager().clear();
        User.erase(userId);
    }
}
