package dev.accounts.user;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.config.AccountsConfig;
import dev.accounts.http.ClientInfo;
import dev.accounts.security.HmacSha256;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Erases an account, for its owner and for administrators alike. The database takes the registration,
 * roles, tokens, resets and queued mail with it and keeps the audit events, detached (user_id NULL);
 * none of them holds the email address. The deletion's event keeps {@code details.erasedIdHmac}, the
 * HMAC-SHA256 of the account's id under {@code accounts.audit.erasure-key}: whoever holds the key and an
 * id (a support case, a legal request) can tell that and when that account was erased; without the key the
 * event links to nobody, and ids cannot be tried against it.
 */
@ApplicationScoped
public class AccountErasure {

    /** The detail that holds the keyed hash of the erased id. */
    public static final String ERASED_ID_HMAC = "erasedIdHmac";

    @Inject
    AuditLog audit;

    @Inject
    AccountsConfig config;

    /** Null only outside production without a configured key (config/ProductionChecks refuses that in production). */
    private byte[] key;

    @PostConstruct
    void init() {
        key = config.audit().erasureKey().map(String::strip).map(Base64.getDecoder()::decode).orElse(null);
    }

    /** The keyed hash of an account id, as deletion events keep it; empty without a key. */
    public Optional<String> erasedIdHmac(UUID userId) {
        return Optional.ofNullable(key).map(k -> HmacSha256.hex(k, userId.toString()));
    }

    /** @param details what the audit event adds (the administrator who did it), or null */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(UUID userId, ClientInfo client, Map<String, Object> details) {
        Map<String, Object> recorded = new LinkedHashMap<>(details == null ? Map.of() : details);
        erasedIdHmac(userId).ifPresent(hash -> recorded.put(ERASED_ID_HMAC, hash));
        audit.record(AuditType.ACCOUNT_DELETED, userId, client, recorded.isEmpty() ? null : recorded);
        // The event is written before the row goes; the loaded entities must not be flushed after it.
        User.getEntityManager().flush();
        User.getEntityManager().clear();
        User.erase(userId);
    }
}
