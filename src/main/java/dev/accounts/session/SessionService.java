package dev.accounts.session;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.http.ClientInfo;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** A user's view of their own sessions, and ending them on request (the owner's, or an administrator's). */
@ApplicationScoped
@Transactional
public class SessionService {

    @Inject
    Sessions sessions;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    public SessionList list(UUID userId, String currentSessionId) {
        return new SessionList(sessions.live(userId, clock.instant()).stream()
                .map(session -> SessionView.of(session, currentSessionId)).toList());
    }

    /** Ends one of the user's sessions; 404 for an unknown id or another user's session (never which). */
    public void revoke(UUID userId, UUID sessionId, ClientInfo client) {
        if (!sessions.revoke(userId, sessionId, clock.instant())) {
            throw new ProblemException(ProblemType.NOT_FOUND, "You have no session with id " + sessionId + ".");
        }
        audit.record(AuditType.SESSIONS_REVOKED, userId, client, Map.of("scope", "one", "session", sessionId.toString()));
    }

    /** Ends the user's sessions but {@code keep} (null: every one); returns when, for "sessions valid after". */
    public Instant revokeAllExcept(UUID userId, UUID keep, UUID actorId, ClientInfo client) {
        Instant now = clock.instant();
        int revoked = sessions.revokeAllExcept(userId, keep, now);
        Map<String, Object> details = new HashMap<>();
        details.put("scope", keep == null ? "all" : "others");
        details.put("revokedTokens", revoked);
        if (actorId != null) {
            details.put("actor", actorId.toString());
        }
        audit.record(AuditType.SESSIONS_REVOKED, userId, client, details);
        return now;
    }
}
