package dev.accounts.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.http.ClientInfo;
import dev.accounts.mfa.MfaService;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import dev.accounts.session.Sessions;
import dev.accounts.user.LoginAttempts;
import dev.accounts.user.User;
import dev.accounts.user.UserStatus;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Step-up: a current TOTP code, with a bearer token, buys a fresh access token of the same session whose
 * {@code amr} holds {@code otp} and whose {@code auth_time} is now, for the actions that demand a recent
 * second factor (mfa/StepUpFilter). The session itself keeps the methods and time of its login, so a refresh
 * gives the original claims back. A wrong code counts in the lockout like a wrong password.
 */
@ApplicationScoped
public class StepUpService {

    @Inject
    MfaService mfa;

    @Inject
    AccessTokens accessTokens;

    @Inject
    Sessions sessions;

    @Inject
    LoginAttempts attempts;

    @Inject
    AuditLog audit;

    @Inject
    MeterRegistry metrics;

    @Inject
    Clock clock;

    @Transactional(dontRollbackOn = ProblemException.class)
    public StepUpToken stepUp(UUID userId, UUID sessionId, List<String> methods, String code, ClientInfo client) {
        Instant now = clock.instant();
        User user = User.<User>findByIdOptional(userId).filter(u -> u.status == UserStatus.ACTIVE)
                .orElseThrow(() -> new ProblemException(ProblemType.UNAUTHORIZED,
                        "The account of this access token does not exist or is not active."));
        if (sessionId == null || sessions.live(userId, now).stream().noneMatch(session -> session.id.equals(sessionId))) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The session of this access token has ended; log in again.");
        }
        if (attempts.isLocked(userId, client, now)) {
            throw codeRefused();
        }
        switch (mfa.checkCode(userId, code)) {
            case NO_FACTOR -> throw new ProblemException(ProblemType.CONFLICT,
                    "The account has no second factor; set one up at POST /api/v1/users/me/mfa/totp.");
            case FAILED -> {
                attempts.failed(userId, client, now);
                audit.record(AuditType.MFA_STEP_UP, userId, client, Map.of("outcome", "failed"));
                metrics.counter("accounts.mfa.step.ups", "outcome", "failed").increment();
                throw codeRefused();
            }
            case PASSED -> {
            }
        }
        attempts.succeeded(userId, client);
        List<String> amr = new ArrayList<>(methods);
        if (!amr.contains("otp")) {
            amr.add("otp");
        }
        AccessTokens.Issued issued = accessTokens.issue(user, new Sessions.SessionClaims(sessionId, now, List.copyOf(amr)));
        audit.record(AuditType.MFA_STEP_UP, userId, client, Map.of("outcome", "passed"));
        metrics.counter("accounts.mfa.step.ups", "outcome", "passed").increment();
        return new StepUpToken(issued.token(), "Bearer", issued.expiresInSeconds());
    }

    private static ProblemException codeRefused() {
        return new ProblemException(ProblemType.MFA_CODE_INVALID,
                "The code is not correct (or too many wrong ones were tried from here: wait a while and try again).");
    }
}
