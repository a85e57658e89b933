package dev.accounts.user;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.http.ClientInfo;
import dev.accounts.problem.ProblemException;
import dev.accounts.security.PasswordHasher;
import dev.accounts.security.PasswordPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The current password that an action asks of the holder of an access token (SPEC: "bearer (current
 * password)"), so that a stolen access token alone does not do it: erasing the account, setting up an
 * authenticator app. A wrong password counts in the client's lockout like a failed login (so the token is
 * no password oracle), is audited ({@code CURRENT_PASSWORD_REFUSED} with the action) and counted
 * ({@code accounts_current_password_failures_total{action}}); while the lockout holds for this client the
 * password is not even checked, and the answer is the same 400. The password change has its own,
 * stricter rule (its failures also end the session: {@link UserService#changePassword}).
 *
 * <p>Must be called outside any transaction: argon2 must not hold a database connection.
 */
@ApplicationScoped
public class CurrentPasswordCheck {

    @Inject
    PasswordHasher passwordHasher;

    @Inject
    LoginAttempts attempts;

    @Inject
    AuditLog audit;

    @Inject
    MeterRegistry metrics;

    @Inject
    Clock clock;

    /**
     * Passes when {@code presented} is the password of {@code storedHash} and the client is not locked out;
     * else the 400 problem on field {@code currentPassword}, counted and audited under {@code action}.
     *
     * @param storedHash the hash read for this check; the caller compares it again in its own transaction
     *        if a concurrent password change must not slip through
     */
    public void require(UUID userId, String storedHash, String presented, String action, ClientInfo client) {
        Instant now = clock.instant();
        boolean locked = attempts.isLocked(userId, client, now);
        if (locked || !passwordHasher.verify(PasswordPolicy.normalize(presented), storedHash)) {
            if (!locked) {
                attempts.failed(userId, client, now);
            }
            QuarkusTransaction.requiringNew().run(() -> audit.record(AuditType.CURRENT_PASSWORD_REFUSED, userId, client,
                    Map.of("action", action, "locked", locked)));
            metrics.counter("accounts.current.password.failures", "action", action).increment();
            throw refused();
        }
        attempts.succeeded(userId, client);
    }

    /** The answer to a wrong current password, also when a concurrent change made the checked one stale. */
    public static ProblemException refused() {
        return ProblemException.invalidField("currentPassword", "is not your current password");
    }
}
