package dev.accounts.user;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.config.AccountsConfig;
import dev.accounts.http.ClientInfo;
import dev.accounts.mail.MailQueue;
import dev.accounts.mail.MailTemplate;
import dev.accounts.mail.PasswordChangedMail;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import dev.accounts.security.PasswordHasher;
import dev.accounts.security.PasswordPolicy;
import dev.accounts.session.Sessions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Self-service on one's own account: profile, password, erasure. */
@ApplicationScoped
public class UserService {

    @Inject
    PasswordHasher passwordHasher;

    @Inject
    PasswordPolicy passwordPolicy;

    @Inject
    AuditLog audit;

    @Inject
    Sessions sessions;

    @Inject
    AccountErasure erasure;

    @Inject
    LoginAttempts attempts;

    @Inject
    AccountsConfig config;

    @Inject
    MeterRegistry metrics;

    @Inject
    Clock clock;

    @Inject
    MailQueue outbox;

    @Inject
    CurrentPasswordCheck currentPassword;

    /** One statement, outside any transaction (see {@link User#findActiveProfile}). */
    public UserProfile profile(UUID userId) {
        return User.findActiveProfile(userId).orElseThrow(UserService::notActive);
    }

    /** Applies the display name; {@code ""} removes it, null leaves it as it is. */
    @Transactional
    public UserProfile updateProfile(UUID userId, ProfileUpdate update) {
        User user = active(userId);
        if (update.displayName() != null) {
            String name = null;
            if (!update.displayName().isBlank()) {
                name = DisplayNames.clean(update.displayName())
                        .orElseThrow(() -> ProblemException.invalidField("displayName", DisplayNames.RULE));
            }
            if (!Objects.equals(name, user.displayName)) {
                user.displayName = name;
                user.updatedAt = clock.instant();
            }
        }
        return profileOf(user);
    }

    /**
     * Replaces the password after checking the current one, and revokes every refresh token of the
     * account: whoever else held a session must log in again. Both argon2 operations run outside any
     * transaction.
     *
     * <p>A wrong current password is an oracle for whoever holds a stolen access token: each one counts in
     * the client's lockout as a wrong login password does ({@link LoginAttempts}), is audited, and after
     * {@code accounts.password.change-max-failures} in a row the session of the token (its refresh family and
     * the account's access tokens) is ended, so that the thief has to log in, which needs the password. A
     * client locked out by its failures is refused before any check.
     *
     * @param sessionId the token's {@code sid}, or null for a token without one
     */
    public void changePassword(UUID userId, UUID sessionId, PasswordChange change, ClientInfo client) {
        Snapshot snapshot = QuarkusTransaction.requiringNew().call(() -> {
            User user = active(userId);
            Instant now = clock.instant();
            Optional<Instant> lockedUntil = attempts.lockedUntil(userId, client, now);
            if (lockedUntil.isPresent()) {
                // As the throttle's 429 does: Retry-After says when a retry can succeed (the lock's end).
                long seconds = ProblemException.secondsUntil(now, lockedUntil.get());
                throw ProblemException.tooManyRequests(
                        "Too many wrong passwords from this client: try again in " + seconds + " s.", seconds);
            }
            return Snapshot.of(user);
        });
        if (!passwordHasher.verify(PasswordPolicy.normalize(change.currentPassword()), snapshot.passwordHash())) {
            boolean sessionEnded = QuarkusTransaction.requiringNew()
                    .call(() -> wrongCurrentPassword(userId, sessionId, client, clock.instant()));
            if (sessionEnded) {
                throw new ProblemException(ProblemType.UNAUTHORIZED,
                        "Too many wrong current passwords: this session has ended. Log in again.");
            }
            throw ProblemException.invalidField("currentPassword", "is not your current password");
        }
        String newPassword = PasswordPolicy.normalize(change.newPassword());
        Optional<String> refused = passwordPolicy.check(newPassword, snapshot.normalizedEmail(), snapshot.displayName());
        if (refused.isPresent()) {
            throw ProblemException.invalidField("newPassword", refused.get());
        }
        String newHash = passwordHasher.hash(newPassword);
        QuarkusTransaction.requiringNew().run(() -> {
            User user = active(userId);
            if (!user.passwordHash.equals(snapshot.passwordHash())) {
                // Changed by a concurrent request since it was checked: the "current" one no longer is.
                throw ProblemException.invalidField("currentPassword", "is not your current password");
            }
            Instant now = clock.instant();
            user.passwordHash = newHash;
            user.updatedAt = now;
            User.clearPasswordChangeFailures(userId);
            attempts.succeeded(userId, client);
            sessions.revokeAll(userId, now);
            audit.record(AuditType.PASSWORD_CHANGED, userId, client, null);
            // The owner learns of it, from whichever device: a thief who changed it is found out.
            outbox.enqueue(userId, user.email, MailTemplate.PASSWORD_CHANGED, PasswordChangedMail.payload(now,
                    PasswordChangedMail.How.CHANGE, config.passwordReset().requestPageUrl()), now);
        });
    }

    /** Counts, audits and, at the limit, ends the session; true when it did. Never the password, in any form. */
    private boolean wrongCurrentPassword(UUID userId, UUID sessionId, ClientInfo client, Instant now) {
        attempts.failed(userId, client, now);
        int failures = User.recordPasswordChangeFailure(userId, now, config.lockout().decay());
        audit.record(AuditType.PASSWORD_CHANGE_FAILED, userId, client, Map.of("failures", failures));
        metrics.counter("accounts.password.change.failures").increment();
        if (failures < config.password().changeMaxFailures()) {
            return false;
        }
        User.clearPasswordChangeFailures(userId);
        if (sessionId != null) {
            sessions.revoke(userId, sessionId, now);
        }
        // The token's own access tokens die with the others issued before now (iat, whole seconds).
        sessions.invalidateAccessTokens(userId, now);
        audit.record(AuditType.SESSIONS_REVOKED, userId, client, Map.of("scope", "one", "reason", "password-change-failures"));
        return true;
    }

    /**
     * Erases the account once the current password proves that its owner, not merely a token holder, asks
     * (SPEC: "bearer (current password)"; {@link CurrentPasswordCheck}: a wrong one counts in the lockout, is
     * audited and counted with action {@code delete-account}). The database takes the registration, roles,
     * tokens and queued mail with the account and keeps the audit events, detached (user_id NULL); none of
     * them holds the email address. The argon2 check runs outside any transaction.
     */
    public void delete(UUID userId, AccountDeletion deletion, ClientInfo client) {
        Snapshot snapshot = QuarkusTransaction.requiringNew().call(() -> Snapshot.of(active(userId)));
        currentPassword.require(userId, snapshot.passwordHash(), deletion.currentPassword(), "delete-account", client);
        QuarkusTransaction.requiringNew().run(() -> {
            // The last active administrator may not erase itself either: nobody could make another one.
            User.lockAdminSet();
            User user = active(userId);
            if (!user.passwordHash.equals(snapshot.passwordHash())) {
                // Changed by a concurrent request since it was checked: the "current" one no longer is.
                throw CurrentPasswordCheck.refused();
            }
            if (user.isActiveAdmin() && User.countActiveAdminsExcept(userId) == 0) {
                throw new ProblemException(ProblemType.CONFLICT,
                        "This is the last active administrator; make another one first.");
            }
            erasure.erase(userId, client, null);
        });
    }

    /** The account of a verified access token; one erased or disabled since the token was issued is refused. */
    private static User active(UUID userId) {
        return User.<User>findByIdOptional(userId)
                .filter(user -> user.status == UserStatus.ACTIVE)
                .orElseThrow(UserService::notActive);
    }

    private static ProblemException notActive() {
        return new ProblemException(ProblemType.UNAUTHORIZED,
                "The account of this access token does not exist or is not active.");
    }

    private static UserProfile profileOf(User user) {
        return UserProfile.of(user, User.activatedAt(user.id).orElse(null));
    }

    private record Snapshot(String normalizedEmail, String passwordHash, String displayName) {
        static Snapshot of(User user) {
            return new Snapshot(user.emailNormalized, user.passwordHash, user.displayName);
        }

        @Override
        public String toString() {
            return "Snapshot[***]";
        }
    }
}
