package dev.accounts.audit;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import dev.accounts.http.ClientInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Writes audit events in the caller's transaction, so an event exists exactly when its change does. */
@ApplicationScoped
public class AuditLog {

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(AuditType type, UUID userId, ClientInfo client, Map<String, Object> details) {
        AuditEvent.of(type, userId, clock.instant(), client == null ? null : client.ip(), details).persist();
    }
}
