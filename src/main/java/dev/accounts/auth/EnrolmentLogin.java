package dev.accounts.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.http.ClientInfo;
import dev.accounts.mfa.LoginAfterEnrolment;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import dev.accounts.session.Sessions;
import dev.accounts.user.LoginAttempts;
import dev.accounts.user.User;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The end of a login that a role's enrolment interrupted: the password was right at the login, the code
 * just now at the confirmation, so the pair is issued with amr pwd, otp, as /auth/mfa/verify would.
 */
@ApplicationScoped
// Serialized through EnrolmentCompleted's Object field, which the native image's Jackson cannot see statically.
@RegisterForReflection(targets = TokenResponse.class)
class EnrolmentLogin implements LoginAfterEnrolment {

    @Inject
    AccessTokens accessTokens;

    @Inject
    Sessions sessions;

    @Inject
    LoginAttempts attempts;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Object tokens(UUID userId, ClientInfo client) {
        Instant now = clock.instant();
        User user = User.findById(userId);
        // Disabled, locked or erased since the login's first step: the factor stays, the tokens do not come.
        if (user == null || LoginFailure.ofAccount(user, now).isPresent() || attempts.isLocked(userId, client, now)
                || !User.recordLogin(userId, now)) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The second factor is set up, but the account cannot log in now.");
        }
        attempts.succeeded(userId, client);
        Sessions.IssuedRefreshToken refresh = sessions.start(userId, now, new Sessions.Authentication(List.of("pwd", "otp"), client));
        TokenResponse tokens = TokenResponse.of(accessTokens.issue(user, refresh.session()), refresh.token(), refresh.expiresInSeconds());
        audit.record(AuditType.LOGIN_SUCCEEDED, userId, client, Map.of("amr", "pwd,otp", "enrolment", true));
        return tokens;
    }
}
